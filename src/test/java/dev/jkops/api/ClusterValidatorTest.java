package dev.jkops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.FieldError.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterValidatorTest {

  /** A valid public kubenet cluster in one AWS zone, as create cluster makes it, with a change. */
  private static ClusterBundle cluster(Consumer<ClusterSpecBuilder> change) {
    ClusterBundle b =
        ClusterDefaults.create(
            CreateClusterOptions.minimal("c.example.com", List.of("us-test-1a")));
    ClusterSpecBuilder s = b.cluster().spec().toBuilder();
    change.accept(s);
    return new ClusterBundle(b.cluster().withSpec(s.build()), b.instanceGroups());
  }

  private static ClusterBundle privateCluster(
      String networking, Consumer<ClusterSpecBuilder> change) {
    ClusterBundle b =
        ClusterDefaults.create(
            CreateClusterOptions.builder("c.example.com", List.of("us-test-1a"))
                .networking(networking)
                .topology("private")
                .build());
    ClusterSpecBuilder s = b.cluster().spec().toBuilder();
    change.accept(s);
    return new ClusterBundle(b.cluster().withSpec(s.build()), b.instanceGroups());
  }

  private static ClusterBundle withGroups(ClusterBundle b, List<InstanceGroup> groups) {
    return new ClusterBundle(b.cluster(), groups);
  }

  private static InstanceGroup group(
      String name, String role, List<String> subnets, Integer min, Integer max) {
    return InstanceGroup.of(
        "c.example.com",
        name,
        new InstanceGroupSpec(role, subnets, "t2.medium", min, max, null, null, null, null));
  }

  private static FieldError errorAt(ClusterBundle b, String path, Type type) {
    List<FieldError> errors = ClusterValidator.validate(b);
    return errors.stream()
        .filter(e -> e.path().equals(path) && e.type() == type)
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("expected " + type + " at " + path + ", got " + errors));
  }

  private static void noErrors(ClusterBundle b) {
    assertThat(ClusterValidator.validate(b)).isEmpty();
  }

  private static ClusterSubnet subnet(String name, String cidr, String type) {
    return ClusterSubnet.of(name, "us-test-1a", cidr, type);
  }

  @Test
  void acceptsWhatCreateClusterMakesForEveryNetworkingMode() {
    for (String mode : NetworkingSpec.FLAG_VALUES) {
      String version = mode.equals("classic") ? "v1.4.8" : "v1.32.0";
      ClusterBundle b =
          ClusterDefaults.create(
              CreateClusterOptions.builder(
                      "c.example.com", List.of("us-test-1a", "us-test-1b", "us-test-1c"))
                  .controlPlaneZones(List.of("us-test-1a", "us-test-1b", "us-test-1c"))
                  .networking(mode)
                  .kubernetesVersion(version)
                  .build());
      assertThat(ClusterValidator.validate(b)).as(mode).isEmpty();
    }
  }

  @Test
  void acceptsEveryClusterSpecInKopsGoldenCases() throws java.io.IOException {
    java.nio.file.Path kops = dev.jkops.PeerData.kops();
    List<java.nio.file.Path> files;
    try (var walk = java.nio.file.Files.walk(kops, 3)) {
      files =
          walk.filter(f -> f.getFileName().toString().matches("(in|expected)-v1alpha2\\.yaml"))
              .sorted()
              .toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(11);
    for (java.nio.file.Path f : files) {
      YamlCodec.Documents d = YamlCodec.read(java.nio.file.Files.readString(f), f.toString());
      assertThat(
              ClusterValidator.validate(new ClusterBundle(d.clusters().get(0), d.instanceGroups())))
          .as(kops.relativize(f).toString())
          .isEmpty();
    }
  }

  @Test
  void refusesAClusterNameThatIsNotADnsNameAndSaysWhatWouldFixIt() {
    ClusterBundle ok = cluster(s -> {});
    Cluster bad =
        new Cluster(
            Cluster.API_VERSION,
            Cluster.KIND,
            ObjectMeta.named("my/cluster"),
            ok.cluster().spec(),
            null);
    FieldError e = errorAt(new ClusterBundle(bad, List.of()), "metadata.name", Type.INVALID);
    assertThat(e.detail()).contains("'/'").contains("mycluster.example.com");
    assertThatThrownBy(() -> ClusterValidator.checkName("a;b"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("metadata.name: Invalid value: \"a;b\"");
    ClusterValidator.checkName("c.example.com");
  }

  @Test
  void requiresASpecAndANetworkingOption() {
    Cluster noSpec =
        new Cluster(
            Cluster.API_VERSION, Cluster.KIND, ObjectMeta.named("c.example.com"), null, null);
    errorAt(new ClusterBundle(noSpec, List.of()), "spec", Type.REQUIRED);
    FieldError e = errorAt(cluster(s -> s.networking = null), "spec.networking", Type.REQUIRED);
    assertThat(e.detail()).contains("kubenet, external");
  }

  @Test
  void acceptsOnlyTheFlannelBackendsUdpAndVxlan() {
    FieldError e =
        errorAt(
            cluster(s -> s.networking = new NetworkingSpec.Flannel("host-gw", null)),
            "spec.networking.flannel.backend",
            Type.UNSUPPORTED);
    assertThat(e)
        .hasToString(
            "spec.networking.flannel.backend: Unsupported value: \"host-gw\": supported values:"
                + " \"udp\", \"vxlan\"");
    noErrors(cluster(s -> s.networking = new NetworkingSpec.Flannel("udp", null)));
  }

  @Test
  void acceptsOnlyTheCalicoDatastoresAndEncapsulationModesItHas() {
    errorAt(
        cluster(
            s -> s.networking = new NetworkingSpec.Calico(null, null, null, null, "consul", null)),
        "spec.networking.calico.datastore",
        Type.UNSUPPORTED);
    errorAt(
        cluster(s -> s.networking = new NetworkingSpec.Calico(null, "gre", null, null, null, null)),
        "spec.networking.calico.encapsulationMode",
        Type.UNSUPPORTED);
    noErrors(
        cluster(
            s ->
                s.networking =
                    new NetworkingSpec.Calico(1440, "vxlan", true, false, "etcd", null)));
  }

  @Test
  void refusesAnMtuOutsideWhatIpv4AndAwsAllow() {
    errorAt(
        cluster(s -> s.networking = new NetworkingSpec.Weave(9002, null)),
        "spec.networking.weave.mtu",
        Type.INVALID);
    errorAt(
        cluster(s -> s.networking = new NetworkingSpec.Canal(67, null)),
        "spec.networking.canal.mtu",
        Type.INVALID);
    errorAt(
        cluster(s -> s.networking = new NetworkingSpec.Calico(0, null, null, null, null, null)),
        "spec.networking.calico.mtu",
        Type.INVALID);
    noErrors(cluster(s -> s.networking = new NetworkingSpec.Weave(8912, null)));
    noErrors(cluster(s -> s.networking = new NetworkingSpec.Canal(68, null)));
  }

  @Test
  void refusesMalformedCidrsWithTheParsersExplanation() {
    FieldError e =
        errorAt(cluster(s -> s.networkCIDR = "172.20.0.1/16"), "spec.networkCIDR", Type.INVALID);
    assertThat(e.detail()).contains("did you mean 172.20.0.0/16?");
    errorAt(
        cluster(s -> s.nonMasqueradeCIDR = "100.64.0.0"), "spec.nonMasqueradeCIDR", Type.INVALID);
    errorAt(cluster(s -> s.podCIDR = "100.96/11"), "spec.podCIDR", Type.INVALID);
    errorAt(cluster(s -> s.sshAccess = List.of("1.2.3.4")), "spec.sshAccess[0]", Type.INVALID);
    errorAt(
        cluster(s -> s.kubernetesApiAccess = List.of("::/0", "zz::/x")),
        "spec.kubernetesApiAccess[1]",
        Type.INVALID);
    errorAt(
        cluster(s -> s.subnets = List.of(subnet("us-test-1a", "172.20.0.0/33", "Public"))),
        "spec.subnets[0].cidr",
        Type.INVALID);
  }

  @Test
  void refusesASubnetOutsideTheNetworkUnlessAnAdditionalRangeHoldsIt() {
    ClusterBundle outside =
        cluster(s -> s.subnets = List.of(subnet("us-test-1a", "10.1.0.0/24", "Public")));
    assertThat(errorAt(outside, "spec.subnets[0].cidr", Type.FORBIDDEN).detail())
        .contains("not inside networkCIDR 172.20.0.0/16")
        .contains("additionalNetworkCIDRs");
    noErrors(
        cluster(
            s -> {
              s.subnets = List.of(subnet("us-test-1a", "10.1.0.0/24", "Public"));
              s.additionalNetworkCIDRs = List.of("10.1.0.0/16");
            }));
  }

  @Test
  void refusesAdditionalRangesThatOverlapTheNetworkOrEachOther() {
    errorAt(
        cluster(s -> s.additionalNetworkCIDRs = List.of("172.20.5.0/24")),
        "spec.additionalNetworkCIDRs[0]",
        Type.FORBIDDEN);
    errorAt(
        cluster(s -> s.additionalNetworkCIDRs = List.of("10.0.0.0/16", "10.0.1.0/24")),
        "spec.additionalNetworkCIDRs[1]",
        Type.FORBIDDEN);
  }

  @Test
  void refusesOverlappingSubnetsAndAcceptsAdjacentOnes() {
    FieldError e =
        errorAt(
            cluster(
                s ->
                    s.subnets =
                        List.of(
                            subnet("us-test-1a", "172.20.0.0/17", "Public"),
                            ClusterSubnet.of("b", "us-test-1b", "172.20.64.0/18", "Public"))),
            "spec.subnets[1].cidr",
            Type.FORBIDDEN);
    assertThat(e.detail()).contains("overlaps subnet \"us-test-1a\"");
    noErrors(
        cluster(
            s ->
                s.subnets =
                    List.of(
                        subnet("us-test-1a", "172.20.0.0/17", "Public"),
                        ClusterSubnet.of("b", "us-test-1b", "172.20.128.0/17", "Public"))));
  }

  @Test
  void refusesASubnetOverlappingThePodOrServiceRange() {
    // A VPC inside the non-masquerade range would also be refused; these checks fire on their own.
    ClusterBundle pods =
        cluster(
            s -> {
              s.networkCIDR = "100.96.0.0/16";
              s.nonMasqueradeCIDR = "10.0.0.0/8";
              s.podCIDR = "100.96.0.0/11";
              s.subnets = List.of(subnet("us-test-1a", "100.96.0.0/24", "Public"));
            });
    errorAt(pods, "spec.subnets[0].cidr", Type.FORBIDDEN);
    assertThat(ClusterValidator.validate(pods))
        .anySatisfy(e -> assertThat(e.detail()).contains("overlaps podCIDR"));
    ClusterBundle services =
        cluster(
            s -> {
              s.networkCIDR = "10.0.0.0/16";
              s.nonMasqueradeCIDR = "100.64.0.0/10";
              s.serviceClusterIPRange = "10.0.0.0/20";
              s.subnets = List.of(subnet("us-test-1a", "10.0.0.0/24", "Public"));
            });
    assertThat(ClusterValidator.validate(services))
        .anySatisfy(
            e -> {
              assertThat(e.path()).isEqualTo("spec.subnets[0].cidr");
              assertThat(e.detail()).contains("overlaps serviceClusterIPRange");
            });
  }

  @Test
  void refusesAPodCidrOutsideTheNonMasqueradeCidr() {
    FieldError e =
        errorAt(cluster(s -> s.podCIDR = "10.96.0.0/11"), "spec.podCIDR", Type.FORBIDDEN);
    assertThat(e.detail()).contains("100.96.0.0/11");
    noErrors(cluster(s -> s.podCIDR = "100.96.0.0/12"));
  }

  @Test
  void refusesAServiceRangeOutsideTheNonMasqueradeCidrOrOverlappingThePods() {
    errorAt(
        cluster(s -> s.serviceClusterIPRange = "10.64.0.0/13"),
        "spec.serviceClusterIPRange",
        Type.FORBIDDEN);
    FieldError e =
        errorAt(
            cluster(s -> s.serviceClusterIPRange = "100.96.0.0/13"),
            "spec.serviceClusterIPRange",
            Type.FORBIDDEN);
    assertThat(e.detail()).contains("overlaps podCIDR");
    noErrors(cluster(s -> s.serviceClusterIPRange = "100.72.0.0/13"));
  }

  @Test
  void refusesANonMasqueradeCidrOverlappingTheNetwork() {
    FieldError e =
        errorAt(
            cluster(s -> s.nonMasqueradeCIDR = "172.0.0.0/8"),
            "spec.nonMasqueradeCIDR",
            Type.FORBIDDEN);
    assertThat(e.detail()).contains("overlaps the VPC range 172.20.0.0/16");
    noErrors(cluster(s -> s.nonMasqueradeCIDR = "10.0.0.0/8"));
  }

  @Test
  void refusesComponentRangesThatDisagreeWithTheCluster() {
    errorAt(
        cluster(s -> s.kubeProxy = new KubeProxyConfig("100.97.0.0/16", null, null)),
        "spec.kubeProxy.clusterCIDR",
        Type.FORBIDDEN);
    errorAt(
        cluster(
            s ->
                s.kubeControllerManager =
                    new KubeControllerManagerConfig(null, null, "10.0.0.0/8", null, null)),
        "spec.kubeControllerManager.clusterCIDR",
        Type.FORBIDDEN);
    noErrors(cluster(s -> s.kubeProxy = new KubeProxyConfig("100.96.0.0/11", null, null)));
  }

  @Test
  void refusesDuplicateSubnetNames() {
    errorAt(
        cluster(
            s ->
                s.subnets =
                    List.of(
                        subnet("us-test-1a", "172.20.0.0/17", "Public"),
                        subnet("us-test-1a", "172.20.128.0/17", "Public"))),
        "spec.subnets[1].name",
        Type.DUPLICATE);
  }

  @Test
  void refusesSubnetNamesThatCannotBeTagsOrNamespaceNames() {
    FieldError e =
        errorAt(
            cluster(s -> s.subnets = List.of(subnet("a b;rm", "172.20.0.0/16", "Public"))),
            "spec.subnets[0].name",
            Type.INVALID);
    assertThat(e.detail()).contains("no spaces");
    noErrors(
        withGroups(
            cluster(s -> s.subnets = List.of(subnet("us-test-1a", "172.20.0.0/16", "Public"))),
            List.of()));
  }

  @Test
  void refusesUnknownSubnetTypesAndMissingSubnets() {
    errorAt(
        cluster(s -> s.subnets = List.of(subnet("us-test-1a", "172.20.0.0/17", "Dmz"))),
        "spec.subnets[0].type",
        Type.UNSUPPORTED);
    errorAt(cluster(s -> s.subnets = List.of()), "spec.subnets", Type.REQUIRED);
  }

  @Test
  void allowsEgressOnlyOnPrivateSubnets() {
    ClusterBundle publicEgress =
        cluster(
            s ->
                s.subnets =
                    List.of(
                        new ClusterSubnet(
                            "us-test-1a",
                            "us-test-1a",
                            "172.20.0.0/16",
                            "Public",
                            "nat-1",
                            null,
                            null)));
    assertThat(errorAt(publicEgress, "spec.subnets[0].egress", Type.FORBIDDEN).detail())
        .contains("remove it");
    ClusterBundle privateEgress =
        ClusterDefaults.create(
            CreateClusterOptions.builder("c.example.com", List.of("us-test-1a"))
                .networking("calico")
                .topology("private")
                .egress("nat-09123456")
                .build());
    noErrors(privateEgress);
    ClusterBundle badEgress =
        privateCluster(
            "calico",
            s ->
                s.subnets =
                    List.of(
                        new ClusterSubnet(
                            "us-test-1a",
                            "us-test-1a",
                            "172.20.128.0/17",
                            "Private",
                            "gw-1",
                            null,
                            null),
                        subnet("utility-us-test-1a", "172.20.0.0/20", "Utility")));
    errorAt(badEgress, "spec.subnets[0].egress", Type.INVALID);
  }

  @Test
  void requiresAUtilitySubnetInEveryPrivateZone() {
    ClusterBundle b =
        privateCluster(
            "calico", s -> s.subnets = List.of(subnet("us-test-1a", "172.20.128.0/17", "Private")));
    assertThat(errorAt(b, "spec.subnets", Type.REQUIRED).detail()).contains("utility-us-test-1a");
    noErrors(privateCluster("calico", s -> {}));
  }

  @ParameterizedTest
  @ValueSource(strings = {"kubenet", "classic", "external"})
  void refusesModesNeedingOneRouteTableWithPrivateTopology(String mode) {
    ClusterBundle b =
        privateCluster(
            "calico",
            s -> {
              s.networking = NetworkingSpec.fromFlag(mode);
              s.kubernetesVersion = mode.equals("classic") ? "1.4.8" : "1.32.0";
            });
    FieldError e = errorAt(b, "spec.networking." + mode, Type.FORBIDDEN);
    assertThat(e.detail())
        .contains("route table")
        .contains("per zone")
        .contains("use a public topology");
  }

  @ParameterizedTest
  @ValueSource(strings = {"kopeio", "weave", "flannel", "calico", "canal", "romana", "cni"})
  void acceptsOverlayAndCniModesWithPrivateTopology(String mode) {
    noErrors(privateCluster(mode, s -> {}));
  }

  @Test
  void acceptsClassicOnlyUpToKubernetes14() {
    FieldError e =
        errorAt(
            cluster(
                s -> {
                  s.networking = new NetworkingSpec.Classic(null);
                  s.kubernetesVersion = "1.5.0";
                }),
            "spec.networking.classic",
            Type.FORBIDDEN);
    assertThat(e.detail()).contains("only up to Kubernetes 1.4").contains("use kubenet");
    noErrors(
        cluster(
            s -> {
              s.networking = new NetworkingSpec.Classic(null);
              s.kubernetesVersion = "v1.4.12";
            }));
  }

  @Test
  void requiresKubernetes14ForTheDaemonSetProviders() {
    FieldError e =
        errorAt(
            cluster(
                s -> {
                  s.networking = new NetworkingSpec.Weave(null, null);
                  s.kubernetesVersion = "1.3.7";
                }),
            "spec.networking.weave",
            Type.FORBIDDEN);
    assertThat(e.detail()).contains("1.4 or later");
    noErrors(
        cluster(
            s -> {
              s.networking = new NetworkingSpec.Romana(null);
              s.kubernetesVersion = "1.4.0";
            }));
    noErrors(cluster(s -> s.kubernetesVersion = "1.3.7"));
  }

  @Test
  void refusesKubeletNetworkPluginFlagsFromKubernetes124() {
    Consumer<ClusterSpecBuilder> flags =
        s -> s.kubelet = new KubeletConfig("kubenet", 9001, "100.64.0.0/10", null);
    ClusterBundle new124 = cluster(flags.andThen(s -> s.kubernetesVersion = "v1.24.0"));
    errorAt(new124, "spec.kubelet.networkPluginName", Type.FORBIDDEN);
    errorAt(new124, "spec.kubelet.networkPluginMTU", Type.FORBIDDEN);
    assertThat(errorAt(new124, "spec.kubelet.nonMasqueradeCIDR", Type.FORBIDDEN).detail())
        .contains("removed in" + " Kubernetes 1.24");
    noErrors(cluster(flags.andThen(s -> s.kubernetesVersion = "v1.23.17")));
  }

  @Test
  void requiresAKubeletNonMasqueradeCidrToMatchTheClusters() {
    errorAt(
        cluster(
            s -> {
              s.kubernetesVersion = "1.20.0";
              s.kubelet = new KubeletConfig(null, null, "10.0.0.0/8", null);
            }),
        "spec.kubelet.nonMasqueradeCIDR",
        Type.FORBIDDEN);
  }

  @Test
  void requiresARouteTableQuotaAwsCanGiveAndWarnsAboveFifty() {
    errorAt(
        cluster(s -> s.cloudConfig = new CloudConfig(0, null)),
        "spec.cloudConfig.routeTableQuota",
        Type.INVALID);
    errorAt(
        cluster(s -> s.cloudConfig = new CloudConfig(1001, null)),
        "spec.cloudConfig.routeTableQuota",
        Type.INVALID);
    ClusterBundle big = cluster(s -> s.cloudConfig = new CloudConfig(1000, null));
    noErrors(big);
    assertThat(ClusterValidator.warnings(big))
        .singleElement()
        .asString()
        .contains("large route tables may cost performance");
    assertThat(ClusterValidator.warnings(cluster(s -> s.cloudConfig = new CloudConfig(50, null))))
        .isEmpty();
  }

  @Test
  void requiresAKnownCloudAndAVersionThatParses() {
    errorAt(cluster(s -> s.cloudProvider = "gce"), "spec.cloudProvider", Type.UNSUPPORTED);
    errorAt(cluster(s -> s.cloudProvider = null), "spec.cloudProvider", Type.REQUIRED);
    errorAt(cluster(s -> s.kubernetesVersion = "latest"), "spec.kubernetesVersion", Type.INVALID);
    errorAt(cluster(s -> s.kubernetesVersion = null), "spec.kubernetesVersion", Type.REQUIRED);
    noErrors(cluster(s -> s.cloudProvider = "local"));
  }

  @Test
  void refusesUnknownDnsAndLoadBalancerTypes() {
    errorAt(
        cluster(s -> s.topology = new Topology(new Topology.Dns("Gossip"), null, null, null, null)),
        "spec.topology.dns.type",
        Type.UNSUPPORTED);
    errorAt(
        cluster(s -> s.api = new ApiSpec(new ApiSpec.LoadBalancer("External", null), null)),
        "spec.api.loadBalancer.type",
        Type.UNSUPPORTED);
  }

  @Test
  void asksForTheVpcCidrOfAnExistingVpc() {
    FieldError e =
        errorAt(
            cluster(
                s -> {
                  s.networkID = "vpc-1";
                  s.networkCIDR = null;
                }),
            "spec.networkCIDR",
            Type.REQUIRED);
    assertThat(e.detail()).contains("vpc-1");
  }

  @Test
  void explainsWhySubnetCidrsCouldNotBeCarved() {
    List<ClusterSubnet> nine = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      nine.add(ClusterSubnet.of("z" + i, "z" + i, null, "Public"));
    }
    FieldError e = errorAt(cluster(s -> s.subnets = nine), "spec.subnets[8].cidr", Type.REQUIRED);
    assertThat(e.detail()).contains("no block left");
  }

  @Test
  void refusesInstanceGroupsInSubnetsTheClusterDoesNotHave() {
    ClusterBundle b = cluster(s -> {});
    ClusterBundle bad =
        withGroups(
            b,
            List.of(
                b.instanceGroups().get(0), group("nodes", "Node", List.of("us-test-1z"), 1, 1)));
    assertThat(errorAt(bad, "instanceGroup[nodes].spec.subnets[0]", Type.NOT_FOUND).detail())
        .contains("us-test-1a");
    errorAt(
        withGroups(b, List.of(b.instanceGroups().get(0), group("nodes", "Node", List.of(), 1, 1))),
        "instanceGroup[nodes].spec.subnets",
        Type.REQUIRED);
  }

  @Test
  void refusesUnknownRolesSizesOutOfOrderAndDuplicateNames() {
    ClusterBundle b = cluster(s -> {});
    InstanceGroup cp = b.instanceGroups().get(0);
    errorAt(
        withGroups(b, List.of(cp, group("nodes", "Worker", List.of("us-test-1a"), 1, 1))),
        "instanceGroup[nodes].spec.role",
        Type.UNSUPPORTED);
    FieldError e =
        errorAt(
            withGroups(b, List.of(cp, group("nodes", "Node", List.of("us-test-1a"), 3, 2))),
            "instanceGroup[nodes].spec.minSize",
            Type.INVALID);
    assertThat(e.detail()).contains("greater than maxSize 2");
    errorAt(
        withGroups(b, List.of(cp, group("nodes", "Node", List.of("us-test-1a"), -1, 2))),
        "instanceGroup[nodes].spec.minSize",
        Type.INVALID);
    errorAt(
        withGroups(
            b,
            List.of(
                cp,
                group("nodes", "Node", List.of("us-test-1a"), 1, 1),
                group("nodes", "Node", List.of("us-test-1a"), 1, 1))),
        "instanceGroup[nodes].metadata.name",
        Type.DUPLICATE);
    noErrors(withGroups(b, List.of(cp, group("nodes", "Node", List.of("us-test-1a"), 0, 5))));
  }

  @Test
  void refusesAnInstanceGroupLabelledForAnotherCluster() {
    ClusterBundle b = cluster(s -> {});
    InstanceGroup other =
        new InstanceGroup(
            Cluster.API_VERSION,
            InstanceGroup.KIND,
            new ObjectMeta(
                "nodes", null, Map.of(InstanceGroup.CLUSTER_LABEL, "other.example.com"), null),
            b.instanceGroups().get(1).spec(),
            null);
    errorAt(
        withGroups(b, List.of(b.instanceGroups().get(0), other)),
        "instanceGroup[nodes].metadata.labels[kops.k8s.io/cluster]",
        Type.INVALID);
  }

  @Test
  void refusesAnEvenNumberOfControlPlaneGroupsForEtcdQuorum() {
    ClusterBundle b = cluster(s -> {});
    InstanceGroup cp2 = group("control-plane-us-test-1a-2", "Master", List.of("us-test-1a"), 1, 1);
    FieldError e =
        errorAt(
            withGroups(b, List.of(b.instanceGroups().get(0), cp2, b.instanceGroups().get(1))),
            "instanceGroups",
            Type.FORBIDDEN);
    assertThat(e.detail()).contains("odd number").contains("--control-plane-zones");
    InstanceGroup cp3 =
        group("control-plane-us-test-1a-3", "ControlPlane", List.of("us-test-1a"), 1, 1);
    noErrors(
        withGroups(b, List.of(b.instanceGroups().get(0), cp2, cp3, b.instanceGroups().get(1))));
    errorAt(withGroups(b, List.of(b.instanceGroups().get(1))), "instanceGroups", Type.REQUIRED);
    // A cluster alone (create -f with only the Cluster document) is checked without groups.
    noErrors(withGroups(b, List.of()));
  }

  @Test
  void reportsEveryErrorAtOnceEachWithAFix() {
    ClusterBundle b =
        cluster(
            s -> {
              s.networking = new NetworkingSpec.Flannel("gre", null);
              s.podCIDR = "10.0.0.0/8";
              s.cloudConfig = new CloudConfig(0, null);
            });
    List<FieldError> errors = ClusterValidator.validate(b);
    assertThat(errors)
        .extracting(FieldError::path)
        .contains(
            "spec.networking.flannel.backend", "spec.podCIDR", "spec.cloudConfig.routeTableQuota");
    ClusterBundle many =
        withGroups(
            cluster(
                s -> {
                  s.networking = new NetworkingSpec.Calico(1, "gre", null, null, "consul", null);
                  s.networkCIDR = "172.20.0.0/16";
                  s.nonMasqueradeCIDR = "172.0.0.0/8";
                  s.serviceClusterIPRange = "10.0.0.0/300";
                  s.kubernetesVersion = "1.30.0";
                  s.kubelet = new KubeletConfig("cni", 1500, null, null);
                  s.subnets =
                      List.of(
                          new ClusterSubnet(
                              "x", "us-test-1a", "10.0.0.0/8", "Public", "nat-1", null, null),
                          ClusterSubnet.of("x", "us-test-1a", "172.20.0.0/16", "Private"));
                }),
            List.of(
                group("a", "Master", List.of("nope"), 2, 1), group("a", "Boss", List.of(), 1, 1)));
    List<FieldError> all = ClusterValidator.validate(many);
    assertThat(all)
        .hasSizeGreaterThan(15)
        .allSatisfy(
            e ->
                assertThat(e.detail())
                    .as(e.toString())
                    .containsPattern(
                        "(?i)\\b(use|set|add|remove|rename|raise|choose|give|write|move|make|name at least|supported values"
                            + "|must be|did you mean)\\b"));
    assertThatThrownBy(() -> ClusterValidator.check(b))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("cluster c.example.com is not valid")
        .hasMessageContaining("spec.podCIDR: Forbidden");
  }
}
