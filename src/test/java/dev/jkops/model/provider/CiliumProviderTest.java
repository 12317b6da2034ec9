package dev.jkops.model.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterSpecBuilder;
import dev.jkops.api.FieldError;
import dev.jkops.api.KubeProxyConfig;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.model.DataPlane;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.TestClusters;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CiliumProviderTest {
  static NetworkingSpec.Cilium cilium(String tunnel, String ipam, Map<String, Object> extra) {
    return new NetworkingSpec.Cilium(null, tunnel, ipam, null, null, null, null, null, null, extra);
  }

  static List<String> errors(NetworkingSpec.Cilium spec, String cloud) {
    ClusterBundle b =
        Plans.onCloud(Plans.with(TestClusters.oneZone("c.example.com", "kubenet"), spec), cloud);
    return new CiliumProvider(spec).validate(b).stream().map(FieldError::toString).toList();
  }

  @Test
  void tunnelsInVxlanOnPort8472WithTheLinkMtuLess50ByDefault() {
    NetworkPlan plan = Plans.local("cilium", "1.34.0");
    assertThat(plan.mode()).isEqualTo("cilium");
    assertThat(plan.dataPlane()).isEqualTo(new DataPlane.Vxlan(2, 8472, 1450, "cilium_vxlan"));
    assertThat(Plans.aws("cilium", "1.34.0").mtu()).isEqualTo(8951);
    assertThat(Plans.aws(cilium("geneve", null, null)).dataPlane())
        .isEqualTo(new DataPlane.Vxlan(2, 6081, 8951, "cilium_geneve"));
  }

  @Test
  void routesNativelyWithTheFullLinkMtuWhenTheTunnelIsDisabled() {
    NetworkPlan plan = Plans.local(cilium("disabled", null, null));
    assertThat(plan.dataPlane()).isEqualTo(new DataPlane.HostRoutes(1500));
    assertThat(plan.addons().get(0).manifest())
        .contains("routing-mode: \"native\"")
        .doesNotContain("tunnel-protocol");
  }

  @Test
  void turnsTheSourceDestCheckOffOnlyForNativeRoutingOfKubernetesIpamRanges() {
    assertThat(Plans.aws("cilium", "1.34.0").sourceDestCheck().values()).containsOnly(true);
    assertThat(Plans.aws(cilium("disabled", null, null)).sourceDestCheck())
        .containsEntry(dev.jkops.model.Role.NODE, false)
        .containsEntry(dev.jkops.model.Role.CONTROL_PLANE, false);
    assertThat(Plans.aws(cilium(null, "eni", null)).sourceDestCheck().values())
        .as("ENI pods own VPC addresses")
        .containsOnly(true);
  }

  @Test
  void enforcesNetworkPolicyUnlessThePolicyModeIsNever() {
    assertThat(Plans.local("cilium", "1.34.0").enforcesNetworkPolicy()).isTrue();
    assertThat(
            new CiliumProvider(
                    new NetworkingSpec.Cilium(
                        null, null, null, null, null, null, "never", null, null, null))
                .enforcesNetworkPolicy())
        .isFalse();
  }

  @Test
  void eniIpamRoutesNativelyWithVpcAddressesAndKopsIamActions() {
    NetworkPlan plan = Plans.aws(cilium(null, "eni", null));
    assertThat(plan.mode()).isEqualTo("cilium-eni");
    assertThat(plan.mtu()).isEqualTo(9001);
    assertThat(plan.iamActions())
        .contains("ec2:AssignPrivateIpAddresses", "ec2:CreateNetworkInterface");
    assertThat(plan.addons().get(0).manifest())
        .contains(
            "ipam: \"eni\"",
            "enable-endpoint-routes: \"true\"",
            "eni-tags: \"KubernetesCluster=c.example.com\"");
  }

  @Test
  void refusesEniIpamOffAwsWithKopsMessage() {
    assertThat(errors(cilium(null, "eni", null), "local"))
        .containsExactly(
            "spec.networking.cilium.ipam: Forbidden: Cilum ENI IPAM is supported only in AWS");
    assertThat(errors(cilium(null, "eni", null), "aws")).isEmpty();
  }

  @Test
  void refusesNodePortWhileKubeProxyRunsWithKopsMessage() {
    NetworkingSpec.Cilium nodePort =
        new NetworkingSpec.Cilium(null, null, null, true, null, null, null, null, null, null);
    assertThat(errors(nodePort, "aws"))
        .containsExactly(
            "spec.kubeProxy.enabled: Forbidden: When Cilium NodePort is enabled, kubeProxy must be disabled");
    ClusterBundle b = Plans.with(TestClusters.oneZone("c.example.com", "kubenet"), nodePort);
    ClusterSpecBuilder s = b.cluster().spec().toBuilder();
    s.kubeProxy = new KubeProxyConfig(null, false, null);
    assertThat(
            new CiliumProvider(nodePort)
                .validate(new ClusterBundle(b.cluster().withSpec(s.build()), b.instanceGroups())))
        .isEmpty();
  }

  @Test
  void refusesManagedEtcdWithoutACiliumEtcdClusterAndKvstoreWithoutManagedEtcd() {
    NetworkingSpec.Cilium etcd =
        new NetworkingSpec.Cilium(null, null, null, null, true, null, null, null, null, null);
    assertThat(errors(etcd, "aws"))
        .containsExactly(
            "spec.etcdClusters: Required value: Cilium with managed etcd requires a dedicated etcd cluster");
    NetworkingSpec.Cilium kvstore =
        new NetworkingSpec.Cilium(null, null, null, null, null, "kvstore", null, null, null, null);
    assertThat(errors(kvstore, "aws"))
        .containsExactly(
            "spec.networking.cilium.identityAllocationMode: Forbidden:"
                + " Cilium requires managed etcd to allocate identities on kvstore mode");
  }

  @Test
  void refusesAVersionOtherThan118AndOneWithoutV() {
    assertThat(
            errors(
                new NetworkingSpec.Cilium(
                    "1.18.12", null, null, null, null, null, null, null, null, null),
                "aws"))
        .containsExactly(
            "spec.networking.cilium.version: Invalid value: \"1.18.12\": Cilium version must be"
                + " prefixed with 'v'");
    assertThat(
            errors(
                new NetworkingSpec.Cilium(
                    "v1.17.4", null, null, null, null, null, null, null, null, null),
                "aws"))
        .containsExactly(
            "spec.networking.cilium.version: Invalid value: \"v1.17.4\": Only version 1.18 is"
                + " supported");
  }

  @Test
  void refusesValuesOutsideKopsListsNamingTheSupportedOnes() {
    assertThat(errors(cilium("ipip", null, Map.of("monitorAggregation", "high")), "aws"))
        .containsExactly(
            "spec.networking.cilium.tunnel: Unsupported value: \"ipip\": supported values: \"vxlan\", \"geneve\", \"disabled\"",
            "spec.networking.cilium.monitorAggregation: Unsupported value: \"high\": supported values: \"low\", \"medium\","
                + " \"maximum\"");
  }

  @Test
  void completesTheSpecWithKopsDefaults() {
    NetworkingSpec.Cilium c =
        (NetworkingSpec.Cilium) new CiliumProvider(cilium(null, null, null)).completedSpec();
    assertThat(c.version()).isEqualTo("v1.18.12");
    assertThat(c.tunnel()).isEqualTo("vxlan");
    assertThat(c.ipam()).isEqualTo("kubernetes");
    assertThat(c.identityAllocationMode()).isEqualTo("crd");
    assertThat(c.extra())
        .containsEntry("hubble", Map.of("enabled", false))
        .containsEntry("cpuRequest", "25m");
    NetworkingSpec.Cilium eni =
        (NetworkingSpec.Cilium) new CiliumProvider(cilium(null, "eni", null)).completedSpec();
    assertThat(eni.tunnel()).as("kops routes natively with ENI").isEqualTo("disabled");
    assertThat(eni.extra()).containsEntry("enableBPFMasquerade", true);
  }

  @Test
  void warnsThatNativeRoutingAcrossSubnetsNeedsRoutesKopsDoesNotMake() {
    NetworkingSpec.Cilium nativeRouting = cilium("disabled", null, null);
    NetworkPlan threeZones =
        dev.jkops.model.NetworkPlanner.plan(
            Plans.with(
                TestClusters.threeZonesHa("c.example.com", "kubenet", "1.34.0"), nativeRouting),
            dev.jkops.model.ipam.IpamState.empty());
    assertThat(threeZones.warnings())
        .anyMatch(w -> w.contains("kops configures no cloud routes for cilium"));
    assertThat(Plans.aws(nativeRouting).warnings())
        .as("one subnet: the nodes reach each other directly")
        .isEmpty();
    assertThat(
            dev.jkops.model.NetworkPlanner.plan(
                    Plans.with(
                        TestClusters.threeZonesHa("c.example.com", "kubenet", "1.34.0"),
                        cilium(null, null, null)),
                    dev.jkops.model.ipam.IpamState.empty())
                .warnings())
        .isEmpty();
  }

  @Test
  void addsNoSecurityGroupRuleSinceKopsBaseRulesAdmitItsPorts() {
    NetworkPlan cilium = Plans.aws("cilium", "1.34.0");
    NetworkPlan kubenetFree = Plans.aws("flannel", "1.34.0");
    assertThat(cilium.firewallRules()).isEqualTo(kubenetFree.firewallRules());
  }

  /**
   * {@code hubble: {enabled: true, metrics: [dns, drop]}} renders kops' hubble pieces: the agent's
   * TLS flags, metrics server, host ports 4244 and 9091 and its hubble-tls volume; hubble-relay's
   * Deployment (quay.io/cilium/hubble-relay at cilium's version), Services and config; the two
   * cert-manager Certificates. Read back as YAML documents, as kubectl would parse them.
   */
  @Test
  void hubbleAddsRelayAndTheAgentsTlsAsKopsRendersThem() throws Exception {
    NetworkingSpec.Cilium spec =
        cilium(
            null,
            null,
            Map.of("hubble", Map.of("enabled", true, "metrics", List.of("dns", "drop"))));
    String manifest = Plans.aws(spec).addons().get(0).manifest();
    com.fasterxml.jackson.databind.ObjectMapper yaml =
        new com.fasterxml.jackson.databind.ObjectMapper(
            new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
    Map<String, com.fasterxml.jackson.databind.JsonNode> byKindAndName = new java.util.TreeMap<>();
    try (com.fasterxml.jackson.databind.MappingIterator<com.fasterxml.jackson.databind.JsonNode>
        docs = yaml.readerFor(com.fasterxml.jackson.databind.JsonNode.class).readValues(manifest)) {
      while (docs.hasNext()) {
        com.fasterxml.jackson.databind.JsonNode d = docs.next();
        if (d != null && d.has("kind")) {
          byKindAndName.put(
              d.path("kind").asText() + "/" + d.path("metadata").path("name").asText(), d);
        }
      }
    }
    assertThat(byKindAndName)
        .containsKeys(
            "ServiceAccount/hubble-relay",
            "ConfigMap/hubble-relay-config",
            "Service/hubble-peer",
            "Service/hubble-relay",
            "Deployment/hubble-relay",
            "Certificate/hubble-server-certs",
            "Certificate/hubble-relay-client-certs");
    com.fasterxml.jackson.databind.JsonNode config =
        byKindAndName.get("ConfigMap/cilium-config").path("data");
    assertThat(config.path("enable-hubble").asText()).isEqualTo("true");
    assertThat(config.path("hubble-listen-address").asText()).isEqualTo(":4244");
    assertThat(config.path("hubble-tls-cert-file").asText())
        .isEqualTo("/var/lib/cilium/tls/hubble/tls.crt");
    assertThat(config.path("hubble-metrics-server").asText()).isEqualTo(":9091");
    assertThat(config.path("hubble-metrics").asText()).isEqualTo("dns drop");
    com.fasterxml.jackson.databind.JsonNode agent =
        byKindAndName.get("DaemonSet/cilium").path("spec").path("template").path("spec");
    com.fasterxml.jackson.databind.JsonNode agentContainer = agent.path("containers").get(0);
    assertThat(agentContainer.path("ports").findValuesAsText("name"))
        .containsExactly("peer-service", "hubble-metrics");
    assertThat(agentContainer.path("volumeMounts").findValuesAsText("mountPath"))
        .contains("/var/lib/cilium/tls/hubble");
    assertThat(agent.path("volumes").findValuesAsText("name")).contains("hubble-tls");
    com.fasterxml.jackson.databind.JsonNode relay =
        byKindAndName.get("Deployment/hubble-relay").path("spec").path("template").path("spec");
    assertThat(relay.path("containers").get(0).path("image").asText())
        .isEqualTo("quay.io/cilium/hubble-relay:" + CiliumOptions.VERSION);
    assertThat(
            byKindAndName
                .get("Service/hubble-peer")
                .path("spec")
                .path("ports")
                .get(0)
                .path("targetPort")
                .asInt())
        .isEqualTo(4244);

    String off = Plans.aws("cilium", "1.34.0").addons().get(0).manifest();
    assertThat(off).doesNotContain("hubble-relay", "hubble-tls", "enable-hubble");
  }
}
