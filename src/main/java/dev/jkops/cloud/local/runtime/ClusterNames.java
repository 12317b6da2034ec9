package dev.jkops.cloud.local.runtime;

import dev.jkops.cloud.local.kernel.HashedNames;
import dev.jkops.cloud.local.kernel.NamespaceName;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Every name and path the local cloud uses for one cluster. The cluster id is a stable hash of the
 * cluster name, so two clusters (even with the same CIDRs) never share a namespace, an interface or
 * a file, and namespace names stay short. Twelve hex digits (48 bits): a chance collision between
 * any two of a million names is about 1 in 500; one found on purpose (a brute force of 2^48 hashes)
 * or the same name in two state stores is caught by {@code cloud.local.ClusterOwner}, which every
 * command that changes or deletes the cluster checks first. Longer ids would lengthen the etcd
 * socket path, which a unix socket caps at 107 bytes.
 *
 * @param clusterName the cluster's name, e.g. {@code c.example.com}
 * @param id twelve hex digits of the SHA-256 of the name
 * @param runtimeBase where per-cluster runtime files live ({@code /var/lib/jkops} unless {@code
 *     JKOPS_RUNTIME_DIR} says otherwise)
 */
public record ClusterNames(String clusterName, String id, Path runtimeBase) {

  public static final Path DEFAULT_RUNTIME_BASE = Path.of("/var/lib/jkops");

  public static final String RUNTIME_DIR_ENV = "JKOPS_RUNTIME_DIR";

  /** Hex digits in a cluster id. */
  public static final int ID_DIGITS = 12;

  /**
   * Mixed into the cluster id when set. Unset for users; the build sets it to the checkout's path
   * so two checkouts running the same tests on one machine never share a namespace or a directory.
   */
  public static final String ID_SALT_ENV = "JKOPS_CLUSTER_ID_SALT";

  public static ClusterNames of(String clusterName) {
    return of(clusterName, System.getenv());
  }

  /**
   * Names for a cluster, with the runtime base from {@code JKOPS_RUNTIME_DIR} in {@code env} if
   * set.
   */
  public static ClusterNames of(String clusterName, java.util.Map<String, String> env) {
    String dir = env.get(RUNTIME_DIR_ENV);
    return of(clusterName, dir == null || dir.isBlank() ? DEFAULT_RUNTIME_BASE : Path.of(dir));
  }

  public static ClusterNames of(String clusterName, Path runtimeBase) {
    // The salt is read from the process environment on every path, so a test and the CLI it runs
    // in-process always agree on the id.
    String salt = System.getenv(ID_SALT_ENV);
    String hashed = salt == null || salt.isBlank() ? clusterName : salt + "\n" + clusterName;
    return new ClusterNames(clusterName, shortHash(hashed, ID_DIGITS), runtimeBase);
  }

  /**
   * What the local cloud tells the model about this cluster: its link MTU, a route table of its
   * own, and its VPC's IPv6 block, a unique local /56 made from the id (used by IPv6 clusters).
   */
  public dev.jkops.model.CloudFacts cloudFacts() {
    return cloudFacts(clusterName, this::id);
  }

  /**
   * As {@link #cloudFacts()}, for a cluster whose id is {@code id}'s, asked only when a plan needs
   * the VPC's IPv6 block: an IPv4 plan never does, so it costs neither the IPv6 library's start nor
   * the SHA-256 of the name (the JDK's security providers), both on a cold {@code get networking}'s
   * path otherwise.
   */
  public static dev.jkops.model.CloudFacts cloudFacts(
      String clusterName, java.util.function.Supplier<String> id) {
    return dev.jkops.model.CloudFacts.forCloud("local")
        .withExistingRoutes(0, java.util.Optional.of(clusterName))
        .withIpv6VpcBlock(() -> dev.jkops.model.ipam.Ipv6Prefixes.localVpcBlock(id.get()));
  }

  /** The prefix of every namespace this cluster owns: {@code jk-<id>-}. */
  public String prefix() {
    return NamespaceName.PREFIX + id + "-";
  }

  /** The VPC's router namespace. */
  public String vpcNamespace() {
    return prefix() + "vpc";
  }

  /**
   * The longest namespace name an instance gets (the prefix included); a longer one is cut and
   * hashed.
   */
  private static final int MAX_INSTANCE_NAMESPACE = 66;

  /** The longest instance name a namespace carries whole, after the {@code jk-<id>-} prefix. */
  public static final int MAX_INSTANCE_IN_NAMESPACE =
      MAX_INSTANCE_NAMESPACE - (NamespaceName.PREFIX.length() + ID_DIGITS + 1);

  /** An instance's namespace, e.g. {@code jk-1a2b3c4d5e6f-nodes-us-test-1a-1}. */
  public String instanceNamespace(String instance) {
    return NamespaceName.require(prefix() + sanitize(instance, MAX_INSTANCE_IN_NAMESPACE));
  }

  /**
   * A pod's namespace: {@code jk-<id>-p-<namespace>.<pod>} when that fits, else a hash of it. The
   * pods code names pod namespaces with this, so delete finds them by the cluster prefix.
   */
  public String podNamespace(String namespace, String pod) {
    String plain = sanitize(namespace + "." + pod, 64);
    String name = prefix() + "p-" + plain;
    return NamespaceName.require(
        name.length() <= 65 ? name : prefix() + "p-" + shortHash(namespace + "/" + pod, 12));
  }

  /** {@code <runtimeBase>/<id>}: everything on disk this cluster made. */
  public Path runtimeDir() {
    return runtimeBase.resolve(id);
  }

  /** {@code <runtime>/nodes/<instance>}: one node's files (CNI config, IPAM data, log). */
  public Path nodeDir(String instance) {
    return runtimeDir().resolve("nodes").resolve(sanitize(instance, 200));
  }

  /** The node's CNI config directory, its {@code /etc/cni/net.d}. */
  public Path nodeCniConfDir(String instance) {
    return nodeDir(instance).resolve("net.d");
  }

  /** host-local's data directory for this node: each node its own, so addresses never collide. */
  public Path nodeIpamDir(String instance) {
    return nodeDir(instance).resolve("ipam");
  }

  /** The node's log of pod network operations ({@code jkops logs node NAME} prints it). */
  public Path nodeLog(String instance) {
    return nodeDir(instance).resolve("network.log");
  }

  /** Lower-case letters, digits, '.' and '-' only, at most {@code max} characters. */
  static String sanitize(String s, int max) {
    String t = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    return t.length() <= max ? t : t.substring(0, max - 7) + "-" + shortHash(s, 6);
  }

  /**
   * The first {@code hexDigits} hex digits of the SHA-256 of {@code s} ({@link
   * HashedNames#shortHash}).
   */
  public static String shortHash(String s, int hexDigits) {
    return HashedNames.shortHash(s, hexDigits);
  }
}
