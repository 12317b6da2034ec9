package dev.jkops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jkops.PeerData;
import dev.jkops.testing.Property;
import dev.jkops.testing.SpecMutations;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The reader without databind ({@link RecordYamlReader}) against Jackson's ({@link
 * YamlCodec#readWithJackson}): on every input, {@link YamlCodec#read} gives the same records
 * (equal, and printed the same, so map order and number types agree too) or the same error, word
 * for word.
 */
class RecordYamlReaderTest {

  /** What a reader made of a text: its documents, or its error's type and message. */
  private static String outcome(Supplier<YamlCodec.Documents> s) {
    try {
      YamlCodec.Documents d = s.get();
      return "read: "
          + d.clusters()
          + " "
          + d.instanceGroups()
          + " "
          + new TreeSet<>(d.unmodelledFields());
    } catch (RuntimeException e) {
      return "error " + e.getClass().getName() + ": " + e.getMessage();
    }
  }

  /**
   * What the reader without Jackson made of a text: the records, or that it declined (Jackson then
   * reads it); message aside, since the two binders word a declined constructor differently.
   */
  private static String bound(Supplier<YamlCodec.Documents> s) {
    YamlCodec.Documents d;
    try {
      d = s.get();
    } catch (RecordYamlReader.NeedsJackson e) {
      return "declined";
    }
    return outcome(() -> d);
  }

  private static void sameAsJackson(String text) {
    // the records' shapes written out (RecordShapes) bind exactly what reflection over them binds
    assertThat(bound(() -> RecordYamlReader.readOrExplain(text)))
        .as("RecordShapes against reflection")
        .isEqualTo(bound(() -> RecordYamlReader.readReflectively(text)));
    String jackson = outcome(() -> YamlCodec.readWithJackson(text, "spec.yaml"));
    String read = outcome(() -> YamlCodec.read(text, "spec.yaml"));
    assertThat(read).as("YamlCodec.read against Jackson's reader").isEqualTo(jackson);
    if (jackson.startsWith("read: ")) {
      YamlCodec.Documents viaJackson = YamlCodec.readWithJackson(text, "spec.yaml");
      YamlCodec.Documents viaRead = YamlCodec.read(text, "spec.yaml");
      assertThat(viaRead.clusters()).isEqualTo(viaJackson.clusters());
      assertThat(viaRead.instanceGroups()).isEqualTo(viaJackson.instanceGroups());
      assertThat(viaRead.unmodelledFields()).isEqualTo(viaJackson.unmodelledFields());
    }
  }

  /** Every Cluster and InstanceGroup file of kops' golden cases, inputs and completed specs. */
  private static List<Path> peerSpecs() throws IOException {
    Path peer = PeerData.kops().getParent();
    try (Stream<Path> files = Files.walk(peer)) {
      return files
          .filter(Files::isRegularFile)
          .filter(
              f -> {
                String n = f.getFileName().toString();
                return n.matches("(in|expected)-v1alpha[12]\\.yaml")
                    || n.endsWith("cluster-completed.spec_content");
              })
          .sorted()
          .toList();
    }
  }

  @Test
  void everyPeerSpecReadsToTheRecordsJacksonMakesAndWithoutJackson() throws IOException {
    List<Path> files = peerSpecs();
    assertThat(files).hasSizeGreaterThan(20);
    List<String> leftToJackson = new ArrayList<>();
    for (Path f : files) {
      String text = Files.readString(f);
      sameAsJackson(text);
      try {
        RecordYamlReader.readOrExplain(text);
      } catch (RecordYamlReader.NeedsJackson e) {
        leftToJackson.add(PeerData.kops().getParent().relativize(f) + ": " + e.getMessage());
      }
    }
    // kops' v1alpha1 case is refused (jkops reads v1alpha2), which only Jackson's reader reports
    assertThat(leftToJackson)
        .allSatisfy(s -> assertThat(s).contains("v1alpha1").contains("apiVersion"));
  }

  @Test
  void everySpecJkopsWritesIsReadWithoutJackson() {
    for (String seed : SpecMutations.seedSpecs()) {
      sameAsJackson(seed);
      YamlCodec.Documents d = RecordYamlReader.readOrExplain(seed);
      // and what jkops writes back from it reads the same way
      List<Object> all = new ArrayList<>(d.clusters());
      all.addAll(d.instanceGroups());
      String written = YamlCodec.toYaml(all);
      sameAsJackson(written);
      assertThat(RecordYamlReader.read(written)).isPresent();
    }
  }

  @Test
  void everyNetworkingOptionAndSpellingIsReadWithoutJackson() {
    List<String> keys = new ArrayList<>(NetworkingSpec.KEYS);
    keys.addAll(NetworkingSpec.KEY_ALIASES.keySet());
    for (String key : keys) {
      String text = CLUSTER.replace("NETWORKING", key + ": {}");
      sameAsJackson(text);
      assertThat(RecordYamlReader.readOrExplain(text).clusters().get(0).spec().networking().key())
          .isEqualTo(NetworkingSpec.KEY_ALIASES.getOrDefault(key, key));
    }
  }

  private static final String CLUSTER =
      """
      apiVersion: kops.k8s.io/v1alpha2
      kind: Cluster
      metadata:
        name: a.example.com
        creationTimestamp: 2024-01-02T03:04:05Z
        labels: {team: net}
      spec:
        kubernetesVersion: 1.30.2
        networkCIDR: 172.20.0.0/16
        nonMasqueradeCIDR: 100.64.0.0/10
        sshAccess: [0.0.0.0/0]
        subnets:
        - {name: a, zone: us-east-1a, cidr: 172.20.32.0/19, type: Public}
        networking:
          NETWORKING
        etcdClusters:
        - name: main
          cpuRequest: 200m
          manager: {backupRetentionDays: 90}
        iam: {legacy: false, allowContainerRegistry: true}
      """;

  /** The bad inputs of YamlCodecTest, YamlKeysTest, CiliumSpecTest and the providers' tests. */
  private static final List<String> BAD_NETWORKING =
      List.of(
          "calico: {}\n    kubenet: {}",
          "weave: {mtu: lots}",
          "weave: {mtu: 1.5}",
          "weave: {mtu: 99999999999}",
          "calico: {crossSubnet: maybe}",
          "calico: {encapsulationMode: 7}",
          "gce: {}",
          "nosuch: {}",
          "{}",
          "kubenet: [a]",
          "kubenet: 1",
          "cilium: {agentPodAnnotations: {a: 1}}",
          "cilium: {agentPodAnnotations: [a]}",
          "kindnet: {masquerade: {enabled: true, nonMasqueradeCIDRs: [1]}}",
          "kindnet: {masquerade: {enabled: true, other: 1}}",
          "kindnet: {masquerade: [a]}",
          "kindnet: {masquerade: {nonMasqueradeCIDRs: 10.0.0.0/8}}",
          "kuberouter: {useNFTablesForNetpol: 'yes'}",
          "kubeRouter: {useNFTablesForNetpol: 1}",
          "amazonVPC: {imageName: [x]}");

  private static final List<String> BAD_DOCUMENTS =
      List.of(
          "",
          "# nothing\n",
          "---\n",
          "~\n",
          "- a\n- b\n",
          "just text\n",
          "kind: Cluster\nmetadata: {name: a}\n",
          "apiVersion: v1\nkind: Cluster\nmetadata: {name: a}\n",
          "apiVersion: kops.k8s.io/v1alpha2\nmetadata: {name: a}\n",
          "apiVersion: kops.k8s.io/v1alpha2\nkind: Pod\nmetadata: {name: a}\n",
          "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nspec: {}\n",
          "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {name: ' '}\n",
          "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {name: a}\nspec: [x]\n",
          "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {name: a}\n"
              + "spec: {subnets: {a: b}}\n",
          "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {name: a}\n"
              + "spec: {sshAccess: [~]}\n",
          "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {name: a}\n"
              + "spec: {cloudConfig: {routeTableQuota: many}}\n",
          "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {name: a}\n"
              + "spec: {kubeProxy: {enabled: 'no'}}\n",
          "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {name: a}\nspec:\n"
              + "  a: 1\n  a: 2\n",
          "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {name: a}\nspec: {\n",
          "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {name: a}\n---\n"
              + "apiVersion: kops.k8s.io/v1alpha2\nkind: InstanceGroup\nmetadata: {name: g}\n"
              + "spec: {minSize: x}\n",
          "apiVersion: kops.k8s.io/v1alpha2\nkind: InstanceGroup\nmetadata: {name: g}\n"
              + "spec: {subnets: [a], subnets: [b]}\n",
          "apiVersion: kops.k8s.io/v1alpha2\nkind: InstanceGroup\nmetadata: {name: g}\n"
              + "spec: {nodeLabels: {a: [b]}}\n");

  @Test
  void everyBadInputGetsJacksonsErrorWordForWord() {
    List<String> texts = new ArrayList<>(BAD_DOCUMENTS);
    BAD_NETWORKING.forEach(n -> texts.add(CLUSTER.replace("NETWORKING", n)));
    for (String text : texts) {
      assertThat(RecordYamlReader.read(text)).as(text).isEmpty();
      assertThatThrownBy(() -> YamlCodec.readWithJackson(text, "spec.yaml"))
          .as(text)
          .isInstanceOf(UserFacingException.class);
      sameAsJackson(text);
    }
  }

  /** Values of every YAML shape a user may write where a spec has a scalar. */
  private static final List<String> VALUES =
      List.of(
          "0",
          "-0",
          "+5",
          "007",
          "0x1F",
          "0o17",
          "0b101",
          "1_000",
          "12345678901",
          "2147483648",
          "-2147483649",
          "99999999999999999999",
          "1.5",
          "1e3",
          ".inf",
          "-.NaN",
          "yes",
          "No",
          "ON",
          "off",
          "y",
          "n",
          "True",
          "FALSE",
          "~",
          "null",
          "Null",
          "''",
          "\"\"",
          "'12'",
          "\"true\"",
          "2024-01-02",
          "2024-01-02T03:04:05Z",
          "1:20",
          "<<",
          "!!str 5",
          "!!int '7'",
          "! 5",
          "&a x",
          "*a",
          "[a, 1]",
          "{a: 1}",
          "[]",
          "{}",
          "|\n    block\n",
          ">-\n    folded\n",
          "a b",
          "'it''s'",
          "\"tab\\there\"",
          "é",
          "%");

  /** Replaces one scalar value of a seed spec with each of {@link #VALUES}. */
  @Test
  void everyValueShapeAnywhereReadsAsJacksonReadsIt() {
    List<String> seeds = SpecMutations.seedSpecs();
    int tries = Property.tries(400);
    Property.forAll(
        "a value of another shape reads as Jackson reads it",
        tries,
        r -> {
          String seed = seeds.get(r.nextInt(seeds.size()));
          List<String> lines = new ArrayList<>(List.of(seed.split("\n", -1)));
          List<Integer> valued = new ArrayList<>();
          for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("\\s*(- )?[A-Za-z0-9.]+: \\S.*")) {
              valued.add(i);
            }
          }
          int i = valued.get(r.nextInt(valued.size()));
          String line = lines.get(i);
          lines.set(
              i, line.substring(0, line.indexOf(": ") + 2) + VALUES.get(r.nextInt(VALUES.size())));
          return String.join("\n", lines);
        },
        RecordYamlReaderTest::sameAsJackson);
  }

  @Test
  void damagedSpecsAndYamlishTextReadAsJacksonReadsThem() {
    List<String> seeds = SpecMutations.seedSpecs();
    Property.forAll(
        "a damaged spec reads as Jackson reads it",
        Property.tries(300),
        r -> SpecMutations.mutate(r, seeds.get(r.nextInt(seeds.size()))),
        RecordYamlReaderTest::sameAsJackson);
    Property.forAll(
        "YAML-ish text reads as Jackson reads it",
        Property.tries(300),
        SpecMutations::yamlish,
        RecordYamlReaderTest::sameAsJackson);
  }

  /** Unknown keys, the names Jackson reserves, nulls and empty bodies in each record. */
  @Test
  void keysNoComponentNamesAndNullsReadAsJacksonReadsThem() {
    List<String> specs =
        List.of(
            "spec: {ipv6Only: true}",
            "spec: {extra: {a: 1}}",
            "spec: {subnets: [{name: a, isIpv6OnlyPrivate: true, ipv6OnlyPrivate: true}]}",
            "spec: {topology: {dns: {type: Public, other: 1}, bastion: {a: [1, 2]}}}",
            "spec: {rollingUpdate: {maxSurge: 25%, maxUnavailable: 1, other: x}}",
            "spec: {rollingUpdate: {maxSurge: {a: b}, maxUnavailable: [1, yes, ~]}}",
            "spec: {api: {loadBalancer: {type: Public, class: Network}, dns: {}}}",
            "spec: {kubelet: {networkPluginMTU: 9001, anonymousAuth: false}}",
            "spec: {networking: ~}",
            "spec: {networking: {calico: ~}}",
            "spec: {networking: {kindnet: {masquerade: ~}}}",
            "spec: {networking: {cilium: {agentPodAnnotations: {b: x, a: y}, hubble: {a: 1}}}}",
            "spec: {networking: {cilium: {key: x, nodePort: 1, extra: 2}}}",
            "spec: ~",
            "spec: {}",
            "spec: {subnets: []}",
            "metadata: {name: a, labels: ~, annotations: {x: y}}\nspec: {}",
            "metadata: {name: a, labels: {a: ~}}\nspec: {}",
            "spec: {sshAccess: [' 10.0.0.0/8 ']}",
            "spec: {'': 1, '1': 2}",
            "status: {a: 1}\nspec: {}");
    for (String s : specs) {
      String text =
          "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\n"
              + (s.startsWith("metadata") ? "" : "metadata: {name: a}\n")
              + s
              + "\n";
      sameAsJackson(text);
    }
    sameAsJackson(
        "apiVersion: kops/v1alpha2\nkind: InstanceGroup\nmetadata: {name: g}\n"
            + "spec: {role: Node, isNode: true, node: true, controlPlane: x, minSize: 2,"
            + " nodeLabels: {a: b}, taints: [x]}\n");
  }

  /**
   * The reader takes a YAML key to be its component's name and the any-setter to be {@code extra}:
   * what Jackson's annotations say of every record a spec holds.
   */
  @Test
  void theRecordsJacksonNamesAreTheComponentNames() {
    Deque<Class<?>> todo = new ArrayDeque<>(List.of(Cluster.class, InstanceGroup.class));
    todo.addAll(List.of(NetworkingSpec.class.getPermittedSubclasses()));
    Set<Class<?>> seen = new LinkedHashSet<>();
    while (!todo.isEmpty()) {
      Class<?> c = todo.pop();
      if (!c.isRecord() || !seen.add(c)) {
        continue;
      }
      for (RecordComponent rc : c.getRecordComponents()) {
        // the annotations are declared for fields, methods and parameters: a component's go there
        java.lang.reflect.Field field = field(c, rc.getName());
        JsonProperty p = field.getAnnotation(JsonProperty.class);
        if (p != null) {
          assertThat(p.value()).as(c.getSimpleName() + "." + rc.getName()).isEqualTo(rc.getName());
        }
        assertThat(field.getAnnotation(JsonAnySetter.class) != null)
            .as(c.getSimpleName() + "." + rc.getName() + " is the any-setter")
            .isEqualTo(RecordYamlReader.isExtra(rc) && !NetworkingSpec.class.isAssignableFrom(c));
        addTypes(rc.getGenericType(), todo);
      }
    }
    assertThat(seen).contains(ClusterSpec.class, ClusterSubnet.class, Topology.Dns.class);
  }

  private static java.lang.reflect.Field field(Class<?> c, String name) {
    try {
      return c.getDeclaredField(name);
    } catch (NoSuchFieldException e) {
      throw new AssertionError(e);
    }
  }

  private static void addTypes(Type t, Deque<Class<?>> todo) {
    if (t instanceof Class<?> c) {
      todo.add(c);
    } else if (t instanceof ParameterizedType p) {
      for (Type a : p.getActualTypeArguments()) {
        addTypes(a, todo);
      }
    }
  }
}
