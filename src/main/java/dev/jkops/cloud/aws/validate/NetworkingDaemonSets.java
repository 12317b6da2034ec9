package dev.jkops.cloud.aws.validate;

import dev.jkops.model.AddonManifest;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The DaemonSets the cluster's networking addon runs, read from the manifest jkops rendered for the
 * chosen provider (calico-node, kube-flannel-ds, weave-net...), so validate checks what was applied
 * rather than a list of names that could drift from the templates.
 */
final class NetworkingDaemonSets {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** One DaemonSet: where it lives, the labels of its pods, and the node labels it requires. */
  record Expected(
      String namespace,
      String name,
      Map<String, String> podLabels,
      Map<String, String> nodeSelector) {
    boolean runsOn(Map<String, String> nodeLabels) {
      return nodeSelector.entrySet().stream()
          .allMatch(e -> e.getValue().equals(nodeLabels.get(e.getKey())));
    }
  }

  private final List<AddonManifest> addons;

  NetworkingDaemonSets(List<AddonManifest> addons) {
    this.addons = addons;
  }

  /** Every DaemonSet in the networking addons (none for kubenet, classic, cni and external). */
  List<Expected> all() {
    List<Expected> out = new ArrayList<>();
    for (AddonManifest addon : addons) {
      if (!addon.selector().equals(AddonManifest.NETWORKING_SELECTOR)) {
        continue;
      }
      for (HasMetadata o : objects(addon.manifest())) {
        if (o instanceof DaemonSet ds) {
          var template = ds.getSpec().getTemplate();
          Map<String, String> selector =
              ds.getSpec().getSelector() != null
                      && ds.getSpec().getSelector().getMatchLabels() != null
                  ? ds.getSpec().getSelector().getMatchLabels()
                  : template.getMetadata().getLabels();
          Map<String, String> nodeSelector =
              template.getSpec().getNodeSelector() == null
                  ? Map.of()
                  : template.getSpec().getNodeSelector();
          String ns =
              ds.getMetadata().getNamespace() == null
                  ? "kube-system"
                  : ds.getMetadata().getNamespace();
          out.add(
              new Expected(
                  ns, ds.getMetadata().getName(), Map.copyOf(selector), Map.copyOf(nodeSelector)));
        }
      }
    }
    return out;
  }

  private static List<HasMetadata> objects(String manifest) {
    Object parsed = SERIALIZATION.unmarshal(manifest);
    List<HasMetadata> out = new ArrayList<>();
    if (parsed instanceof KubernetesList list) {
      out.addAll(list.getItems());
    } else if (parsed instanceof List<?> list) {
      list.stream()
          .filter(HasMetadata.class::isInstance)
          .map(HasMetadata.class::cast)
          .forEach(out::add);
    } else if (parsed instanceof HasMetadata one) {
      out.add(one);
    }
    return out;
  }
}
