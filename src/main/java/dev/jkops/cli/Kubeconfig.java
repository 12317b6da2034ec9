package dev.jkops.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.jkops.api.JsonTrees;
import dev.jkops.api.SafePaths;
import dev.jkops.api.YamlTreeWriter;
import dev.jkops.cloud.Cloud;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The user's kubeconfig, found, read and changed as kubectl and kops do it.
 *
 * <p>Where: {@code --kubeconfig FILE} when given; else every file of {@code $KUBECONFIG} (kubectl's
 * merge: for the current context and for each named entry, the first file that has it wins), a
 * change going to its only file, else to the first that exists, else to the last; else {@code
 * ~/.kube/config}.
 *
 * <p>What a cluster's export writes (kops' {@code WriteKubecfg}): a cluster entry named after the
 * cluster with the API's address and CA; a context of the same name pointing at it, made current;
 * and a user only when there is a credential to write: {@code --admin}'s client certificate goes in
 * a user named after the cluster, {@code --user U} points the context at a user the file already
 * has, and without either the context keeps the user it had, so an {@code update cluster --yes}
 * does not take away the credentials {@code create cluster --yes} exported. Files are written
 * whole, atomically, mode 0600 (kubectl's own mode for them), through a symbolic link as kubectl
 * writes.
 *
 * <p>Read with jackson-core's YAML parser into {@link JsonTrees}' trees and written with {@link
 * YamlTreeWriter}: every {@code update cluster --yes} exports, and a mapper's start would be most
 * of the cost.
 */
final class Kubeconfig {
  /** {@code --admin} without a value: kops' {@code DefaultKubecfgAdminLifetime}. */
  static final Duration ADMIN_LIFETIME = Duration.ofHours(18);

  static final String ADMIN_LIFETIME_TEXT = "18h0m0s";

  private static final YAMLFactory YAML =
      YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The files kubectl reads, in order, and the one a change is written to. */
  record Files(List<Path> read, Path write) {
    /** As kubectl finds them from {@code env} ({@code KUBECONFIG}, {@code HOME}). */
    static Files of(Map<String, String> env, Path explicit) {
      if (explicit != null) {
        return new Files(List.of(explicit), explicit);
      }
      String list = env.get("KUBECONFIG");
      if (list != null && !list.isBlank()) {
        Set<Path> paths = new LinkedHashSet<>();
        for (String entry : list.split(File.pathSeparator)) {
          if (!entry.isBlank()) {
            paths.add(Path.of(entry));
          }
        }
        List<Path> read = List.copyOf(paths);
        if (!read.isEmpty()) {
          return new Files(read, writeTarget(read));
        }
      }
      String home = env.getOrDefault("HOME", System.getProperty("user.home"));
      Path file = Path.of(home, ".kube", "config");
      return new Files(List.of(file), file);
    }

    /** clientcmd's default file: the only one, else the first that exists, else the last. */
    private static Path writeTarget(List<Path> read) {
      if (read.size() > 1) {
        for (Path p : read) {
          if (java.nio.file.Files.exists(p)) {
            return p;
          }
        }
      }
      return read.get(read.size() - 1);
    }

    /** The files as a user would list them in an error. */
    String describe() {
      return read.size() == 1
          ? read.get(0).toString()
          : String.join(File.pathSeparator, read.stream().map(Path::toString).toList());
    }
  }

  private final Files files;
  private final Map<Path, ObjectNode> trees;

  private Kubeconfig(Files files, Map<Path, ObjectNode> trees) {
    this.files = files;
    this.trees = trees;
  }

  /**
   * Reads every file that exists; one that is not a kubeconfig is an error naming it, before
   * anything is changed.
   */
  static Kubeconfig read(Files files) {
    Map<Path, ObjectNode> trees = new LinkedHashMap<>();
    Set<Path> all = new LinkedHashSet<>(files.read());
    all.add(files.write());
    for (Path file : all) {
      if (java.nio.file.Files.exists(file)) {
        trees.put(file, parse(file));
      }
    }
    return new Kubeconfig(files, trees);
  }

  private static ObjectNode parse(Path file) {
    JsonNode n;
    try (JsonParser p = YAML.createParser(java.nio.file.Files.readAllBytes(file))) {
      n = JsonTrees.read(p);
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      throw new CommandException(
          file
              + " is not a kubeconfig jkops can read ("
              + why.lines().findFirst().orElse("")
              + "); fix it, or name another with --kubeconfig or KUBECONFIG",
          e);
    }
    if (n.isMissingNode() || n.isNull()) {
      return emptyConfig();
    }
    if (!(n instanceof ObjectNode o)) {
      throw new CommandException(
          file
              + " is not a kubeconfig (not a YAML mapping); fix it, or name another with"
              + " --kubeconfig or KUBECONFIG");
    }
    return o;
  }

  private static ObjectNode emptyConfig() {
    ObjectNode n = NODES.objectNode().put("apiVersion", "v1").put("kind", "Config");
    n.putObject("preferences");
    return n;
  }

  /**
   * The cluster of the current context, as kops takes it when a command is given no cluster name:
   * the current context of the first file that sets one, that context's {@code cluster} from the
   * first file that defines it. Empty, with a reason to {@code warn}, when the context is missing
   * or names no cluster; empty and silent when there is no current context.
   */
  Optional<String> currentCluster(Consumer<String> warn) {
    String current = null;
    for (ObjectNode tree : trees.values()) {
      String c = tree.path("current-context").asText("");
      if (!c.isEmpty()) {
        current = c;
        break;
      }
    }
    if (current == null) {
      return Optional.empty();
    }
    Optional<ObjectNode> context = named("contexts", current).map(e -> object(e.path("context")));
    if (context.isEmpty()) {
      warn.accept(
          "the current context \"" + current + "\" is not in kubeconfig " + files.describe());
      return Optional.empty();
    }
    String cluster = context.get().path("cluster").asText("");
    if (cluster.isEmpty()) {
      warn.accept(
          "the current context \""
              + current
              + "\" in kubeconfig "
              + files.describe()
              + " names no cluster");
      return Optional.empty();
    }
    return Optional.of(cluster);
  }

  /** Refuses {@code --user U} for a user no file has, before anything is applied or written. */
  void requireUser(String user) {
    if (named("users", user).isEmpty()) {
      throw new CommandException(
          "--user "
              + user
              + ": kubeconfig "
              + files.describe()
              + " has no user of that name; name one it has, or use --admin for a new"
              + " credential. Nothing was changed");
    }
  }

  /** What an export wrote, and whether the context it made current has a user with credentials. */
  record Exported(Path file, boolean hasCredentials) {}

  /**
   * Writes {@code name}'s cluster, context and (with a client certificate in {@code access}) user,
   * or points the context at {@code existingUser}; makes the context current.
   */
  Exported export(String name, Cloud.KubeAccess access, Optional<String> existingUser) {
    existingUser.ifPresent(this::requireUser);
    Path file = files.write();
    ObjectNode config = trees.computeIfAbsent(file, f -> emptyConfig());
    Base64.Encoder b64 = Base64.getEncoder();

    ObjectNode cluster = entry(config, "clusters", "cluster", name);
    cluster.put("server", access.server());
    cluster.remove("certificate-authority"); // a file path beside the data is refused by kubectl
    cluster.put(
        "certificate-authority-data",
        b64.encodeToString(access.caPem().getBytes(StandardCharsets.UTF_8)));

    ObjectNode context = entry(config, "contexts", "context", name);
    context.put("cluster", name);
    if (access.clientCertificatePem().isPresent() && access.clientKeyPem().isPresent()) {
      ObjectNode user = entry(config, "users", "user", name);
      user.remove(List.of("client-certificate", "client-key"));
      user.put(
          "client-certificate-data",
          b64.encodeToString(access.clientCertificatePem().get().getBytes(StandardCharsets.UTF_8)));
      user.put(
          "client-key-data",
          b64.encodeToString(access.clientKeyPem().get().getBytes(StandardCharsets.UTF_8)));
      context.put("user", name);
    } else {
      existingUser.ifPresent(u -> context.put("user", u));
    }
    config.put("current-context", name);
    write(file, config);
    String user = context.path("user").asText("");
    return new Exported(file, !user.isEmpty() && hasCredentials(user));
  }

  /**
   * Takes {@code name}'s cluster, context and users (its own, and kops' {@code NAME-basic-auth})
   * out of every file that has them, and unsets the current context where it was this one, as kops'
   * {@code delete cluster} does. The files it changed; none when no file had them.
   */
  List<Path> remove(String name) {
    List<Path> changed = new ArrayList<>();
    for (Map.Entry<Path, ObjectNode> e : trees.entrySet()) {
      ObjectNode config = e.getValue();
      boolean any = removeNamed(config, "clusters", name);
      any |= removeNamed(config, "contexts", name);
      any |= removeNamed(config, "users", name);
      any |= removeNamed(config, "users", name + "-basic-auth");
      if (name.equals(config.path("current-context").asText(""))) {
        config.put("current-context", "");
        any = true;
      }
      if (any) {
        write(e.getKey(), config);
        changed.add(e.getKey());
      }
    }
    return changed;
  }

  /** Whether user {@code user} (first file that has it) carries any way to authenticate. */
  private boolean hasCredentials(String user) {
    JsonNode u = named("users", user).map(e -> e.path("user")).orElse(NODES.missingNode());
    for (String field :
        List.of(
            "client-certificate-data",
            "client-certificate",
            "token",
            "tokenFile",
            "exec",
            "auth-provider",
            "username")) {
      if (!u.path(field).isMissingNode() && !u.path(field).isNull()) {
        return true;
      }
    }
    return false;
  }

  /** The entry named {@code name} of list {@code field} in the first file that has one. */
  private Optional<JsonNode> named(String field, String name) {
    for (ObjectNode tree : trees.values()) {
      for (JsonNode e : tree.path(field)) {
        if (name.equals(e.path("name").asText(null))) {
          return Optional.of(e);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The object under {@code inner} of the entry named {@code name} in list {@code field} of {@code
   * config}, made (with the list) when missing; other fields of an existing one are kept.
   */
  private static ObjectNode entry(ObjectNode config, String field, String inner, String name) {
    ArrayNode list =
        config.path(field).isArray() ? (ArrayNode) config.get(field) : config.putArray(field);
    for (JsonNode e : list) {
      if (e instanceof ObjectNode o && name.equals(o.path("name").asText(null))) {
        if (!(o.get(inner) instanceof ObjectNode)) {
          o.putObject(inner);
        }
        return (ObjectNode) o.get(inner);
      }
    }
    ObjectNode e = list.addObject();
    ObjectNode value = e.putObject(inner);
    e.put("name", name);
    return value;
  }

  private static boolean removeNamed(ObjectNode config, String field, String name) {
    if (!(config.get(field) instanceof ArrayNode list)) {
      return false;
    }
    boolean removed = false;
    for (int i = list.size() - 1; i >= 0; i--) {
      if (name.equals(list.get(i).path("name").asText(null))) {
        list.remove(i);
        removed = true;
      }
    }
    return removed;
  }

  /**
   * The file a write of {@code file} goes to: through a symbolic link, as kubectl writes (a
   * kubeconfig kept in a dotfiles repository and linked to stays linked), else the file itself.
   */
  private static Path linkTarget(Path file) throws IOException {
    Path p = file;
    for (int hops = 0; hops < 40 && java.nio.file.Files.isSymbolicLink(p); hops++) {
      Path link = java.nio.file.Files.readSymbolicLink(p);
      Path parent = p.toAbsolutePath().getParent();
      p = parent == null ? link : parent.resolve(link);
    }
    return p;
  }

  private static ObjectNode object(JsonNode n) {
    return n instanceof ObjectNode o ? o : NODES.objectNode();
  }

  private static void write(Path file, ObjectNode config) {
    try {
      Path target = linkTarget(file);
      Path dir = target.toAbsolutePath().getParent();
      java.nio.file.Files.createDirectories(dir);
      SafePaths.writeAtomically(
          target,
          YamlTreeWriter.write(config, YAML).getBytes(StandardCharsets.UTF_8),
          SafePaths.PRIVATE_FILE);
    } catch (IOException e) {
      throw new CommandException("cannot write kubeconfig " + file + ": " + e.getMessage(), e);
    }
  }
}
