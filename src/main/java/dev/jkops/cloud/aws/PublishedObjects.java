package dev.jkops.cloud.aws;

import dev.jkops.api.JkopsVersion;
import dev.jkops.api.store.StateStore;
import dev.jkops.cloud.terraform.TfExpr;
import dev.jkops.cloud.terraform.TfResource;
import dev.jkops.cloud.terraform.TfStaticRef;
import dev.jkops.model.AddonManifest;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.addon.ClusterAddons;
import dev.jkops.model.addon.ClusterArtifactsWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What jkops publishes in the state store on AWS, and how kops' Terraform writes it for an S3
 * store: the completed spec, the bootstrap channel and the addon manifests ({@link
 * ClusterArtifactsWriter}), each node group's configuration ({@link NodeConfigDocument}) and {@code
 * kops-version.txt} (jkops' version). As Terraform, one {@code aws_s3_object} each, through the
 * {@code aws.files} provider, with kops' names ({@code cluster-completed-spec}, {@code
 * <cluster>-addons-bootstrap}, {@code <cluster>-addons-<addon>-<id>}, {@code nodeupconfig-<group>},
 * {@code kops-version-txt}), SSE-S3 and the content in {@code data/}. A state store that is not S3
 * has no bucket to name, so nothing is written for it.
 *
 * @param bucket the state store's bucket
 * @param prefix the key prefix of the store, empty or ending in {@code /}
 * @param files path below the store (e.g. {@code c.example.com/cluster-completed.spec}) to content
 * @param objectNames path below the cluster to kops' name of its object, where that is not the path
 */
public record PublishedObjects(
    String bucket,
    String prefix,
    SortedMap<String, String> files,
    Map<String, String> objectNames) {

  /** kops' record of the version that last updated the cluster, below the cluster. */
  static final String VERSION_FILE = "kops-version.txt";

  public PublishedObjects {
    files = new TreeMap<>(files);
    objectNames = Map.copyOf(objectNames);
  }

  /** For a store at {@code s3://bucket[/prefix]}; empty for any other store. */
  public static Optional<PublishedObjects> of(
      String storeLocation, AwsCluster cluster, NetworkPlan plan) {
    if (storeLocation == null || !storeLocation.startsWith("s3://")) {
      return Optional.empty();
    }
    String rest = storeLocation.substring("s3://".length()).replaceAll("/+$", "");
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1) + "/";
    Capture capture = new Capture(storeLocation);
    publish(capture, cluster, plan);
    Map<String, String> names = new HashMap<>();
    addonNames(addons(cluster, plan))
        .forEach((path, addon) -> names.put(path, cluster.name() + "-addons-" + addon));
    for (NodeConfigDocument d : nodeConfigs(cluster, plan)) {
      names.put(d.path(cluster.name()).substring(cluster.name().length() + 1), d.objectName());
    }
    return Optional.of(new PublishedObjects(bucket, prefix, capture.files, names));
  }

  /**
   * Writes everything jkops publishes for the cluster to the store: what {@link
   * ClusterArtifactsWriter} writes (with the addons of {@link #addons}), each node group's
   * configuration and {@value #VERSION_FILE}.
   */
  static void publish(StateStore store, AwsCluster cluster, NetworkPlan plan) {
    new ClusterArtifactsWriter(store).write(cluster.bundle().cluster(), addons(cluster, plan));
    Set<String> keep = new HashSet<>();
    for (NodeConfigDocument d : nodeConfigs(cluster, plan)) {
      keep.add(d.path(cluster.name()));
      put(store, d.path(cluster.name()), d.content());
    }
    // a group deleted from the cluster leaves no configuration behind
    for (String existing : store.list(cluster.name() + "/igconfig/")) {
      if (!keep.contains(existing)) {
        store.delete(existing);
      }
    }
    put(store, cluster.name() + "/" + VERSION_FILE, JkopsVersion.current() + "\n");
  }

  /** Writes the file unless it holds these bytes already. */
  private static void put(StateStore store, String path, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    if (!store.read(path).map(old -> Arrays.equals(old, bytes)).orElse(false)) {
      store.write(path, bytes);
    }
  }

  /**
   * The bootstrap channel's addons on AWS: CoreDNS, the kubelet API's RBAC and the limit range
   * ({@link ClusterAddons}), then the networking provider's, in kops' order.
   */
  static List<AddonManifest> addons(AwsCluster cluster, NetworkPlan plan) {
    List<AddonManifest> out =
        new ArrayList<>(ClusterAddons.forAws(cluster.bundle().cluster(), plan));
    out.addAll(plan.addons());
    return out;
  }

  /** Each node group's configuration, as its launch template's user data writes it. */
  static List<NodeConfigDocument> nodeConfigs(AwsCluster cluster, NetworkPlan plan) {
    return cluster.instanceGroups().stream()
        .map(ig -> UserData.nodeConfig(cluster, plan, ig))
        .flatMap(Optional::stream)
        .toList();
  }

  /** The {@code aws_s3_object}s, adding their contents to {@code dataFiles}. */
  List<TfResource> resources(String cluster, Map<String, String> dataFiles) {
    List<TfResource> out = new ArrayList<>();
    String base = cluster + "/";
    files.forEach(
        (path, content) -> {
          String below = path.startsWith(base) ? path.substring(base.length()) : path;
          String name;
          if (below.equals(ClusterArtifactsWriter.CHANNEL)) {
            name = cluster + "-addons-bootstrap";
          } else {
            name = objectNames.getOrDefault(below, below);
          }
          String file = "aws_s3_object_" + name + "_content";
          dataFiles.put(file, content);
          SortedMap<String, Object> a = new TreeMap<>();
          a.put("bucket", bucket);
          a.put("content", TfExpr.file(file));
          a.put("key", prefix + path);
          a.put("provider", new TfStaticRef("aws.files"));
          a.put("server_side_encryption", "AES256");
          out.add(new TfResource("aws_s3_object", AwsCluster.tfSanitize(name), a));
        });
    return out;
  }

  /**
   * kops names an addon's object after the cluster, the addon and its channel id ({@code
   * <cluster>-addons-networking.cilium.io-k8s-1.16}), not after its file ({@code
   * k8s-1.16-v1.15.yaml}); an addon without an id is named after the addon alone. Keyed by the path
   * below the cluster.
   */
  static Map<String, String> addonNames(List<AddonManifest> addons) {
    return addons.stream()
        .collect(
            java.util.stream.Collectors.toMap(
                a -> "addons/" + a.manifestPath(),
                a -> {
                  boolean noId = a.id() == null || a.id().isEmpty();
                  return a.name() + (noId ? "" : "-" + a.id());
                }));
  }

  /** A state store that only records what is written to it. */
  private static final class Capture implements StateStore {
    private final String location;
    private final SortedMap<String, String> files = new TreeMap<>();

    Capture(String location) {
      this.location = location;
    }

    @Override
    public String location() {
      return location;
    }

    @Override
    public Optional<byte[]> read(String path) {
      return Optional.empty();
    }

    @Override
    public void write(String path, byte[] content) {
      files.put(path, new String(content, StandardCharsets.UTF_8));
    }

    @Override
    public List<String> list(String prefix) {
      return List.of();
    }

    @Override
    public void delete(String path) {
      files.remove(path);
    }
  }
}
