package dev.jkops.model.provider;

import dev.jkops.api.NetworkingSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * kops' defaults for {@code spec.networking.cilium} (its cilium options builder), as written into
 * the completed spec: the typed options on the record, the rest in {@code extra} under kops' names.
 */
final class CiliumOptions {
  static final String VERSION = "v1.18.12";
  static final int PROMETHEUS_PORT = 9090;

  private CiliumOptions() {}

  static NetworkingSpec.Cilium complete(NetworkingSpec.Cilium s) {
    String ipam = s.ipamOrDefault();
    boolean eni = NetworkingSpec.Cilium.IPAM_ENI.equals(ipam);
    Map<String, Object> x = new LinkedHashMap<>(s.extra());
    x.putIfAbsent("enableEndpointHealthChecking", true);
    x.putIfAbsent("enableHostFirewall", false);
    x.putIfAbsent("identityChangeGracePeriod", "5s");
    x.putIfAbsent("bpfCTGlobalAnyMax", 262144);
    x.putIfAbsent("bpfCTGlobalTCPMax", 524288);
    x.putIfAbsent("bpfLBAlgorithm", "random");
    x.putIfAbsent("bpfLBMaglevTableSize", "16381");
    x.putIfAbsent("bpfNATGlobalMax", 524288);
    x.putIfAbsent("bpfNeighGlobalMax", 524288);
    x.putIfAbsent("bpfPolicyMapMax", 16384);
    x.putIfAbsent("bpfLBMapMax", 65536);
    x.putIfAbsent("clusterName", "default");
    x.putIfAbsent("monitorAggregation", "medium");
    x.putIfAbsent("sidecarIstioProxyImage", "cilium/istio_proxy");
    x.putIfAbsent("toFqdnsDnsRejectResponseCode", "refused");
    x.putIfAbsent("agentPrometheusPort", PROMETHEUS_PORT);
    // v1alpha2 spells kops' Masquerade (default on for IPv4) as its negation
    x.putIfAbsent("disableMasquerade", false);
    x.putIfAbsent("enableRemoteNodeIdentity", true);
    x.putIfAbsent("enableUnreachableRoutes", false);
    x.putIfAbsent("enableBPFMasquerade", eni);
    x.putIfAbsent("enableL7Proxy", true);
    x.putIfAbsent("enableLocalRedirectPolicy", false);
    x.putIfAbsent("disableCNPStatusUpdates", true);
    x.putIfAbsent("cpuRequest", "25m");
    x.putIfAbsent("memoryRequest", "128Mi");
    if (Boolean.TRUE.equals(x.get("enableEncryption"))) {
      x.putIfAbsent("encryptionType", "ipsec");
    }
    x.putIfAbsent("cniExclusive", true);
    for (String feature : new String[] {"hubble", "ingress", "gatewayAPI"}) {
      x.put(feature, enabledByPresence(x.get(feature)));
    }
    return new NetworkingSpec.Cilium(
        s.version() == null ? VERSION : s.version(),
        s.tunnelOrDefault(),
        ipam,
        s.nodePort() ? true : null,
        s.etcd() ? true : null, // kops omits these when false
        s.identityAllocationMode() == null ? "crd" : s.identityAllocationMode(),
        s.enablePolicy(),
        s.agentPodAnnotations(),
        s.operatorPodAnnotations(),
        x);
  }

  /**
   * hubble, ingress and gatewayAPI: enabled when the block is given without {@code enabled}, off
   * when absent.
   */
  private static Map<String, Object> enabledByPresence(Object block) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (block instanceof Map<?, ?> given) {
      given.forEach((k, v) -> m.put(String.valueOf(k), v));
      m.putIfAbsent("enabled", true);
    } else {
      m.put("enabled", false);
    }
    return m;
  }

  /** An option kept in extra, as a string, or the fallback when it is missing. */
  static String text(NetworkingSpec.Cilium s, String key, String fallback) {
    Object v = s.extra().get(key);
    return v == null ? fallback : String.valueOf(v);
  }

  static boolean flag(NetworkingSpec.Cilium s, String key, boolean fallback) {
    Object v = s.extra().get(key);
    return v == null ? fallback : Boolean.parseBoolean(String.valueOf(v));
  }

  /** {@code hubble.enabled} (and the same for ingress, gatewayAPI) of a completed spec. */
  static boolean enabled(NetworkingSpec.Cilium s, String feature) {
    return s.extra().get(feature) instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("enabled"));
  }
}
