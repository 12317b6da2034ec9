package dev.jkops.cloud.aws;

import dev.jkops.api.InstanceGroup;
import dev.jkops.model.CniConfigFile;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NodeNetworkConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The user data an instance boots with: a shell script carrying the node's network configuration
 * (kubelet flags, CNI files, MTU, source/dest check). The node's own pod range is not in it: every
 * instance of a group shares the template, and each learns its range from its Node object
 * ({@code spec.podCIDR}) once kube-controller-manager assigns it.
 */
final class UserData {
  private UserData() {}

  static String render(AwsCluster c, NetworkPlan plan, InstanceGroup ig, Optional<NodeNetworkConfig> config) {
    StringBuilder sb = new StringBuilder("#!/bin/bash\n");
    sb.append("# jkops node configuration for instance group ").append(ig.name()).append(" of cluster ")
        .append(c.name()).append('\n');
    sb.append("set -o errexit -o nounset -o pipefail\n");
    sb.append("cat > /etc/jkops/networking.env <<'EOF'\n");
    sb.append("NETWORKING_MODE=").append(plan.mode()).append('\n');
    sb.append("POD_CIDR=").append(plan.podCIDR()).append('\n');
    sb.append("NON_MASQUERADE_CIDR=").append(plan.nonMasqueradeCIDR()).append('\n');
    sb.append("SERVICE_CIDR=").append(plan.serviceClusterIPRange()).append('\n');
    sb.append("POD_MTU=").append(plan.mtu()).append('\n');
    config.ifPresent(n -> {
      sb.append("KUBELET_NETWORK_ARGS=\"").append(String.join(" ", n.kubeletArgs())).append("\"\n");
      sb.append("CONFIGURE_CBR0=").append(n.configureCbr0()).append('\n');
    });
    sb.append("EOF\n");
    config.ifPresent(n -> {
      for (CniConfigFile f : n.cniFiles()) {
        sb.append("# the node fills in its pod range from spec.podCIDR at boot\n");
        sb.append("mkdir -p ").append(CniConfigFile.DIRECTORY).append('\n');
        sb.append("cat > ").append(f.path()).append(".template <<'EOF'\n").append(f.content());
        if (!f.content().endsWith("\n")) {
          sb.append('\n');
        }
        sb.append("EOF\n");
      }
    });
    return sb.toString();
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
