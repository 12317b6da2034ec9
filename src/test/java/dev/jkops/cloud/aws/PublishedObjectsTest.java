package dev.jkops.cloud.aws;

import static dev.jkops.model.addon.ClusterAddons.COREDNS;
import static dev.jkops.model.addon.ClusterAddons.KUBELET_API_RBAC;
import static dev.jkops.model.addon.ClusterAddons.LIMIT_RANGE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.JkopsVersion;
import dev.jkops.api.store.FileStateStore;
import dev.jkops.cloud.terraform.TerraformConfig;
import dev.jkops.cloud.terraform.TerraformHclWriter;
import dev.jkops.cloud.terraform.TerraformJsonWriter;
import dev.jkops.cloud.terraform.TfResource;
import dev.jkops.model.AddonManifest;
import dev.jkops.model.ClusterCompletion;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.ipam.IpamState;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What jkops publishes in an S3 state store is in its Terraform as kops writes it: the {@code
 * aws_s3_object} blocks jkops writes are byte-identical to kops' blocks of the same name (bucket,
 * key, the {@code aws.files} provider, SSE-S3, content from {@code data/}).
 */
class PublishedObjectsTest {
  private static final Pattern BLOCK =
      Pattern.compile("(?ms)^resource \"aws_s3_object\" \"(\\S+)\" \\{\\n.*?^\\}\\n");

  static TerraformConfig config(String caseName, String store) {
    ClusterBundle stored = AwsCases.bundle(caseName);
    ClusterBundle bundle =
        new ClusterBundle(ClusterCompletion.complete(stored), stored.instanceGroups());
    NetworkPlan plan = NetworkPlanner.plan(bundle, IpamState.empty());
    AwsCluster cluster = AwsCluster.of(bundle);
    return AwsTerraform.config(
        cluster,
        AwsResources.build(cluster, plan),
        Optional.empty(),
        PublishedObjects.of(store, cluster, plan));
  }

  @Test
  void s3ObjectsAreKopsBlocksByteForByte() throws Exception {
    String ours =
        TerraformHclWriter.write(
            config("privatecalico@HEAD", "s3://testingBucket/clusters.example.com"));
    String theirs = AwsCases.expectedHcl("privatecalico@HEAD");
    Matcher m = BLOCK.matcher(ours);
    int compared = 0;
    while (m.find()) {
      Matcher k =
          Pattern.compile(
                  "(?ms)^resource \"aws_s3_object\" \""
                      + Pattern.quote(m.group(1))
                      + "\" \\{\\n.*?^\\}\\n")
              .matcher(theirs);
      assertThat(k.find()).as("kops writes %s too", m.group(1)).isTrue();
      assertThat(m.group()).isEqualTo(k.group());
      compared++;
    }
    assertThat(ours)
        .contains("resource \"aws_s3_object\" \"cluster-completed-spec\"")
        .contains("resource \"aws_s3_object\" \"privatecalico-example-com-addons-bootstrap\"")
        .contains(
            "resource \"aws_s3_object\" \"privatecalico-example-com-addons-networking-projectcalico-org-k8s-1-25\"");
    System.out.printf("published objects: %d aws_s3_object blocks identical to kops%n", compared);

    var json =
        new ObjectMapper()
            .readTree(TerraformJsonWriter.write(config("privatecalico@HEAD", "s3://b")));
    assertThat(
            json.path("resource")
                .path("aws_s3_object")
                .path("cluster-completed-spec")
                .path(0)
                .path("provider")
                .asText())
        .as("Terraform's JSON syntax takes the provider as a bare reference")
        .isEqualTo("aws.files");
    assertThat(
            json.path("resource")
                .path("aws_s3_object")
                .path("cluster-completed-spec")
                .path(0)
                .path("key")
                .asText())
        .isEqualTo("privatecalico.example.com/cluster-completed.spec");
  }

  /**
   * The addons jkops renders beside the provider are kops' byte for byte: the data file of each is
   * kops' file, and its bootstrap channel entry (id, manifest, name, selector) is kops' entry, with
   * the manifestHash of the published bytes. IPv4 and IPv6 clusters (CoreDNS forwards to the VPC's
   * IPv6 resolver with dns64 on the latter).
   */
  @ParameterizedTest
  @ValueSource(strings = {"privatecilium@HEAD", "privatecalico@HEAD", "minimal-ipv6-calico@HEAD"})
  void coreDnsKubeletApiRbacAndLimitRangeAreKopsObjectsByteForByte(String caseName)
      throws Exception {
    TerraformConfig ours = config(caseName, "s3://testingBucket/clusters.example.com");
    String cluster = AwsCases.bundle(caseName).name();
    Path kopsData = AwsCases.caseDir(caseName).resolve("data");
    List<String> addons =
        List.of(
            "coredns.addons.k8s.io-k8s-1.12",
            "kubelet-api.rbac.addons.k8s.io-k8s-1.9",
            "limit-range.addons.k8s.io");
    for (String addon : addons) {
      String file = "aws_s3_object_" + cluster + "-addons-" + addon + "_content";
      assertThat(ours.dataFiles()).as("jkops writes %s", file).containsKey(file);
      assertThat(ours.dataFiles().get(file))
          .as("%s is kops' %s", addon, file)
          .isEqualTo(Files.readString(kopsData.resolve(file)));
    }
    String channelFile = "aws_s3_object_" + cluster + "-addons-bootstrap_content";
    Map<String, JsonNode> theirs = channelEntries(Files.readString(kopsData.resolve(channelFile)));
    Map<String, JsonNode> mine = channelEntries(ours.dataFiles().get(channelFile));
    for (String name : List.of(COREDNS, KUBELET_API_RBAC, LIMIT_RANGE)) {
      // kops' golden manifestHash is not the sha256 of its own published file (not for its
      // networking addon either): jkops' is the sha256 of the bytes it publishes
      ObjectNode entry = mine.get(name).deepCopy();
      String manifest = entry.remove("manifestHash").asText();
      String file =
          "aws_s3_object_"
              + cluster
              + "-addons-"
              + name
              + (entry.has("id") ? "-" + entry.get("id").asText() : "")
              + "_content";
      assertThat(manifest).isEqualTo(UserData.sha256(ours.dataFiles().get(file)));
      ObjectNode kops = theirs.get(name).deepCopy();
      kops.remove("manifestHash");
      assertThat(entry).as("bootstrap channel entry of %s", name).isEqualTo(kops);
    }
    // the provider's entry follows them, as in kops' channel
    assertThat(List.copyOf(mine.keySet()).subList(0, 3))
        .containsExactly(COREDNS, KUBELET_API_RBAC, LIMIT_RANGE);
  }

  /**
   * Every document of every addon published on AWS is a Kubernetes object fabric8's typed model
   * reads as its kind (a field of the wrong type or a misspelt kind fails), with a name.
   */
  @ParameterizedTest
  @ValueSource(strings = {"privatecilium@HEAD", "minimal-ipv6-calico@HEAD", "minimal@v1.19.0"})
  void everyPublishedManifestIsTypedKubernetesObjects(String caseName) {
    ClusterBundle stored = AwsCases.bundle(caseName);
    ClusterBundle bundle =
        new ClusterBundle(ClusterCompletion.complete(stored), stored.instanceGroups());
    NetworkPlan plan = NetworkPlanner.plan(bundle, IpamState.empty());
    KubernetesSerialization kube = new KubernetesSerialization();
    List<AddonManifest> addons = PublishedObjects.addons(AwsCluster.of(bundle), plan);
    assertThat(addons.stream().map(AddonManifest::name))
        .startsWith(COREDNS, KUBELET_API_RBAC, LIMIT_RANGE);
    for (AddonManifest addon : addons.subList(0, 3)) {
      for (String doc : addon.manifest().split("\n---\n")) {
        HasMetadata o = kube.unmarshal(doc, HasMetadata.class);
        assertThat(o)
            .as("%s: %s", addon.name(), doc)
            .isNotInstanceOf(GenericKubernetesResource.class);
        assertThat(o.getMetadata().getName()).as(addon.name()).isNotBlank();
        assertThat(o.getMetadata().getLabels()).containsEntry("k8s-addon", addon.name());
      }
    }
  }

  private static Map<String, JsonNode> channelEntries(String yaml) throws Exception {
    JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    Map<String, JsonNode> out = new LinkedHashMap<>();
    doc.path("spec").path("addons").forEach(e -> out.put(e.path("name").asText(), e));
    return out;
  }

  @Test
  void kopsVersionTxtHoldsJkopsVersionWhereKopsKeepsItsOwn() {
    TerraformConfig ours = config("privatecilium@HEAD", "s3://testingBucket/clusters.example.com");
    assertThat(ours.dataFiles().get("aws_s3_object_kops-version.txt_content"))
        .isEqualTo(JkopsVersion.current() + "\n");
    assertThat(TerraformHclWriter.write(ours))
        .contains(
            "key                    = \"clusters.example.com/privatecilium.example.com/kops-version.txt\"");
  }

  /**
   * Each node group's configuration is published where kops publishes its nodeup configuration,
   * lists exactly the files its user data writes, and the user data carries its sha256: a change of
   * the node configuration changes the launch template (so the group rolls). A bastion has none.
   */
  @Test
  void nodeConfigsArePublishedPerGroupAndTheirHashIsInTheUserData() throws Exception {
    ClusterBundle stored = AwsCases.bundle("privateweave@v1.27.0");
    ClusterBundle bundle =
        new ClusterBundle(ClusterCompletion.complete(stored), stored.instanceGroups());
    NetworkPlan plan = NetworkPlanner.plan(bundle, IpamState.empty());
    AwsCluster cluster = AwsCluster.of(bundle);
    TerraformConfig tf =
        AwsTerraform.config(
            cluster,
            AwsResources.build(cluster, plan),
            Optional.empty(),
            PublishedObjects.of("s3://b/p", cluster, plan));
    List<TfResource> objects =
        tf.resources().stream().filter(r -> r.type().equals("aws_s3_object")).toList();
    List<String> groups =
        bundle.instanceGroups().stream()
            .filter(ig -> !ig.spec().isBastion())
            .map(ig -> ig.name())
            .toList();
    assertThat(bundle.instanceGroups()).anyMatch(ig -> ig.spec().isBastion());
    assertThat(objects.stream().map(TfResource::name).filter(n -> n.startsWith("nodeupconfig-")))
        .containsExactlyInAnyOrderElementsOf(
            groups.stream().map(g -> AwsCluster.tfSanitize("nodeupconfig-" + g)).toList());
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    for (LaunchTemplate lt :
        AwsResources.build(cluster, plan).stream()
            .filter(r -> r instanceof LaunchTemplate)
            .map(r -> (LaunchTemplate) r)
            .toList()) {
      String group = lt.instanceGroup();
      String file = "aws_s3_object_nodeupconfig-" + group + "_content";
      if (!groups.contains(group)) {
        assertThat(tf.dataFiles()).doesNotContainKey(file);
        assertThat(lt.userData()).doesNotContain(UserData.HASH_FILE);
        continue;
      }
      String content = tf.dataFiles().get(file);
      TfResource object =
          objects.stream()
              .filter(o -> o.name().equals(AwsCluster.tfSanitize("nodeupconfig-" + group)))
              .findFirst()
              .orElseThrow();
      String role = group.startsWith("master") ? "control-plane" : "node";
      assertThat(object.attributes().get("key"))
          .isEqualTo(
              "p/" + bundle.name() + "/igconfig/" + role + "/" + group + "/nodeupconfig.yaml");
      assertThat(lt.userData())
          .as("the user data carries the published configuration's sha256")
          .contains(UserData.sha256(content) + "  nodeupconfig.yaml");
      // every file the document lists is written by the user data with the same content
      JsonNode doc = yaml.readTree(content);
      assertThat(doc.path("instanceGroup").asText()).isEqualTo(group);
      Map<String, String> listed = new LinkedHashMap<>();
      doc.path("files")
          .forEach(f -> listed.put(f.path("path").asText(), f.path("content").asText()));
      assertThat(listed).containsKey(UserData.ENV_FILE);
      listed.forEach(
          (path, text) ->
              assertThat(lt.userData())
                  .as("%s's user data writes %s as published", group, path)
                  .contains("cat > " + path + " <<'JKOPS_END_OF_FILE'\n" + text));
    }
  }

  @Test
  void aChangedNodeConfigurationChangesTheLaunchTemplate() {
    ClusterBundle stored = AwsCases.bundle("privatecalico@HEAD");
    ClusterBundle bundle =
        new ClusterBundle(ClusterCompletion.complete(stored), stored.instanceGroups());
    AwsCluster cluster = AwsCluster.of(bundle);
    NetworkPlan plan = NetworkPlanner.plan(bundle, IpamState.empty());
    var spec = bundle.cluster().spec().toBuilder();
    spec.serviceClusterIPRange = "100.64.0.0/12";
    ClusterBundle wider =
        new ClusterBundle(bundle.cluster().withSpec(spec.build()), bundle.instanceGroups());
    NetworkPlan widerPlan = NetworkPlanner.plan(wider, IpamState.empty());
    var nodes = bundle.instanceGroups().stream().filter(ig -> ig.spec().isNode()).findFirst().get();
    NodeConfigDocument before = UserData.nodeConfig(cluster, plan, nodes).orElseThrow();
    NodeConfigDocument after =
        UserData.nodeConfig(AwsCluster.of(wider), widerPlan, nodes).orElseThrow();
    assertThat(after.sha256()).isNotEqualTo(before.sha256());
    assertThat(launchTemplateHash(AwsCluster.of(wider), widerPlan, nodes.name()))
        .isNotEqualTo(launchTemplateHash(cluster, plan, nodes.name()));
  }

  private static String launchTemplateHash(AwsCluster c, NetworkPlan plan, String group) {
    return AwsResources.build(c, plan).stream()
        .filter(r -> r instanceof LaunchTemplate lt && lt.instanceGroup().equals(group))
        .map(r -> ((LaunchTemplate) r).tags().get(LaunchTemplate.HASH_TAG))
        .findFirst()
        .orElseThrow();
  }

  /**
   * The direct apply publishes the same files in the store: the node configurations beside the
   * addons, and a group deleted from the cluster leaves no configuration behind.
   */
  @Test
  void theStoreGetsTheSameFilesAndLosesADeletedGroupsConfiguration(@TempDir Path root)
      throws Exception {
    ClusterBundle stored = AwsCases.bundle("privatecalico@HEAD");
    ClusterBundle bundle =
        new ClusterBundle(ClusterCompletion.complete(stored), stored.instanceGroups());
    AwsCluster cluster = AwsCluster.of(bundle);
    NetworkPlan plan = NetworkPlanner.plan(bundle, IpamState.empty());
    FileStateStore store = new FileStateStore(root);
    PublishedObjects.publish(store, cluster, plan);
    PublishedObjects expected = PublishedObjects.of("s3://b", cluster, plan).orElseThrow();
    for (var e : expected.files().entrySet()) {
      assertThat(store.read(e.getKey()).map(b -> new String(b, StandardCharsets.UTF_8)))
          .as(e.getKey())
          .contains(e.getValue());
    }
    String nodesConfig = bundle.name() + "/igconfig/node/nodes/nodeupconfig.yaml";
    assertThat(store.read(nodesConfig)).isPresent();
    ClusterBundle withoutNodes =
        new ClusterBundle(
            bundle.cluster(),
            bundle.instanceGroups().stream().filter(ig -> !ig.name().equals("nodes")).toList());
    PublishedObjects.publish(
        store, AwsCluster.of(withoutNodes), NetworkPlanner.plan(withoutNodes, IpamState.empty()));
    assertThat(store.read(nodesConfig)).isEmpty();
    assertThat(
            store.read(
                bundle.name() + "/igconfig/control-plane/master-us-test-1a/nodeupconfig.yaml"))
        .isPresent();
  }

  @Test
  void aStoreThatIsNotS3PublishesNothingThroughTerraform() {
    assertThat(config("privatecalico@HEAD", "file:///var/lib/jkops").resources())
        .noneMatch(r -> r.type().equals("aws_s3_object"));
  }
}
