package dev.jkops.model;

import dev.jkops.api.Cidr;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash of a node's network configuration, as rolling-update compares it: an instance whose
 * recorded hash differs from its group's current one needs replacing. The node's own pod range is
 * replaced by a placeholder, so every instance of a group shares one hash (as they share one launch
 * template on AWS) and a node keeps its range across a switch without that counting as a change.
 */
public final class NodeConfigHash {
  static final String RANGE_PLACEHOLDER = "{{podRange}}";

  private NodeConfigHash() {}

  /**
   * The hash of {@code instance}'s configuration in {@code plan}; bastions hash their mode and MTU
   * only.
   */
  public static String of(NetworkPlan plan, String instance) {
    StringBuilder sb = new StringBuilder();
    sb.append("mode=").append(plan.mode()).append('\n');
    sb.append("mtu=").append(plan.mtu()).append('\n');
    sb.append("podCIDR=").append(plan.podCIDR()).append('\n');
    plan.nodeConfig(instance)
        .ifPresent(
            c -> {
              String range = c.podRange().map(Cidr::toString).orElse(null);
              sb.append("kubelet=").append(String.join(" ", c.kubeletArgs())).append('\n');
              sb.append("configureCbr0=").append(c.configureCbr0()).append('\n');
              sb.append("masqueradeExcept=")
                  .append(c.masqueradeExcept().map(Cidr::toString).orElse(""))
                  .append('\n');
              for (CniConfigFile f : c.cniFiles()) {
                sb.append("file ")
                    .append(f.name())
                    .append('\n')
                    .append(template(f.content(), c.podRange()))
                    .append('\n');
              }
              c.providerCni()
                  .ifPresent(
                      f ->
                          sb.append("provider ")
                              .append(f.name())
                              .append('\n')
                              .append(template(f.content(), c.podRange()))
                              .append('\n'));
              if (range == null) {
                sb.append("no pod range\n");
              }
            });
    return sha256(sb.toString());
  }

  private static String template(String content, java.util.Optional<Cidr> range) {
    if (range.isEmpty()) {
      return content;
    }
    Cidr r = range.get();
    return content
        .replace(r.toString(), RANGE_PLACEHOLDER)
        .replace(r.addressString(1), RANGE_PLACEHOLDER + ".gw");
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
