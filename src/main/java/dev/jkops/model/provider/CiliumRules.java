package dev.jkops.model.provider;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterSpec;
import dev.jkops.api.FieldError;
import dev.jkops.api.KubernetesVersion;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.api.ZoneNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** kops' validation of {@code spec.networking.cilium}, with kops' messages, in kops' order. */
final class CiliumRules {
  private static final String P = "spec.networking.cilium";
  private static final Pattern SEMVER = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)(?:[-+].*)?");

  private CiliumRules() {}

  static List<FieldError> check(ClusterBundle bundle, NetworkingSpec.Cilium c) {
    ClusterSpec s = bundle.cluster().spec();
    List<FieldError> out = new ArrayList<>();
    KubernetesVersion k8s = ProviderSupport.version(bundle);
    if (!k8s.isAtLeast(1, 16)) {
      out.add(
          FieldError.forbidden(
              "spec.kubernetesVersion",
              "networking cilium installs kops' networking.cilium.io"
                  + " addon, which is for Kubernetes 1.16 or later; the cluster runs "
                  + k8s));
    }
    if (c.version() != null && !version(c, s, out)) {
      return out;
    }
    if (c.nodePort()
        && (s.kubeProxy() == null || s.kubeProxy().enabled() == null || s.kubeProxy().enabled())) {
      out.add(
          FieldError.forbidden(
              "spec.kubeProxy.enabled",
              "When Cilium NodePort is enabled, kubeProxy must be disabled"));
    }
    oneOf(out, "enablePolicy", c.enablePolicy(), "default", "always", "never");
    oneOf(out, "tunnel", c.tunnel(), "vxlan", "geneve", "disabled");
    oneOf(out, "monitorAggregation", text(c, "monitorAggregation"), "low", "medium", "maximum");
    if (c.identityAllocationMode() != null) {
      oneOf(out, "identityAllocationMode", c.identityAllocationMode(), "crd", "kvstore");
      if (c.identityAllocationMode().equals("kvstore") && !c.etcd()) {
        out.add(
            FieldError.forbidden(
                P + ".identityAllocationMode",
                "Cilium requires managed etcd to allocate identities on kvstore mode"));
      }
    }
    oneOf(out, "bpfLBAlgorithm", text(c, "bpfLBAlgorithm"), "random", "maglev");
    if (!flag(c, "bpfLBSock") && flag(c, "bpfLBSockHostNSOnly")) {
      out.add(
          FieldError.forbidden(
              P + ".bpfLBSockHostNSOnly", "bpfLBSockHostNSOnly requires bpfLBSock to be enabled"));
    }
    String encryption = text(c, "encryptionType");
    if (encryption != null) {
      if (!flag(c, "enableEncryption")) {
        out.add(
            FieldError.forbidden(
                P + ".encryptionType", "encryptionType requires enableEncryption"));
      }
      oneOf(out, "encryptionType", encryption, "ipsec", "wireguard");
    }
    if (!Boolean.FALSE.equals(c.extra().get("enableL7Proxy"))
        && Boolean.FALSE.equals(c.extra().get("installIptablesRules"))) {
      out.add(
          FieldError.forbidden(
              P + ".enableL7Proxy", "Cilium L7 Proxy requires installIptablesRules."));
    }
    if (c.ipam() != null) {
      oneOf(out, "ipam", c.ipam(), "hostscope", "kubernetes", "crd", "eni");
      if (c.ipam().equals(NetworkingSpec.Cilium.IPAM_ENI)
          && !ZoneNames.AWS.equals(s.cloudProvider())) {
        // kops' message, its spelling kept so a search for it finds kops' docs and issues
        out.add(FieldError.forbidden(P + ".ipam", "Cilum ENI IPAM is supported only in AWS"));
      }
    }
    if (c.etcd() && !hasEtcdCluster(s, "cilium")) {
      out.add(
          FieldError.required(
              "spec.etcdClusters", "Cilium with managed etcd requires a dedicated etcd cluster"));
    }
    if (c.extra().get("ingress") instanceof Map<?, ?> ingress
        && !Boolean.FALSE.equals(ingress.get("enabled"))
        && ingress.get("defaultLoadBalancerMode") != null) {
      oneOf(
          out,
          "ingress.defaultLoadBalancerMode",
          String.valueOf(ingress.get("defaultLoadBalancerMode")),
          "shared",
          "dedicated");
    }
    return out;
  }

  /**
   * kops: a "v"-prefixed semantic version of cilium 1.18; hubble then needs cert-manager. False
   * stops the checks.
   */
  private static boolean version(NetworkingSpec.Cilium c, ClusterSpec s, List<FieldError> out) {
    String path = P + ".version";
    if (!c.version().startsWith("v")) {
      out.add(FieldError.invalid(path, c.version(), "Cilium version must be prefixed with 'v'"));
      return false;
    }
    Matcher m = SEMVER.matcher(c.version().substring(1));
    if (!m.matches()) {
      out.add(FieldError.invalid(path, c.version(), "Could not parse as semantic version"));
    } else if (Integer.parseInt(m.group(2)) != 18) {
      out.add(FieldError.invalid(path, c.version(), "Only version 1.18 is supported"));
    }
    if (c.extra().containsKey("hubble")
        && CiliumOptions.enabled(CiliumOptions.complete(c), "hubble")
        && !certManager(s)) {
      out.add(
          FieldError.forbidden(
              P + ".hubble.enabled", "Hubble requires that cert manager is enabled"));
    }
    return true;
  }

  /** spec.certManager.enabled: true, as kops reads it. */
  private static boolean certManager(ClusterSpec s) {
    return s.extra().get("certManager") instanceof Map<?, ?> m
        && Boolean.TRUE.equals(m.get("enabled"));
  }

  private static void oneOf(List<FieldError> out, String field, String value, String... allowed) {
    if (value != null && !List.of(allowed).contains(value)) {
      out.add(
          FieldError.unsupported(
              P + "." + field,
              value,
              "supported values: \"" + String.join("\", \"", allowed) + "\""));
    }
  }

  private static String text(NetworkingSpec.Cilium c, String key) {
    Object v = c.extra().get(key);
    return v == null ? null : String.valueOf(v);
  }

  private static boolean flag(NetworkingSpec.Cilium c, String key) {
    return Boolean.TRUE.equals(c.extra().get(key));
  }

  private static boolean hasEtcdCluster(ClusterSpec s, String name) {
    return s.extra().get("etcdClusters") instanceof List<?> clusters
        && clusters.stream().anyMatch(e -> e instanceof Map<?, ?> m && name.equals(m.get("name")));
  }
}
