package dev.jkops.cloud.aws;

import dev.jkops.api.ClusterDefaults;
import dev.jkops.api.InstanceGroup;
import dev.jkops.model.CniConfigFile;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NodeNetworkConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The user data an instance boots with: a bash script (shellcheck-clean, {@code UserDataTest}) that
 * writes the node's network configuration and nothing else. It creates {@value #CONFIG_DIR} and
 * writes {@value #ENV_FILE} (mode, pod and service ranges, MTU, the kubelet's network flags), and
 * for CNI providers the CNI configuration as {@code /etc/cni/net.d/<file>.template}. The same files
 * are published per group in the state store ({@link NodeConfigDocument}); the script embeds them
 * rather than fetching that object, so an instance needs no S3 access to boot, and carries the
 * object's sha256 in {@value #HASH_FILE} (kops' NodeupConfigHash). It does not install or start a
 * container runtime, the kubelet or the CNI plugins, join the node to the cluster, or change the
 * source/dest check: those are the image's (or kops' nodeup's) work. The node's own pod range is
 * not in it either: every instance of a group shares the template, and each learns its range from
 * its Node object ({@code spec.podCIDR}) once kube-controller-manager assigns it (on an IPv6
 * cluster, once kops-controller records the prefix AWS delegated to the node's interface), filling
 * in the template.
 */
final class UserData {
  static final String CONFIG_DIR = "/etc/jkops";
  static final String ENV_FILE = CONFIG_DIR + "/networking.env";

  /**
   * The sha256 of the group's published node configuration, in {@code sha256sum}'s format: {@code
   * sha256sum --check} in a folder holding the object copied from the state store compares them.
   */
  static final String HASH_FILE = CONFIG_DIR + "/" + NodeConfigDocument.FILE_NAME + ".sha256";

  /** Ends each here-document; quoted, so nothing inside is expanded. */
  private static final String END = "JKOPS_END_OF_FILE";

  private UserData() {}

  static String render(
      AwsCluster c, NetworkPlan plan, InstanceGroup ig, Optional<NodeNetworkConfig> config) {
    Map<String, String> files = files(c, plan, config);
    Optional<NodeConfigDocument> published = NodeConfigDocument.of(c, ig, files);
    StringBuilder sb = new StringBuilder("#!/bin/bash\n");
    // Names are validated DNS labels; control characters are replaced anyway, as a comment ends at
    // a newline.
    sb.append("# jkops node configuration for instance group ")
        .append(ig.name().replaceAll("\\p{Cntrl}", "?"))
        .append(" of cluster ")
        .append(c.name().replaceAll("\\p{Cntrl}", "?"))
        .append('\n');
    sb.append("# Writes the node's network settings; installs and starts nothing.\n");
    sb.append("set -o errexit -o nounset -o pipefail\n");
    sb.append("umask 022\n");
    sb.append("mkdir -p ").append(CONFIG_DIR).append('\n');
    published.ifPresent(
        d -> {
          // kops carries NodeupConfigHash the same way: a changed configuration changes the user
          // data, so the launch template, so the group rolls; the node keeps the hash to compare
          // with the object in the state store.
          sb.append("# sha256 of the published ").append(d.path(c.name())).append('\n');
          file(sb, HASH_FILE, d.sha256() + "  " + NodeConfigDocument.FILE_NAME + "\n");
        });
    String cniTemplates = CniConfigFile.DIRECTORY + "/";
    boolean cniDirMade = false;
    for (Map.Entry<String, String> f : files.entrySet()) {
      if (f.getKey().startsWith(cniTemplates) && !cniDirMade) {
        sb.append("# the node fills in its pod range from spec.podCIDR at boot\n");
        sb.append("mkdir -p ").append(CniConfigFile.DIRECTORY).append('\n');
        cniDirMade = true;
      }
      file(sb, f.getKey(), f.getValue());
    }
    return sb.toString();
  }

  /**
   * The files the user data writes, path to content, in the order it writes them: {@value
   * #ENV_FILE} and, for CNI providers, each CNI configuration as {@code <file>.template}. They are
   * what the group's published node configuration ({@link NodeConfigDocument}) lists.
   */
  static Map<String, String> files(
      AwsCluster c, NetworkPlan plan, Optional<NodeNetworkConfig> config) {
    Map<String, String> out = new LinkedHashMap<>();
    StringBuilder env = new StringBuilder();
    env.append("NETWORKING_MODE=").append(plan.mode()).append('\n');
    if (c.spec().isIpv6Only()) {
      // an IPv6 cluster has no IPv4 pod or service range: its pods take the IPv6 prefix AWS
      // delegates to each node's interface (kube-proxy's cluster range is all of IPv6, as kops
      // sets it) and its services come from the IPv6 service range
      env.append("IP_FAMILY=ipv6\n");
      env.append("POD_CIDR=").append(plan.controlPlane().kubeProxyClusterCIDR()).append('\n');
      env.append("NON_MASQUERADE_CIDR=").append(c.spec().nonMasqueradeCIDR()).append('\n');
      env.append("SERVICE_CIDR=").append(ipv6ServiceRange(c)).append('\n');
    } else {
      env.append("POD_CIDR=").append(plan.podCIDR()).append('\n');
      env.append("NON_MASQUERADE_CIDR=").append(plan.nonMasqueradeCIDR()).append('\n');
      env.append("SERVICE_CIDR=").append(plan.serviceClusterIPRange()).append('\n');
    }
    env.append("POD_MTU=").append(plan.mtu()).append('\n');
    config.ifPresent(
        n -> {
          env.append("KUBELET_NETWORK_ARGS=\"")
              .append(String.join(" ", n.kubeletArgs()))
              .append("\"\n");
          env.append("CONFIGURE_CBR0=").append(n.configureCbr0()).append('\n');
        });
    out.put(ENV_FILE, env.toString());
    config.ifPresent(
        n -> {
          for (CniConfigFile f : n.cniFiles()) {
            out.put(f.path() + ".template", f.content());
          }
        });
    return out;
  }

  /** The group's published node configuration; empty for a bastion. */
  static Optional<NodeConfigDocument> nodeConfig(AwsCluster c, NetworkPlan plan, InstanceGroup ig) {
    return NodeConfigDocument.of(
        c, ig, files(c, plan, InstanceGroupResources.nodeConfig(plan, ig.name())));
  }

  /** The IPv6 service range of the completed spec, kops' default when the spec has none. */
  private static String ipv6ServiceRange(AwsCluster c) {
    String range = c.spec().serviceClusterIPRange();
    return range == null ? ClusterDefaults.IPV6_SERVICE_CLUSTER_IP_RANGE : range;
  }

  /**
   * {@code cat > path} from a quoted here-document, whose end marker cannot occur in the content.
   */
  private static void file(StringBuilder sb, String path, String content) {
    if (content.lines().anyMatch(END::equals)) {
      throw new IllegalArgumentException(
          path + " would contain the line " + END + ", which ends the here-document");
    }
    sb.append("cat > ").append(path).append(" <<'").append(END).append("'\n").append(content);
    if (!content.endsWith("\n")) {
      sb.append('\n');
    }
    sb.append(END).append('\n');
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
