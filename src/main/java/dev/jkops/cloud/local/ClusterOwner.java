package dev.jkops.cloud.local;

import dev.jkops.api.SafePaths;
import dev.jkops.cloud.local.design.LocalCloudException;
import dev.jkops.cloud.local.handlers.LocalContext;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.kernel.Link;
import dev.jkops.cloud.local.runtime.ClusterNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Which cluster a runtime dir and the {@code jk-<id>-} namespaces on this machine belong to. The
 * cluster id is a hash of the name, so the same name in two state stores (or two names whose hashes
 * meet) maps to the same namespaces and directory; this record, kept in {@code <runtime>/owner}
 * and, by its creation id, in the VPC namespace's loopback alias, lets every command that changes
 * or deletes the cluster's machine state first make sure it is its own.
 *
 * @param cluster the cluster's name
 * @param store the state store's location ({@code file:///...}, {@code s3://...})
 * @param creationId random, made when this machine first brought the cluster up; tells apart two
 *     runtime dirs (two {@code JKOPS_RUNTIME_DIR}s) that reach the same namespaces
 */
public record ClusterOwner(String cluster, String store, String creationId) {
  public static final String FILE = "owner";

  /** The key in the VPC loopback's alias: {@code jk owner=<creationId>}. */
  static final String ALIAS_KEY = "owner";

  private static final String LOOPBACK = "lo";

  /** The claimant's record: whoever asks for the cluster {@code cluster} of store {@code store}. */
  public static ClusterOwner claimant(String cluster, String storeLocation) {
    return new ClusterOwner(cluster, canonicalStore(storeLocation), "");
  }

  /**
   * One spelling per store: {@code /x}, {@code file:///x} and {@code file:///a/../x} are one store,
   * so each names the same owner.
   */
  static String canonicalStore(String location) {
    String l = location.trim().replace("\n", " ");
    if (l.startsWith("s3://")) {
      return l.replaceAll("/+$", "");
    }
    String path = l.startsWith("file://") ? l.substring("file://".length()) : l;
    try {
      return "file://" + Path.of(path).toAbsolutePath().normalize();
    } catch (java.nio.file.InvalidPathException e) {
      return l;
    }
  }

  /**
   * Refuses (with what to do) when the runtime dir or the VPC namespace of {@code names} belongs to
   * another cluster than this one's name and store; returns the recorded owner when there is one.
   * Reads only.
   */
  public Optional<ClusterOwner> verify(Kernel kernel, ClusterNames names) {
    Optional<ClusterOwner> recorded = read(names);
    Path dir = names.runtimeDir();
    if (recorded.isEmpty() && hasContent(dir)) {
      throw new LocalCloudException(
          "the runtime dir "
              + dir
              + " of cluster "
              + cluster
              + " holds files but no owner"
              + " record ("
              + dir.resolve(FILE)
              + "), so jkops cannot tell whose they are: another cluster whose id"
              + " ("
              + names.id()
              + ") is the same, or an older jkops's. Refusing to use or delete it. If it is no"
              + " cluster's, remove it by hand ('rm -r "
              + dir
              + "') and run the command again");
    }
    if (recorded.isPresent()
        && !(recorded.get().cluster.equals(cluster) && recorded.get().store.equals(store))) {
      ClusterOwner r = recorded.get();
      throw new LocalCloudException(
          "the runtime dir "
              + dir
              + " belongs to cluster "
              + r.cluster
              + " of state store "
              + r.store
              + ", not to cluster "
              + cluster
              + " of state store "
              + store
              + ": both map to the local cluster"
              + " id "
              + names.id()
              + ". Refusing to touch it or that cluster's namespaces ("
              + names.prefix()
              + "*). Use "
              + (r.cluster.equals(cluster)
                  ? "--state " + r.store + " to reach that cluster, or"
                  : "")
              + " another"
              + " cluster name, or another JKOPS_RUNTIME_DIR");
    }
    Optional<String> marked = vpcMark(kernel, names);
    if (marked.isPresent()
        && recorded.isPresent()
        && !marked.get().equals(recorded.get().creationId)) {
      throw new LocalCloudException(
          "the VPC namespace "
              + names.vpcNamespace()
              + " was made for creation "
              + marked.get()
              + " of local cluster "
              + names.id()
              + ", but the runtime dir "
              + dir
              + " records creation "
              + recorded.get().creationId
              + ": another runtime dir (JKOPS_RUNTIME_DIR) of a cluster with the same id owns"
              + " these namespaces. Refusing to touch them; run the command with that runtime dir, or delete that"
              + " cluster first");
    }
    if (marked.isPresent() && recorded.isEmpty()) {
      throw new LocalCloudException(
          "the namespaces "
              + names.prefix()
              + "* belong to local cluster creation "
              + marked.get()
              + ", but this cluster's runtime dir "
              + dir
              + " is missing: they were made with another"
              + " runtime dir (JKOPS_RUNTIME_DIR), for this cluster or for another one whose id is the same. Refusing to"
              + " touch them; run the command with the JKOPS_RUNTIME_DIR that made them");
    }
    return recorded;
  }

  /**
   * Before the first change: verifies, then makes the runtime dir (0700, checked as this user's)
   * and records this cluster as its owner. Returns the owner, with its creation id.
   */
  public ClusterOwner claim(Kernel kernel, ClusterNames names) {
    Optional<ClusterOwner> recorded = verify(kernel, names);
    if (recorded.isPresent()) {
      return recorded.get();
    }
    ClusterOwner owner =
        new ClusterOwner(cluster, store, UUID.randomUUID().toString().replace("-", ""));
    SafePaths.ensureOwnedDir(
        names.runtimeBase(), names.runtimeDir(), SafePaths.PRIVATE_DIR, "runtime dir");
    try {
      SafePaths.writeAtomically(
          names.runtimeDir().resolve(FILE),
          owner.text().getBytes(StandardCharsets.UTF_8),
          SafePaths.READABLE_FILE);
    } catch (IOException e) {
      throw new LocalCloudException(
          "cannot write " + names.runtimeDir().resolve(FILE) + ": " + e.getMessage());
    }
    return owner;
  }

  /**
   * The VPC loopback's alias that marks it this owner's: what {@link #markVpc} writes, and what the
   * VPC router's handler writes as it makes the namespace.
   */
  public String vpcAlias() {
    return LocalContext.alias(Map.of(ALIAS_KEY, creationId));
  }

  /** After the VPC namespace exists: writes this owner's creation id into its loopback's alias. */
  public void markVpc(Kernel kernel, ClusterNames names) {
    if (kernel.netns().exists(names.vpcNamespace()) && vpcMark(kernel, names).isEmpty()) {
      kernel.ip(names.vpcNamespace()).setAlias(LOOPBACK, vpcAlias());
    }
  }

  /** The owner recorded in the runtime dir, if any. */
  public static Optional<ClusterOwner> read(ClusterNames names) {
    Path file = names.runtimeDir().resolve(FILE);
    if (!Files.exists(names.runtimeDir(), LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    SafePaths.checkOwnedDir(names.runtimeDir(), "runtime dir");
    String text;
    try {
      text =
          new String(
              SafePaths.readRegularFile(file, 64 * 1024, "owner record"), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new LocalCloudException("cannot read " + file + ": " + e.getMessage());
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int colon = line.indexOf(": ");
      if (colon > 0) {
        fields.put(line.substring(0, colon), line.substring(colon + 2));
      }
    }
    if (!fields.containsKey("cluster")
        || !fields.containsKey("store")
        || !fields.containsKey("creationId")) {
      throw new LocalCloudException(
          file
              + " is not an owner record (it needs cluster, store and creationId);"
              + " it was changed by hand. Restore it, or remove the runtime dir "
              + names.runtimeDir()
              + " by hand");
    }
    return Optional.of(
        new ClusterOwner(fields.get("cluster"), fields.get("store"), fields.get("creationId")));
  }

  /** The creation id in the VPC loopback's alias, if the namespace exists and carries one. */
  static Optional<String> vpcMark(Kernel kernel, ClusterNames names) {
    if (!kernel.netns().exists(names.vpcNamespace()) || !Prerequisites.isRoot()) {
      return Optional
          .empty(); // only root enters a namespace; without root nothing is changed either
    }
    return kernel
        .ip(names.vpcNamespace())
        .link(LOOPBACK)
        .map(Link::alias)
        .filter(a -> a.startsWith(LocalContext.ALIAS_PREFIX + ALIAS_KEY + "="))
        .map(a -> LocalContext.parseAlias(a).get(ALIAS_KEY));
  }

  String text() {
    return "# which cluster this runtime dir belongs to; jkops refuses to touch it for any other\n"
        + "cluster: "
        + cluster
        + "\nstore: "
        + store.replace("\n", " ")
        + "\ncreationId: "
        + creationId
        + "\n";
  }

  private static boolean hasContent(Path dir) {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try (var s = Files.list(dir)) {
      return s.anyMatch(p -> !p.getFileName().toString().startsWith("." + FILE + "."));
    } catch (IOException e) {
      throw new LocalCloudException("cannot list " + dir + ": " + e.getMessage());
    }
  }
}
