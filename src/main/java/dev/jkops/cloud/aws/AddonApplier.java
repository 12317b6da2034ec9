package dev.jkops.cloud.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jkops.model.AddonManifest;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies the cluster's addons through the Kubernetes API as kops' channels tool does: each addon's
 * installed version is recorded on the {@code kube-system} namespace as the annotation {@code
 * addons.k8s.io/<name>} ({@code {"id":..,"manifestHash":..}}), and an addon is applied again only
 * when its id or manifest hash changes. When the networking provider changes, every object of the
 * old provider (selector {@code role.kubernetes.io/networking=1}) is deleted first, so nothing of
 * it is left running beside the new one.
 */
public final class AddonApplier {
  public static final String ANNOTATION_PREFIX = "addons.k8s.io/";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final KubernetesClient client;

  /** What one run did. */
  public record Result(List<String> applied, List<String> unchanged, List<String> removed) {}

  public AddonApplier(KubernetesClient client) {
    this.client = client;
  }

  public Result apply(List<AddonManifest> addons) {
    Map<String, Map<String, String>> installed = installed();
    List<String> applied = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (AddonManifest addon : addons) {
      Map<String, String> was = installed.get(addon.name());
      if (was != null
          && java.util.Objects.equals(addon.id(), was.get("id"))
          && addon.sha256().equals(was.get("manifestHash"))) {
        unchanged.add(addon.name());
        continue;
      }
      if (addon.selector().equals(AddonManifest.NETWORKING_SELECTOR)) {
        for (String old : installed.keySet()) {
          if (!old.equals(addon.name()) && isNetworking(installed.get(old))) {
            removed.addAll(removeNetworking(old));
          }
        }
      }
      List<HasMetadata> objects =
          client
              .load(new ByteArrayInputStream(addon.manifest().getBytes(StandardCharsets.UTF_8)))
              .items();
      for (HasMetadata o : objects) {
        client.resource(o).createOr(existing -> existing.update());
      }
      record(addon);
      applied.add(addon.name());
    }
    return new Result(applied, unchanged, removed);
  }

  private static boolean isNetworking(Map<String, String> record) {
    return "1".equals(record.get("networking"));
  }

  /** The addons recorded on kube-system, by name. */
  public Map<String, Map<String, String>> installed() {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    Namespace ns = client.namespaces().withName("kube-system").get();
    if (ns == null || ns.getMetadata().getAnnotations() == null) {
      return out;
    }
    ns.getMetadata()
        .getAnnotations()
        .forEach(
            (k, v) -> {
              if (k.startsWith(ANNOTATION_PREFIX)) {
                try {
                  @SuppressWarnings("unchecked")
                  Map<String, String> m = JSON.readValue(v, Map.class);
                  out.put(k.substring(ANNOTATION_PREFIX.length()), m);
                } catch (JsonProcessingException e) {
                  throw new AwsException(
                      "the kube-system annotation "
                          + k
                          + " is not the JSON jkops wrote ("
                          + e.getOriginalMessage()
                          + "); remove the annotation and run update again to reinstall the addon",
                      e);
                }
              }
            });
    return out;
  }

  private void record(AddonManifest addon) {
    Map<String, String> value = new LinkedHashMap<>();
    value.put("id", addon.id());
    value.put("manifestHash", addon.sha256());
    if (addon.selector().equals(AddonManifest.NETWORKING_SELECTOR)) {
      value.put("networking", "1");
    }
    String json;
    try {
      json = JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    Namespace ns =
        Optional.ofNullable(client.namespaces().withName("kube-system").get())
            .orElseGet(
                () ->
                    client
                        .namespaces()
                        .resource(
                            new NamespaceBuilder()
                                .withNewMetadata()
                                .withName("kube-system")
                                .endMetadata()
                                .build())
                        .create());
    Map<String, String> annotations =
        new LinkedHashMap<>(
            Optional.ofNullable(ns.getMetadata().getAnnotations()).orElse(Map.of()));
    annotations.put(ANNOTATION_PREFIX + addon.name(), json);
    ns.getMetadata().setAnnotations(annotations);
    client.namespaces().resource(ns).update();
  }

  /** Deletes the old provider's objects by the networking selector and forgets its record. */
  private List<String> removeNetworking(String oldAddon) {
    List<String> removed = new ArrayList<>();
    Map<String, String> selector = AddonManifest.NETWORKING_SELECTOR;
    try {
      client
          .apps()
          .daemonSets()
          .inAnyNamespace()
          .withLabels(selector)
          .list()
          .getItems()
          .forEach(
              o ->
                  removed.add(
                      "DaemonSet/"
                          + o.getMetadata().getNamespace()
                          + "/"
                          + o.getMetadata().getName()));
      client.apps().daemonSets().inAnyNamespace().withLabels(selector).delete();
      client.apps().deployments().inAnyNamespace().withLabels(selector).delete();
      client.configMaps().inAnyNamespace().withLabels(selector).delete();
      client.serviceAccounts().inAnyNamespace().withLabels(selector).delete();
      client.rbac().clusterRoles().withLabels(selector).delete();
      client.rbac().clusterRoleBindings().withLabels(selector).delete();
    } catch (KubernetesClientException e) {
      throw new AwsException(
          "removing the objects of the old networking addon "
              + oldAddon
              + " failed: "
              + e.getMessage()
              + "; delete the objects labelled role.kubernetes.io/networking=1 by hand and run update again",
          e);
    }
    Namespace ns = client.namespaces().withName("kube-system").get();
    Map<String, String> annotations = new LinkedHashMap<>(ns.getMetadata().getAnnotations());
    annotations.remove(ANNOTATION_PREFIX + oldAddon);
    ns.getMetadata().setAnnotations(annotations);
    client.namespaces().resource(ns).update();
    return removed;
  }
}
