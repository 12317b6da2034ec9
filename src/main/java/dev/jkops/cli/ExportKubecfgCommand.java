package dev.jkops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jkops.api.store.ClusterStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jkops export kubecfg NAME [--admin] [--kubeconfig FILE]}, as kops does it: a cluster, a
 * user and a context named after the cluster, merged into the kubeconfig ({@code --kubeconfig},
 * else the first file of {@code $KUBECONFIG}, else {@code ~/.kube/config}), which becomes the
 * current context; the file is written mode 0600. With {@code --admin} the user holds a client
 * certificate issued by the cluster CA (user admin, group system:masters); without it the user has
 * no credentials, as in kops, and the API answers 401.
 */
@Command(
    name = "kubecfg",
    description = "Write a kubectl context for a local cluster's Kubernetes API.")
final class ExportKubecfgCommand implements Callable<Integer> {
  private static final ObjectMapper YAML =
      new ObjectMapper(
          new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()
              .disable(
                  com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature
                      .WRITE_DOC_START_MARKER));

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption clusterName;

  @Parameters(
      arity = "0..1",
      paramLabel = "NAME",
      description = "Cluster name (or --name, or $KOPS_CLUSTER_NAME).")
  String positionalName;

  @Option(
      names = "--admin",
      description = "Include a client certificate with cluster-admin rights.")
  boolean admin;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "The kubeconfig to write (default: $KUBECONFIG, else ~/.kube/config).")
  Path kubeconfig;

  @Override
  public Integer call() {
    String name = clusterName.resolve(positionalName);
    ClusterStore clusters = store.open();
    ClusterStore.Stored stored = clusters.require(name);
    dev.jkops.cloud.Cloud.KubeAccess access =
        CloudCommands.cloud(clusters, stored, store.env()).kubeAccess(admin);
    Path file = target();
    ObjectNode config = read(file);
    Base64.Encoder b64 = Base64.getEncoder();
    ObjectNode cluster = YAML.createObjectNode();
    cluster
        .put(
            "certificate-authority-data",
            b64.encodeToString(access.caPem().getBytes(StandardCharsets.UTF_8)))
        .put("server", access.server());
    ObjectNode user = YAML.createObjectNode();
    access
        .clientCertificatePem()
        .ifPresent(
            pem ->
                user.put(
                    "client-certificate-data",
                    b64.encodeToString(pem.getBytes(StandardCharsets.UTF_8))));
    access
        .clientKeyPem()
        .ifPresent(
            pem ->
                user.put(
                    "client-key-data", b64.encodeToString(pem.getBytes(StandardCharsets.UTF_8))));
    ObjectNode context = YAML.createObjectNode().put("cluster", name).put("user", name);
    upsert(config, "clusters", "cluster", name, cluster);
    upsert(config, "users", "user", name, user);
    upsert(config, "contexts", "context", name, context);
    config.put("current-context", name);
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      dev.jkops.api.SafePaths.writeAtomically(
          file, YAML.writeValueAsBytes(config), dev.jkops.api.SafePaths.PRIVATE_FILE);
    } catch (IOException e) {
      throw new CommandException("cannot write " + file + ": " + e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("jkops has set your kubectl context to " + name + " (in " + file + ")");
    if (!admin) {
      spec.commandLine()
          .getErr()
          .println(
              Warnings.PREFIX
                  + "no credentials exported: kubectl gets 401 Unauthorized"
                  + " from the cluster; export with --admin for a client certificate");
      spec.commandLine().getErr().flush();
    }
    out.flush();
    return 0;
  }

  private Path target() {
    if (kubeconfig != null) {
      return kubeconfig;
    }
    String env = store.env().get("KUBECONFIG");
    if (env != null && !env.isBlank()) {
      return Path.of(env.split(":")[0]);
    }
    String home = store.env().getOrDefault("HOME", System.getProperty("user.home"));
    return Path.of(home, ".kube", "config");
  }

  private static ObjectNode read(Path file) {
    if (!Files.exists(file)) {
      ObjectNode n = YAML.createObjectNode().put("apiVersion", "v1").put("kind", "Config");
      n.putObject("preferences");
      return n;
    }
    try {
      JsonNode n = YAML.readTree(file.toFile());
      if (n == null || n.isMissingNode() || n.isNull()) {
        return YAML.createObjectNode().put("apiVersion", "v1").put("kind", "Config");
      }
      if (!(n instanceof ObjectNode o)) {
        throw new CommandException(
            file + " is not a kubeconfig (not a YAML mapping); give another with --kubeconfig");
      }
      return o;
    } catch (IOException e) {
      throw new CommandException(
          file
              + " is not a kubeconfig jkops can read ("
              + e.getMessage().lines().findFirst().orElse("")
              + "); fix it or give another with --kubeconfig",
          e);
    }
  }

  /**
   * Replaces the entry named {@code name} in list {@code field} (or adds it), as kubectl config
   * set-* does.
   */
  private static void upsert(
      ObjectNode config, String field, String inner, String name, ObjectNode value) {
    ArrayNode list =
        config.path(field).isArray() ? (ArrayNode) config.get(field) : config.putArray(field);
    for (int i = 0; i < list.size(); i++) {
      if (name.equals(list.get(i).path("name").asText())) {
        list.remove(i);
        i--;
      }
    }
    ObjectNode entry = list.addObject();
    entry.set(inner, value);
    entry.put("name", name);
  }
}
