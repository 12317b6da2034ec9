package dev.jkops.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jkops.PeerData;
import dev.jkops.model.ClusterCompletion;
import dev.jkops.model.addon.BootstrapChannel;
import dev.jkops.testing.SpecMutations;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link RecordTrees} and {@link YamlTreeWriter} against Jackson's mapper, the reference: the same
 * tree for every record a spec holds, and the same YAML text from {@link YamlCodec#toYaml}, for
 * kops' golden specs, jkops' seed specs and their completed forms, every networking option, and
 * plain values whose quoting Jackson decides (numbers, booleans, YAML's reserved words, indicators,
 * several lines).
 */
class RecordTreesTest {

  /** The tree and the text of {@code objects}, each as Jackson's mapper makes it. */
  private static void sameAsJackson(List<?> objects) {
    for (Object o : objects) {
      JsonNode reference = YamlCodec.jacksonTree(o);
      assertThat(RecordTrees.tree(o))
          .as("tree of %s", o.getClass().getSimpleName())
          .hasValueSatisfying(t -> assertThat(t).isEqualTo(reference));
    }
    assertThat(YamlCodec.toYaml(objects)).isEqualTo(YamlCodec.toYamlWithJackson(objects));
  }

  private static List<Object> records(YamlCodec.Documents d) {
    List<Object> all = new ArrayList<>(d.clusters());
    all.addAll(d.instanceGroups());
    return all;
  }

  @Test
  void everyPeerSpecAndItsCompletionIsWrittenAsJacksonWritesIt() throws IOException {
    Path peer = PeerData.kops().getParent();
    List<Path> files;
    try (Stream<Path> s = Files.walk(peer)) {
      files =
          s.filter(Files::isRegularFile)
              .filter(
                  f ->
                      f.getFileName().toString().matches("(in|expected)-v1alpha2\\.yaml")
                          || f.getFileName().toString().endsWith("cluster-completed.spec_content"))
              .sorted()
              .toList();
    }
    assertThat(files).hasSizeGreaterThan(20);
    int completed = 0;
    for (Path f : files) {
      YamlCodec.Documents d = YamlCodec.read(Files.readString(f), f.toString());
      sameAsJackson(records(d));
      for (Cluster c : d.clusters()) {
        Cluster done;
        try {
          done = ClusterCompletion.complete(new ClusterBundle(c, d.instanceGroups()));
        } catch (RuntimeException notCompletable) {
          continue; // a spec jkops refuses (an AWS-only option, say) has no completed form
        }
        sameAsJackson(List.of(done, done.spec().networking()));
        completed++;
      }
    }
    assertThat(completed).isGreaterThan(10);
  }

  @Test
  void everySeedSpecItsCompletionAndItsNetworkingAreWrittenAsJacksonWritesThem() {
    for (String seed : SpecMutations.seedSpecs()) {
      YamlCodec.Documents d = YamlCodec.read(seed, "seed.yaml");
      sameAsJackson(records(d));
      for (Cluster c : d.clusters()) {
        Cluster done = ClusterCompletion.complete(new ClusterBundle(c, d.instanceGroups()));
        List<Object> parts = new ArrayList<>(List.of(done, done.spec().networking()));
        if (done.spec().kubeProxy() != null) {
          parts.add(done.spec().kubeProxy());
        }
        sameAsJackson(parts);
      }
    }
  }

  @Test
  void everyNetworkingOptionIsWrittenAsJacksonWritesIt() {
    List<String> options =
        List.of(
            "kubenet: {}",
            "classic: {}",
            "external: {}",
            "cni: {}",
            "kopeio: {}",
            "romana: {}",
            "weave: {mtu: 8912}",
            "flannel: {backend: vxlan}",
            "calico: {mtu: 8981, encapsulationMode: vxlan, crossSubnet: true,"
                + " awsSrcDstCheck: false, datastore: etcd, typhaReplicas: 3}",
            "canal: {mtu: 1440}",
            "cilium: {version: v1.16.5, tunnel: vxlan, ipam: kubernetes, enableNodePort: true,"
                + " etcdManaged: false, identityAllocationMode: crd, enablePolicy: default,"
                + " agentPodAnnotations: {a: b}, operatorPodAnnotations: {c: d}, hubble: {enabled:"
                + " true}}",
            "kindnet: {version: v1.8.0, networkPolicies: true, dnsCaching: false, nat64: false,"
                + " fastPathThreshold: 0, logLevel: 2, masquerade: {enabled: true,"
                + " nonMasqueradeCIDRs: [10.0.0.0/8]}}",
            "kuberouter: {useNFTablesForNetpol: true}",
            "amazonvpc: {imageName: a, initImageName: b, networkPolicyAgentImage: c, env: [{name:"
                + " X, value: '1'}]}");
    for (String networking : options) {
      String text =
          """
          apiVersion: kops.k8s.io/v1alpha2
          kind: Cluster
          metadata:
            name: a.example.com
            creationTimestamp: 2024-01-02T03:04:05Z
            labels: {team: net, '1': 'yes'}
          spec:
            kubernetesVersion: 1.30.2
            networkCIDR: 172.20.0.0/16
            nonMasqueradeCIDR: 100.64.0.0/10
            sshAccess: [0.0.0.0/0, '::/0']
            subnets:
            - {name: a, zone: us-east-1a, cidr: 172.20.32.0/19, type: Public}
            networking:
              NETWORKING
            kubeProxy: {enabled: false, metricsBindAddress: '0.0.0.0:10249'}
            rollingUpdate: {maxSurge: 1, maxUnavailable: 25%}
            etcdClusters:
            - name: main
              cpuRequest: 200m
              manager: {backupRetentionDays: 90, env: [{name: ETCD_X, value: x}]}
            iam: {legacy: false, allowContainerRegistry: true}
            big: 12345678901234
            ratio: 0.5
          """
              .replace("NETWORKING", networking);
      YamlCodec.Documents d = YamlCodec.read(text, "options.yaml");
      Cluster c = d.clusters().get(0);
      sameAsJackson(List.of(c, c.spec(), c.spec().networking(), c.spec().kubeProxy()));
    }
  }

  @Test
  void plainValuesAreQuotedAsJacksonQuotesThem() {
    List<String> strings =
        List.of(
            "plain",
            "",
            " ",
            "true",
            "false",
            "yes",
            "No",
            "on",
            "OFF",
            "null",
            "~",
            "y",
            "1",
            "-1",
            "+1",
            "1.5",
            ".5",
            "1e3",
            "0x1F",
            "1_000",
            "2024-01-02",
            "2024-01-02T03:04:05Z",
            "100.96.0.0/11",
            "fd00::/64",
            "::1",
            "a: b",
            "a:b",
            "http://x/y",
            "#comment",
            "a #b",
            "-",
            "- a",
            "-a",
            "?",
            "? a",
            "[a]",
            "{a}",
            "*ref",
            "&anchor",
            "!tag",
            "|",
            ">",
            "%x",
            "@x",
            "`x",
            "'quoted'",
            "\"double\"",
            "trailing ",
            " leading",
            "two\nlines",
            "two\nlines\n",
            "tab\there",
            "caf\u00e9",
            "\u2603",
            "\uD83D\uDE00",
            "nul\u0000byte",
            "bell\u0007",
            "a,b",
            "25%",
            "v1.16.5");
    Map<String, Object> doc = new LinkedHashMap<>();
    for (int i = 0; i < strings.size(); i++) {
      doc.put("k" + i, strings.get(i));
      doc.put(strings.get(i).isEmpty() ? "empty-key" : strings.get(i), i);
    }
    doc.put("list", strings);
    doc.put(
        "numbers",
        Arrays.asList(
            0,
            -7,
            Integer.MAX_VALUE,
            Long.MAX_VALUE,
            1.25,
            -0.0,
            1e300,
            new BigInteger("123456789012345678901234567890")));
    doc.put("flags", List.of(true, false));
    doc.put("nested", Map.of("empty", Map.of(), "none", List.of(), "deep", List.of(List.of("x"))));
    sameAsJackson(List.of(doc));
    // several documents, as the channel and the spec are written together
    sameAsJackson(List.of(doc, new TreeMap<>(Map.of("b", "1", "a", "yes"))));
  }

  @Test
  void theChannelDocumentIsWrittenAsJacksonWritesIt() {
    Map<String, Object> channel = BootstrapChannel.document(List.of());
    sameAsJackson(List.of(channel));
  }

  @Test
  void valuesItDoesNotWriteOutAreLeftToJackson() {
    Map<String, Object> withNull = new LinkedHashMap<>();
    withNull.put("a", null);
    enum Colour {
      RED
    }
    for (Object o :
        List.of(
            withNull,
            Map.of("c", Colour.RED),
            List.of(1.5f),
            List.of(new BigDecimal("1.50")),
            new Object[0])) {
      assertThat(RecordTrees.tree(o)).as("%s", o).isEmpty();
    }
    // and toYaml still writes them, through Jackson
    assertThat(YamlCodec.toYaml(withNull))
        .isEqualTo(YamlCodec.toYamlWithJackson(List.of(withNull)));
    assertThat(YamlCodec.toYaml(Map.of("c", Colour.RED)))
        .isEqualTo(YamlCodec.toYamlWithJackson(List.of(Map.of("c", Colour.RED))))
        .isEqualTo("c: RED\n");
  }
}
