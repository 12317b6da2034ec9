package dev.jkops.cloud.picture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.jkops.api.ClusterBundle;
import dev.jkops.cloud.picture.NetworkPicture.Gateway;
import dev.jkops.cloud.picture.NetworkPicture.Link;
import dev.jkops.cloud.picture.NetworkPicture.Machine;
import dev.jkops.cloud.picture.NetworkPicture.Route;
import dev.jkops.cloud.picture.NetworkPicture.RouteTable;
import dev.jkops.cloud.picture.NetworkPicture.Subnet;
import dev.jkops.cloud.picture.NetworkPicture.ToGateway;
import dev.jkops.cloud.picture.NetworkPicture.ToMachine;
import dev.jkops.model.CloudFacts;
import dev.jkops.model.Instance;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.TestClusters;
import dev.jkops.model.ipam.IpamState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The picture of a planned network as a Graphviz graph: what is drawn, how names are escaped, and
 * that it is stable.
 */
class DotGraphTest {

  static NetworkPlan plan(ClusterBundle b, String cloud) {
    return NetworkPlanner.plan(b, IpamState.empty(), CloudFacts.forCloud(cloud));
  }

  static DotText draw(ClusterBundle b, String cloud) {
    return DotText.parse(
        DotGraph.render(
            PlanPicture.of(plan(b, cloud), b.cluster().spec(), cloud.equals("aws"), "test")));
  }

  @Test
  void kubenetDrawsEveryInstanceWithItsAddressAndRangeAndOneRoutePerNodeInTheRouteTable() {
    ClusterBundle b = TestClusters.threeZonesHa("k.example.com", "kubenet", "1.32.0");
    NetworkPlan plan = plan(b, "aws");
    DotText g = draw(b, "aws");

    assertThat(plan.instances()).hasSize(6);
    for (Instance i : plan.instances()) {
      String range = plan.podRange(i.name()).orElseThrow().toString();
      assertThat(g.nodes().get("instance:" + i.name()))
          .as(i.name())
          .contains(i.privateAddress())
          .contains("pods " + range);
      assertThat(g.edgesFrom("table:k.example.com"))
          .anySatisfy(
              e ->
                  assertThat(e)
                      .extracting(DotText.Edge::to, DotText.Edge::label)
                      .containsExactly("instance:" + i.name(), range));
    }
    assertThat(g.edgesFrom("table:k.example.com"))
        .filteredOn(e -> e.label().equals("associated"))
        .extracting(DotText.Edge::to)
        .containsExactlyInAnyOrder("subnet:us-test-1a", "subnet:us-test-1b", "subnet:us-test-1c");
    assertThat(g.edgesFrom("table:k.example.com"))
        .filteredOn(e -> e.to().equals("gateway:igw"))
        .extracting(DotText.Edge::label)
        .containsExactlyInAnyOrder("0.0.0.0/0", "::/0");
    assertThat(g.nodes().get("table:k.example.com"))
        .contains(plan.routes().get(0).destination().toString());
    assertThat(g.edges()).noneMatch(e -> e.from().startsWith("instance:"));
    assertThat(g.nodes().get("subnet:us-test-1b")).contains("172.20.64.1");
  }

  @Test
  void privateZonesRouteOutThroughANatGatewayInTheirUtilitySubnetAndCalicoTunnelsAcrossSubnets() {
    ClusterBundle b = TestClusters.threeZonesPrivate("p.example.com", "calico", "1.32.0");
    String dot = DotGraph.render(PlanPicture.of(plan(b, "aws"), b.cluster().spec(), true, "t"));
    DotText g = DotText.parse(dot);

    for (String zone : List.of("us-test-1a", "us-test-1b", "us-test-1c")) {
      assertThat(g.edgesFrom("table:private-" + zone + ".p.example.com"))
          .extracting(e -> e.to() + " " + e.label())
          .containsExactlyInAnyOrder(
              "gateway:nat-" + zone + " 0.0.0.0/0", "subnet:" + zone + " associated");
      assertThat(subnetBlock(dot, "utility-" + zone)).contains("\"gateway:nat-" + zone + "\"");
    }
    assertThat(g.nodes().get("instance:bastions-1")).contains("no pods");
    // nodes-1 and nodes-2 are in different zones: calico's IP-in-IP, both ways, one edge.
    assertThat(g.edges())
        .anySatisfy(
            e -> {
              assertThat(e.from() + " -> " + e.to())
                  .isEqualTo("instance:nodes-1 -> instance:nodes-2");
              assertThat(e.label()).isEqualTo("ipip tunl0");
              assertThat(e.attributes()).contains("dir=\"both\"");
            });
  }

  @Test
  void anOverlayLinksEveryPairOfNodesOnceWithArrowsBothWays() {
    ClusterBundle b = TestClusters.oneZone("f.example.com", "flannel", "1.32.0", 3, 3);
    DotText g = draw(b, "local");

    List<DotText.Edge> overlay =
        g.edges().stream().filter(e -> e.from().startsWith("instance:")).toList();
    assertThat(overlay).hasSize(6); // 4 machines (a master and three nodes): 4*3/2 pairs
    assertThat(overlay)
        .allSatisfy(
            e -> {
              assertThat(e.label()).isEqualTo("vxlan flannel.1");
              assertThat(e.attributes()).contains("dir=\"both\"");
            });
    assertThat(g.nodes().values())
        .filteredOn(l -> l.contains("pods "))
        .allSatisfy(l -> assertThat(l).contains("vxlan flannel.1 VNI 1 UDP 8472, MTU 1450"));
  }

  /**
   * The providers of issue 22 are drawn as they carry packets: cilium's VXLAN tunnel between every
   * pair of nodes, kindnet's and kube-router's routes through the other node (no overlay).
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "cilium,vxlan,vxlan",
    "kindnet,route eth0,host routes",
    "kube-router,route eth0,host routes"
  })
  void ciliumKindnetAndKubeRouterAreDrawnAsTheyCarryPackets(
      String mode, String link, String detail) {
    ClusterBundle b = TestClusters.oneZone("n.example.com", mode, "1.32.0", 3, 3);
    DotText g = draw(b, "local");

    List<DotText.Edge> paths =
        g.edges().stream().filter(e -> e.from().startsWith("instance:")).toList();
    assertThat(paths).as(mode).hasSize(6);
    assertThat(paths)
        .allSatisfy(
            e -> {
              assertThat(e.label()).startsWith(link);
              assertThat(e.attributes()).contains("dir=\"both\"");
            });
    assertThat(g.nodes().values())
        .filteredOn(l -> l.contains("pods "))
        .hasSize(4)
        .allSatisfy(l -> assertThat(l).contains(detail));
  }

  @Test
  void aPathOnlyOneWayIsDrawnAsOneArrow() {
    NetworkPicture p = picture(List.of(new Link("a", "b", "vxlan", "flannel.1")));
    DotText g = DotText.parse(DotGraph.render(p));
    assertThat(g.edges())
        .filteredOn(e -> e.from().equals("instance:a"))
        .singleElement()
        .satisfies(e -> assertThat(e.attributes()).doesNotContain("dir="));
  }

  @Test
  void namesWithQuotesBackslashesAndNewlinesAreEscapedAndReadBackUnchanged() throws Exception {
    NetworkPicture p =
        new NetworkPicture(
            "title \"quoted\" C:\\n\nsecond line",
            "10.0.0.0/16",
            List.of(new Subnet("we\"ird\\name", "10.0.1.0/24", "z\\n", "Public", "10.0.1.1")),
            List.of(),
            List.of(new RouteTable("t\"1", List.of("we\"ird\\name"), List.of())),
            List.of(
                new Machine(
                    "m\"1",
                    "g",
                    "nodes",
                    "we\"ird\\name",
                    "10.0.1.5",
                    Optional.of("100.96.1.0/24"),
                    List.of("back\\slash"))),
            List.of());
    String dot = DotGraph.render(p);
    DotText g = DotText.parse(dot);

    assertThat(g.title()).isEqualTo("title \"quoted\" C:\\n second line");
    assertThat(g.nodes()).containsKeys("subnet:we\"ird\\name", "instance:m\"1", "table:t\"1");
    assertThat(g.nodes().get("instance:m\"1")).contains("back\\slash");
    assertThat(dot).contains("\"instance:m\\\"1\"").contains("we\\\"ird\\\\name");
    assertThat(dot.lines().filter(l -> l.contains("m\\\"1") && l.contains("[label="))).hasSize(1);
    acceptedByGraphviz(dot);
  }

  @Test
  void theSameNetworkGivesTheSameTextWhateverOrderItWasReadIn() {
    NetworkPicture p =
        picture(
            List.of(
                new Link("a", "b", "route", "eth0"),
                new Link("b", "a", "route", "eth0"),
                new Link("a", "c", "vxlan", "vxlan.calico")));
    NetworkPicture shuffled =
        new NetworkPicture(
            p.title(),
            p.vpcCidr(),
            reversed(p.subnets()),
            reversed(p.gateways()),
            reversed(p.routeTables()).stream()
                .map(t -> new RouteTable(t.name(), reversed(t.subnets()), reversed(t.routes())))
                .toList(),
            reversed(p.machines()),
            reversed(p.links()));

    assertThat(DotGraph.render(shuffled)).isEqualTo(DotGraph.render(p));
    assertThat(DotGraph.render(p).indexOf("100.96.2.0/24"))
        .isLessThan(DotGraph.render(p).indexOf("100.96.10.0/24"));
  }

  @Test
  void graphvizAcceptsThePicturesOfAKubenetAndACalicoCluster() throws Exception {
    acceptedByGraphviz(
        DotGraph.render(
            PlanPicture.of(
                plan(TestClusters.threeZonesHa("k.example.com", "kubenet", "1.32.0"), "aws"),
                TestClusters.threeZonesHa("k.example.com", "kubenet", "1.32.0").cluster().spec(),
                true,
                "kubenet")));
    ClusterBundle calico = TestClusters.threeZonesPrivate("p.example.com", "calico", "1.32.0");
    acceptedByGraphviz(
        DotGraph.render(
            PlanPicture.of(plan(calico, "aws"), calico.cluster().spec(), true, "calico")));
  }

  static NetworkPicture picture(List<Link> links) {
    List<Machine> machines = new ArrayList<>();
    for (String m : List.of("a", "b", "c")) {
      machines.add(
          new Machine(
              m,
              "nodes",
              "nodes",
              "s1",
              "10.0.1." + (m.charAt(0) - 'a' + 5),
              Optional.empty(),
              List.of()));
    }
    return new NetworkPicture(
        "t",
        "10.0.0.0/16",
        List.of(
            new Subnet("s1", "10.0.1.0/24", "z1", "Public", "10.0.1.1"),
            new Subnet("s2", "10.0.2.0/24", "z2", "Private", "10.0.2.1")),
        List.of(
            new Gateway("igw", "internet gateway", Optional.empty()),
            new Gateway("nat-z2", "NAT gateway z2", Optional.of("s1"))),
        List.of(
            new RouteTable(
                "public",
                List.of("s1"),
                List.of(
                    new Route("100.96.10.0/24", new ToMachine("c")),
                    new Route("100.96.2.0/24", new ToMachine("b")),
                    new Route("0.0.0.0/0", new ToGateway("igw")))),
            new RouteTable(
                "private-z2",
                List.of("s2"),
                List.of(new Route("0.0.0.0/0", new ToGateway("nat-z2"))))),
        machines,
        links);
  }

  static <T> List<T> reversed(List<T> in) {
    List<T> out = new ArrayList<>(in);
    Collections.reverse(out);
    return out;
  }

  /** The text between a subnet's box label and the end of its box. */
  static String subnetBlock(String dot, String subnet) {
    int start = dot.indexOf("label=\"subnet " + subnet + "\\n");
    assertThat(start).as("box of subnet " + subnet).isNotNegative();
    return dot.substring(start, dot.indexOf("\n    }", start));
  }

  /**
   * {@code dot -Tsvg} reads the text without a warning. Graphviz comes from scripts/setup; off CI,
   * without it, this skips and says so.
   */
  static void acceptedByGraphviz(String dot) throws IOException, InterruptedException {
    Optional<Path> exe =
        Optional.ofNullable(System.getenv("PATH")).stream()
            .flatMap(p -> List.of(p.split(":")).stream())
            .map(d -> Path.of(d, "dot"))
            .filter(Files::isExecutable)
            .findFirst();
    if (exe.isEmpty()) {
      if ("true".equals(System.getenv("CI"))) {
        fail("Graphviz's dot is not installed; scripts/setup installs it (package graphviz)");
      }
      Assumptions.abort(
          "Graphviz's dot is not installed (scripts/setup installs package graphviz); skipped");
    }
    Process p = new ProcessBuilder(exe.get().toString(), "-Tsvg").redirectErrorStream(true).start();
    p.getOutputStream().write(dot.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("dot finished").isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).startsWith("<?xml").doesNotContain("Warning", "Error");
  }
}
