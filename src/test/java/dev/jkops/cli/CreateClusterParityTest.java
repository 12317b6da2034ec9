package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jkops.PeerData;
import dev.jkops.api.Cluster;
import dev.jkops.api.ClusterSubnet;
import dev.jkops.api.InstanceGroup;
import dev.jkops.api.YamlCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kops' own create_cluster cases (HEAD) typed as a user would type them: the options become {@code
 * jkops create cluster} flags, and the networking parts of what jkops prints with {@code --dry-run
 * -o yaml} must match what kops wrote. (The api-level test compares older refs too and explains
 * their differences; this one proves the flags reach the defaults unchanged.)
 */
class CreateClusterParityTest {
  @TempDir Path dir;

  /** kops' CreateClusterOptions field names and the jkops flags that set them. */
  static final Map<String, String> FLAGS =
      Map.ofEntries(
          Map.entry("ClusterName", "--name"),
          Map.entry("Zones", "--zones"),
          Map.entry("ControlPlaneZones", "--control-plane-zones"),
          Map.entry("MasterZones", "--master-zones"),
          Map.entry("CloudProvider", "--cloud"),
          Map.entry("Cloud", "--cloud"),
          Map.entry("Networking", "--networking"),
          Map.entry("Topology", "--topology"),
          Map.entry("Bastion", "--bastion"),
          Map.entry("IPv6", "--ipv6"),
          Map.entry("NetworkID", "--network-id"),
          Map.entry("Egress", "--egress"),
          Map.entry("KubernetesVersion", "--kubernetes-version"),
          Map.entry("NodeSecurityGroups", "--node-security-groups"),
          Map.entry("ControlPlaneSecurityGroups", "--control-plane-security-groups"),
          Map.entry("MasterSecurityGroups", "--master-security-groups"));

  static Stream<Path> headCases() throws IOException {
    try (Stream<Path> dirs = Files.list(PeerData.kops().resolve("create_cluster"))) {
      return dirs
          .filter(d -> d.getFileName().toString().endsWith("@HEAD"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("headCases")
  void createClusterFlagsGiveTheNetworkingKopsWrites(Path caseDir) throws Exception {
    List<String> args = new ArrayList<>(List.of("create", "cluster", "--dry-run", "-o", "yaml"));
    JsonNode options =
        YamlCodec.readTrees(Files.readString(caseDir.resolve("options.yaml"))).get(0);
    Iterator<Map.Entry<String, JsonNode>> it = options.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String flag = FLAGS.get(e.getKey());
      if (flag == null) {
        continue; // cloudLabels and the like: not networking
      }
      JsonNode v = e.getValue();
      if (v.isBoolean()) {
        if (v.booleanValue()) {
          args.add(flag);
        }
      } else if (v.isArray()) {
        List<String> items = new ArrayList<>();
        v.forEach(x -> items.add(x.asText()));
        args.add(flag + "=" + String.join(",", items));
      } else {
        args.add(flag + "=" + v.asText());
      }
    }
    if (options.has("NetworkID")) {
      // kops reads the VPC's CIDR from AWS; jkops asks for it (kops' test cloud answers
      // 10.0.0.0/12).
      args.add("--network-cidr=10.0.0.0/12");
    }
    Cli.Result r = new Cli(dir, "file://" + dir.resolve("state")).run(args.toArray(String[]::new));
    assertThat(r.code()).as(r.toString()).isZero();
    YamlCodec.Documents ours = YamlCodec.read(r.out(), "jkops output");
    YamlCodec.Documents kops =
        YamlCodec.read(
            Files.readString(caseDir.resolve("expected-v1alpha2.yaml")),
            caseDir + "/expected-v1alpha2.yaml");
    assertThat(networking(ours)).isEqualTo(networking(kops));
    assertThat(dir.resolve("state")).doesNotExist();
  }

  /** The compared fields, flattened to path=value so a difference reads as one line. */
  static Map<String, String> networking(YamlCodec.Documents docs) {
    Map<String, String> out = new TreeMap<>();
    Cluster c = docs.clusters().get(0);
    var s = c.spec();
    out.put("networking", s.networking().key());
    out.put("networkCIDR", String.valueOf(s.networkCIDR()));
    out.put("networkID", String.valueOf(s.networkID()));
    out.put("nonMasqueradeCIDR", String.valueOf(s.nonMasqueradeCIDR()));
    out.put("podCIDR", String.valueOf(s.podCIDR()));
    out.put("serviceClusterIPRange", String.valueOf(s.serviceClusterIPRange()));
    for (ClusterSubnet sn : s.subnetsOrEmpty()) {
      out.put(
          "subnet[" + sn.name() + "]",
          sn.zone() + " " + sn.cidr() + " " + sn.type() + " egress=" + sn.egress());
    }
    for (InstanceGroup ig : docs.instanceGroups()) {
      var g = ig.spec();
      out.put(
          "instanceGroup[" + ig.name() + "]",
          g.role() + " " + g.subnetsOrEmpty() + " " + g.minSize() + ".." + g.maxSize());
    }
    return out;
  }
}
