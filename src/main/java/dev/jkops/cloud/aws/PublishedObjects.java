package dev.jkops.cloud.aws;

import dev.jkops.api.Cluster;
import dev.jkops.api.store.StateStore;
import dev.jkops.cloud.terraform.TfExpr;
import dev.jkops.cloud.terraform.TfResource;
import dev.jkops.cloud.terraform.TfStaticRef;
import dev.jkops.model.AddonManifest;
import dev.jkops.model.addon.ClusterArtifactsWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What jkops publishes in an S3 state store (the completed spec, the bootstrap channel and the
 * addon manifests, exactly as {@link ClusterArtifactsWriter} writes them), as kops' Terraform
 * writes it: one {@code aws_s3_object} each, through the {@code aws.files} provider, with kops'
 * names ({@code cluster-completed-spec}, {@code <cluster>-addons-bootstrap}, {@code
 * <cluster>-addons-<addon>-<id>}), SSE-S3 and the content in {@code data/}. A state store that is
 * not S3 has no bucket to name, so nothing is written for it.
 *
 * @param bucket the state store's bucket
 * @param prefix the key prefix of the store, empty or ending in {@code /}
 * @param files path below the store (e.g. {@code c.example.com/cluster-completed.spec}) to content
 */
public record PublishedObjects(
    String bucket, String prefix, SortedMap<String, String> files, Map<String, String> addonNames) {

  public PublishedObjects {
    files = new TreeMap<>(files);
    addonNames = Map.copyOf(addonNames);
  }

  /** For a store at {@code s3://bucket[/prefix]}; empty for any other store. */
  public static Optional<PublishedObjects> of(
      String storeLocation, Cluster completed, List<AddonManifest> addons) {
    if (storeLocation == null || !storeLocation.startsWith("s3://")) {
      return Optional.empty();
    }
    String rest = storeLocation.substring("s3://".length()).replaceAll("/+$", "");
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1) + "/";
    Capture capture = new Capture(storeLocation);
    new ClusterArtifactsWriter(capture).write(completed, addons);
    return Optional.of(new PublishedObjects(bucket, prefix, capture.files, addonNames(addons)));
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
          } else if (addonNames.containsKey(below)) {
            name = cluster + "-addons-" + addonNames.get(below);
          } else {
            name = below;
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
   * kops names an addon's object after the addon and its channel id ({@code
   * networking.cilium.io-k8s-1.16}), not after its file ({@code k8s-1.16-v1.15.yaml}); an addon
   * without an id is named after the addon alone. Keyed by the path below the cluster.
   */
  static Map<String, String> addonNames(List<AddonManifest> addons) {
    Map<String, String> out = new java.util.HashMap<>();
    for (AddonManifest a : addons) {
      boolean noId = a.id() == null || a.id().isEmpty();
      out.put("addons/" + a.manifestPath(), a.name() + (noId ? "" : "-" + a.id()));
    }
    return out;
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
