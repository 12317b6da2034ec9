package dev.jkops.model.addon;

import dev.jkops.model.AddonManifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * kops' bootstrap channel: {@code kind: Addons}, {@code metadata.name: bootstrap}, and per addon
 * its name, id, manifest path (relative to the channel), sha256 manifestHash and selector. The
 * addon manager re-applies an addon when its id or hash changes.
 */
public final class BootstrapChannel {
  private BootstrapChannel() {}

  /** The channel document as a map in kops' field order, ready for YAML. */
  public static Map<String, Object> document(List<AddonManifest> addons) {
    List<Map<String, Object>> entries = new ArrayList<>();
    for (AddonManifest a : addons) {
      Map<String, Object> e = new LinkedHashMap<>();
      if (a.id() != null) {
        // kops lists limit-range.addons.k8s.io without an id
        e.put("id", a.id());
      }
      e.put("manifest", a.manifestPath());
      e.put("manifestHash", a.sha256());
      e.put("name", a.name());
      if (a.needsRollingUpdate() != null) {
        e.put("needsRollingUpdate", a.needsRollingUpdate());
      }
      e.put("selector", new TreeMap<>(a.selector()));
      entries.add(e);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("kind", "Addons");
    doc.put("metadata", Map.of("name", "bootstrap"));
    doc.put("spec", Map.of("addons", entries));
    return doc;
  }
}
