package dev.jkops.model.provider;

import dev.jkops.api.NetworkingSpec;
import dev.jkops.model.NetworkContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The values of cilium.yaml from a completed cilium spec: the cilium-config ConfigMap (the keys
 * kops renders that a spec option decides, plus the ones the agent cannot start without), pod
 * annotations, and the etcd volumes of the etcd-managed mode.
 */
final class CiliumManifest {
  /**
   * Where kops' etcd-manager keeps the cilium etcd cluster's client certificates on the control
   * plane.
   */
  static final String ETCD_PKI = "/etc/kubernetes/pki/cilium";

  private CiliumManifest() {}

  static Map<String, String> values(NetworkContext ctx, NetworkingSpec.Cilium c) {
    String registry = CiliumOptions.text(c, "registry", "quay.io");
    String apiHost = "api.internal." + ctx.clusterName();
    Map<String, String> v = new LinkedHashMap<>();
    v.put("version", c.version());
    v.put("image", registry + "/cilium/cilium:" + c.version());
    v.put("operatorImage", registry + "/cilium/operator:" + c.version());
    v.put("apiHost", apiHost);
    v.put("clusterName", ctx.clusterName());
    v.put("cpuRequest", CiliumOptions.text(c, "cpuRequest", "25m"));
    v.put("memoryRequest", CiliumOptions.text(c, "memoryRequest", "128Mi"));
    v.put("config", config(ctx, c, apiHost));
    v.put("agentAnnotations", lines(c.agentPodAnnotations(), "        "));
    String operator = lines(c.operatorPodAnnotations(), "        ");
    v.put("operatorAnnotations", operator.isEmpty() ? "" : "      annotations:\n" + operator);
    // the etcd-managed mode's config file and client certificates (text blocks would strip the
    // indentation)
    v.put(
        "etcdMounts",
        !c.etcd()
            ? ""
            : String.join(
                "\n",
                "        - {name: etcd-config-path, mountPath: /var/lib/etcd-config, readOnly: true}",
                "        - {name: etcd-secrets, mountPath: /var/lib/etcd-secrets, readOnly: true}"));
    v.put(
        "etcdVolumes",
        !c.etcd()
            ? ""
            : String.join(
                "\n",
                "      - name: etcd-config-path",
                "        configMap: {name: cilium-config, defaultMode: 256, items: [{key: etcd-config, path: etcd.config}]}",
                "      - {name: etcd-secrets, hostPath: {path: "
                    + ETCD_PKI
                    + ", type: Directory}}"));
    return v;
  }

  private static String config(NetworkContext ctx, NetworkingSpec.Cilium c, String apiHost) {
    boolean tunnel = !NetworkingSpec.Cilium.TUNNEL_DISABLED.equals(c.tunnelOrDefault());
    boolean eni = NetworkingSpec.Cilium.IPAM_ENI.equals(c.ipamOrDefault());
    Map<String, String> d = new TreeMap<>();
    d.put("agent-not-ready-taint-key", "node.cilium.io/agent-not-ready");
    d.put("auto-direct-node-routes", bool(CiliumOptions.flag(c, "autoDirectNodeRoutes", false)));
    d.put("bpf-lb-map-max", CiliumOptions.text(c, "bpfLBMapMax", "65536"));
    d.put("bpf-lb-sock", bool(CiliumOptions.flag(c, "bpfLBSock", false)));
    d.put("bpf-policy-map-max", CiliumOptions.text(c, "bpfPolicyMapMax", "16384"));
    d.put("bpf-root", "/sys/fs/bpf");
    d.put("cgroup-root", "/run/cilium/cgroupv2");
    d.put("cluster-name", CiliumOptions.text(c, "clusterName", "default"));
    d.put("cluster-pool-ipv4-mask-size", "24");
    d.put("cni-exclusive", bool(CiliumOptions.flag(c, "cniExclusive", true)));
    d.put("cni-log-file", "/var/run/cilium/cilium-cni.log");
    d.put("debug", bool(CiliumOptions.flag(c, "debug", false)));
    d.put("enable-bpf-masquerade", bool(CiliumOptions.flag(c, "enableBPFMasquerade", eni)));
    d.put(
        "enable-endpoint-health-checking",
        bool(CiliumOptions.flag(c, "enableEndpointHealthChecking", true)));
    d.put("enable-health-checking", "true");
    d.put("enable-host-firewall", bool(CiliumOptions.flag(c, "enableHostFirewall", false)));
    d.put("enable-ipv4", "true");
    d.put("enable-ipv4-masquerade", bool(!CiliumOptions.flag(c, "disableMasquerade", false)));
    d.put("enable-ipv6", "false");
    d.put("enable-k8s-networkpolicy", "true");
    d.put("enable-l7-proxy", bool(CiliumOptions.flag(c, "enableL7Proxy", true)));
    d.put(
        "enable-local-redirect-policy",
        bool(CiliumOptions.flag(c, "enableLocalRedirectPolicy", false)));
    d.put("enable-node-port", bool(c.nodePort()));
    d.put("enable-policy", c.enablePolicy() == null ? "default" : c.enablePolicy());
    d.put("identity-allocation-mode", c.identityAllocationMode());
    d.put("identity-change-grace-period", CiliumOptions.text(c, "identityChangeGracePeriod", "5s"));
    d.put("ipam", c.ipamOrDefault());
    d.put("ipam-cilium-node-update-rate", "15s");
    // with node port on, cilium's BPF load balancer replaces kube-proxy (which kops then turns off)
    d.put("kube-proxy-replacement", bool(c.nodePort()));
    d.put("monitor-aggregation", CiliumOptions.text(c, "monitorAggregation", "medium"));
    d.put("operator-api-serve-addr", "127.0.0.1:9234");
    d.put("routing-mode", tunnel ? "tunnel" : "native");
    if (tunnel) {
      d.put("tunnel-protocol", c.tunnelOrDefault());
      d.put("tunnel-source-port-range", "0-0");
      d.put("service-no-backend-response", "reject");
    }
    d.put(
        "tofqdns-dns-reject-response-code",
        CiliumOptions.text(c, "toFqdnsDnsRejectResponseCode", "refused"));
    d.put("write-cni-conf-when-ready", "/host/etc/cni/net.d/05-cilium.conflist");
    if (eni) {
      d.put("enable-endpoint-routes", "true");
      d.put("auto-create-cilium-node-resource", "true");
      d.put("eni-tags", "KubernetesCluster=" + ctx.clusterName());
    }
    if (CiliumOptions.enabled(c, "hubble")) {
      d.put("enable-hubble", "true");
      d.put("hubble-socket-path", "/var/run/cilium/hubble.sock");
      d.put("hubble-listen-address", ":" + CiliumProvider.HUBBLE_PORT);
    }
    if (CiliumOptions.flag(c, "enableEncryption", false)) {
      d.put(
          "ipsec".equals(CiliumOptions.text(c, "encryptionType", "ipsec"))
              ? "enable-ipsec"
              : "enable-wireguard",
          "true");
    }
    if (c.etcd()) {
      d.put("kvstore", "etcd");
      d.put("kvstore-opt", "{\"etcd.config\": \"/var/lib/etcd-config/etcd.config\"}");
      d.put(
          "etcd-config",
          "---\nendpoints:\n  - https://"
              + apiHost
              + ":"
              + CiliumProvider.ETCD_CLIENT_PORT
              + "\n"
              + "trusted-ca-file: /var/lib/etcd-secrets/etcd-ca.crt\n"
              + "key-file: /var/lib/etcd-secrets/etcd-client-cilium.key\n"
              + "cert-file: /var/lib/etcd-secrets/etcd-client-cilium.crt\n");
    }
    StringBuilder out = new StringBuilder();
    d.forEach((k, val) -> out.append("  ").append(k).append(": ").append(quoted(val)).append('\n'));
    return out.toString().stripTrailing();
  }

  private static String bool(boolean b) {
    return Boolean.toString(b);
  }

  /** A YAML double-quoted scalar: every value in a ConfigMap is a string. */
  static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static String lines(Map<String, String> m, String indent) {
    if (m == null || m.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    m.forEach(
        (k, val) ->
            out.append(indent).append(quoted(k)).append(": ").append(quoted(val)).append('\n'));
    return out.toString().stripTrailing();
  }
}
