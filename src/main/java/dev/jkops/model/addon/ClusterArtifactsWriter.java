package dev.jkops.model.addon;

import dev.jkops.api.Cluster;
import dev.jkops.api.YamlCodec;
import dev.jkops.api.store.StateStore;
import dev.jkops.model.AddonManifest;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes what {@code update cluster} publishes in the state store, in kops' layout: {@code
 * <cluster>/cluster-completed.spec}, {@code <cluster>/addons/bootstrap-channel.yaml} and {@code
 * <cluster>/addons/<name>/<id>.yaml}. Manifests of addons no longer in the channel (the old
 * provider after a switch) are deleted, so the store never lists a provider the cluster left. Files
 * whose bytes are unchanged are not rewritten.
 */
public final class ClusterArtifactsWriter {
  public static final String COMPLETED_SPEC = "cluster-completed.spec";
  public static final String CHANNEL = "addons/bootstrap-channel.yaml";

  private final StateStore store;

  public ClusterArtifactsWriter(StateStore store) {
    this.store = store;
  }

  /**
   * The texts {@link #write(Rendered)} writes, by path in the state store, in the order written (a
   * linked map): the completed spec, every manifest, the channel last. Rendering reads and writes
   * nothing, so {@code update} does it while the cloud converges and writes only once the cloud is
   * done.
   */
  public record Rendered(String cluster, java.util.Map<String, String> files) {}

  /** The completed spec, the channel and every manifest, as YAML; reads and writes nothing. */
  public static Rendered render(Cluster completed, List<AddonManifest> addons) {
    String base = completed.name() + "/";
    java.util.LinkedHashMap<String, String> files = new java.util.LinkedHashMap<>();
    files.put(base + COMPLETED_SPEC, YamlCodec.toYaml(completed));
    for (AddonManifest a : addons) {
      files.put(base + "addons/" + a.manifestPath(), a.manifest());
    }
    files.put(base + CHANNEL, YamlCodec.toYaml(BootstrapChannel.document(addons)));
    return new Rendered(completed.name(), java.util.Collections.unmodifiableMap(files));
  }

  /** Writes the completed spec, the channel and every manifest; returns the paths it changed. */
  public List<String> write(Cluster completed, List<AddonManifest> addons) {
    return write(render(completed, addons));
  }

  /** Writes what {@link #render} made; returns the paths it changed. */
  public List<String> write(Rendered rendered) {
    String base = rendered.cluster() + "/";
    List<String> changed = new java.util.ArrayList<>();
    rendered.files().forEach((path, text) -> put(path, text, changed));
    Set<String> keep = new HashSet<>(rendered.files().keySet());
    for (String existing : store.list(base + "addons/")) {
      if (!keep.contains(existing)) {
        store.delete(existing);
        changed.add(existing);
      }
    }
    return changed;
  }

  private void put(String path, String text, List<String> changed) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Optional<byte[]> old = store.read(path);
    if (old.isEmpty() || !java.util.Arrays.equals(old.get(), bytes)) {
      store.write(path, bytes);
      changed.add(path);
    }
  }
}
