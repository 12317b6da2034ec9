package dev.jkops.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.PeerData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every kops create_cluster golden case through {@link ClusterDefaults#create} and compares
 * the networking parts with what kops wrote. HEAD cases must match field for field; older refs may
 * differ only where kops' behaviour of that day differs, and each such difference is named here.
 */
class CreateClusterParityTest {

  /** A known difference: why it exists, and which compared fields it explains. */
  record Difference(String reason, Predicate<String> fields) {}

  /**
   * kops 1.8.0 (2017) vs today. jkops does what kops HEAD does; each line is a behaviour kops
   * changed since.
   */
  static final List<Difference> KOPS_1_8_0 =
      List.of(
          new Difference(
              "kops < 1.28 always carved eight /19s (zones from 172.20.32.0/19, utility /22s from"
                  + " 172.20.0.0/22); HEAD sizes the parts to the subnet count",
              f -> f.matches("subnet\\[.*\\]\\.cidr")),
          new Difference(
              "kops 1.8 named control-plane groups master-<zone>; HEAD names them control-plane-<zone>",
              f ->
                  f.startsWith("instanceGroup[master-")
                      || f.startsWith("instanceGroup[control-plane-")
                      || f.equals("instanceGroups")),
          new Difference(
              "kops 1.8 made one `nodes` group of 2 across all zones; HEAD makes nodes-<zone> groups with"
                  + " the node count (default: one per zone) spread over them",
              f -> f.startsWith("instanceGroup[nodes") || f.equals("instanceGroups")),
          new Difference(
              "kops 1.8 put the bastion in the utility subnets; HEAD puts it in the private subnets",
              f -> f.equals("instanceGroup[bastions].subnets")),
          new Difference(
              "kops 1.8 wrote apiVersion kops/v1alpha2; HEAD writes kops.k8s.io/v1alpha2",
              f -> f.equals("apiVersion")),
          new Difference(
              "kops 1.8 recorded topology.masters/nodes: private and a public DNS zone with a bastion public"
                  + " name; HEAD records only dns.type None (no DNS zone given) and infers the topology from the subnets",
              f -> f.startsWith("topology.")));

  static Stream<Path> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(PeerData.kops().resolve("create_cluster"))) {
      return dirs.filter(Files::isDirectory).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void createClusterWritesTheNetworkingKopsWrites(Path dir) throws IOException {
    KopsCreateCase c = KopsCreateCase.load(dir);
    if (c.name().startsWith("shared_vpc")) {
      // kops reads the existing VPC's CIDR (10.0.0.0/12 in its fake cloud) from AWS; jkops does not
      // query the cloud at create time, so the user passes it, as this test does.
      c = c.withNetworkCidrs(List.of("10.0.0.0/12"));
    }
    ClusterBundle bundle = ClusterDefaults.create(c.options());
    Map<String, String> actual =
        KopsCreateCase.networkingFields(bundle.cluster(), bundle.instanceGroups());
    Map<String, String> expected =
        KopsCreateCase.networkingFields(
            c.expected().clusters().get(0), c.expected().instanceGroups());

    TreeSet<String> keys = new TreeSet<>(actual.keySet());
    keys.addAll(expected.keySet());
    Map<String, String> mismatches = new LinkedHashMap<>();
    for (String k : keys) {
      if (!Objects.equals(actual.get(k), expected.get(k))) {
        mismatches.put(k, "jkops " + actual.get(k) + " / kops " + expected.get(k));
      }
    }
    System.out.printf(
        "parity %-22s %d/%d networking fields match%n",
        c.name(), keys.size() - mismatches.size(), keys.size());

    List<Difference> allowed = c.name().endsWith("@HEAD") ? List.of() : differencesFor(c.name());
    for (Difference d : allowed) {
      assertThat(mismatches.keySet())
          .as("named difference has an effect: %s", d.reason())
          .anyMatch(d.fields());
    }
    Map<String, String> unexplained = new LinkedHashMap<>(mismatches);
    unexplained.keySet().removeIf(k -> allowed.stream().anyMatch(d -> d.fields().test(k)));
    assertThat(unexplained).as("fields differing from kops in %s", c.name()).isEmpty();
    // Whatever kops wrote, jkops' own result must pass jkops' validation.
    assertThat(ClusterValidator.validate(bundle)).isEmpty();
  }

  private static List<Difference> differencesFor(String caseName) {
    if (caseName.endsWith("@1.8.0")) {
      return KOPS_1_8_0;
    }
    throw new IllegalStateException(
        "no named differences for " + caseName + "; add them beside KOPS_1_8_0");
  }
}
