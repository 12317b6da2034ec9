package dev.jkops.model.provider;

import dev.jkops.api.NetworkingSpec;
import dev.jkops.model.NetworkContext;
import dev.jkops.model.addon.AddonTemplates;
import java.util.LinkedHashMap;
import java.util.List;
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

  /** Where the agent reads hubble's server certificate (kops' path). */
  static final String HUBBLE_TLS = "/var/lib/cilium/tls/hubble";

  /** hubble's metrics port on every node when {@code hubble.metrics} lists any. */
  static final int HUBBLE_METRICS_PORT = 9091;

  /** hubble-relay's gRPC port, behind its Service's port 80. */
  static final int HUBBLE_RELAY_PORT = 4245;

  private CiliumManifest() {}

  /** The pieces {@code hubble: {enabled: true}} adds to the addon, each empty when it is off. */
  record Hubble(String agentPorts, String mounts, String volumes, String objects) {}

  /**
   * hubble as kops renders it: the agent publishes its hubble server on the node (4244, and 9091
   * for metrics) with the certificate cert-manager issues into hubble-server-certs; hubble-relay
   * (two replicas, one per node beside an agent) reaches every agent through the hubble-peer
   * Service with its client certificate, and serves gRPC on 4245 behind its Service's port 80. Both
   * certificates come from the {@code networking.cilium.io} Issuer, which is why kops refuses
   * hubble without cert-manager (CiliumRules).
   */
  static Hubble hubble(NetworkingSpec.Cilium c, String registry) {
    if (!CiliumOptions.enabled(c, "hubble")) {
      return new Hubble("", "", "", "");
    }
    boolean metrics = !hubbleMetrics(c).isEmpty();
    String ports =
        "        ports:\n"
            + "        - {name: peer-service, containerPort: 4244, hostPort: 4244, protocol: TCP}\n"
            + (metrics
                ? "        - {name: hubble-metrics, containerPort: "
                    + HUBBLE_METRICS_PORT
                    + ", hostPort: "
                    + HUBBLE_METRICS_PORT
                    + ", protocol: TCP}\n"
                : "");
    String mounts = "        - {name: hubble-tls, mountPath: " + HUBBLE_TLS + ", readOnly: true}";
    String volumes =
        String.join(
            "\n",
            "      - name: hubble-tls",
            "        projected:",
            "          defaultMode: 256",
            "          sources:",
            "          - secret: {name: hubble-server-certs, optional: true}");
    String clusterName = CiliumOptions.text(c, "clusterName", "default");
    String objects =
        AddonTemplates.render(
            "cilium-hubble.yaml",
            Map.of(
                "clusterName",
                clusterName,
                "serverName",
                "*." + clusterName.replace('.', '-') + ".hubble-grpc.cilium.io",
                "relayImage",
                registry + "/cilium/hubble-relay:" + c.version(),
                "relayPort",
                Integer.toString(HUBBLE_RELAY_PORT)));
    return new Hubble(ports, mounts, volumes, "---\n" + objects);
  }

  /** {@code hubble.metrics}: the metrics hubble exports (e.g. dns, drop, tcp, flow). */
  static List<String> hubbleMetrics(NetworkingSpec.Cilium c) {
    if (c.extra().get("hubble") instanceof Map<?, ?> h && h.get("metrics") instanceof List<?> l) {
      return l.stream().map(String::valueOf).toList();
    }
    return List.of();
  }

  static Map<String, String> values(NetworkContext ctx, NetworkingSpec.Cilium c) {
    String registry = CiliumOptions.text(c, "registry", "quay.io");
    String apiHost = "api.internal." + ctx.clusterName();
    Map<String, String> v = new LinkedHashMap<>();
    v.put("version", c.version());
    v.put("image", registry + "/cilium/cilium:" + c.version());
    v.put("operatorImage", registry + "/cilium/operator:" + c.version());
    v.put("apiHost", apiHost);
    // the agent's and operator's health endpoints listen on the node's loopback of the cluster's
    // family: an IPv6 cluster's agent has no IPv4 address to bind
    v.put("loopback", ctx.isIpv6() ? "::1" : "127.0.0.1");
    v.put("clusterName", ctx.clusterName());
    v.put("cpuRequest", CiliumOptions.text(c, "cpuRequest", "25m"));
    v.put("memoryRequest", CiliumOptions.text(c, "memoryRequest", "128Mi"));
    v.put("config", config(ctx, c, apiHost));
    Hubble hubble = hubble(c, registry);
    v.put("hubbleAgentPorts", hubble.agentPorts());
    v.put("hubbleMounts", hubble.mounts());
    v.put("hubbleVolumes", hubble.volumes());
    v.put("hubbleObjects", hubble.objects());
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
    boolean ipv6 = ctx.isIpv6();
    boolean masquerade = !CiliumOptions.flag(c, "disableMasquerade", false);
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
    // an IPv6 cluster (kops): pods get IPv6 addresses only, from the node's delegated prefix
    d.put("enable-ipv4", bool(!ipv6));
    d.put("enable-ipv4-masquerade", bool(!ipv6 && masquerade));
    d.put("enable-ipv6", bool(ipv6));
    d.put("enable-ipv6-masquerade", bool(ipv6 && masquerade));
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
    d.put("operator-api-serve-addr", ipv6 ? "[::1]:9234" : "127.0.0.1:9234");
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
      // the agent's hubble server speaks TLS with the certificate cert-manager issues into
      // hubble-server-certs (mounted at HUBBLE_TLS); hubble-relay presents its client certificate
      d.put("hubble-disable-tls", "false");
      d.put("hubble-tls-cert-file", HUBBLE_TLS + "/tls.crt");
      d.put("hubble-tls-key-file", HUBBLE_TLS + "/tls.key");
      d.put("hubble-tls-client-ca-files", HUBBLE_TLS + "/ca.crt");
      List<String> metrics = hubbleMetrics(c);
      if (!metrics.isEmpty()) {
        d.put("hubble-metrics-server", ":" + HUBBLE_METRICS_PORT);
        d.put("hubble-metrics", String.join(" ", metrics));
      }
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
