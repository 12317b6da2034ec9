package dev.jkops.model.addon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses multi-document YAML into fabric8's typed Kubernetes model and refuses any field the model
 * does not know. fabric8's classes swallow unknown fields into "additionalProperties"; this parser
 * turns that off (no any-setter) and fails on unknown properties, so a misspelt or misplaced field
 * is an error naming its path.
 */
final class StrictKubernetesParser {
  /** The kinds jkops' addons may contain, by apiVersion/kind; any other is an error. */
  static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.ofEntries(
          Map.entry("v1/Namespace", Namespace.class),
          Map.entry("v1/ServiceAccount", ServiceAccount.class),
          Map.entry("v1/ConfigMap", ConfigMap.class),
          Map.entry("v1/Service", Service.class),
          Map.entry("rbac.authorization.k8s.io/v1/ClusterRole", ClusterRole.class),
          Map.entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding", ClusterRoleBinding.class),
          Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
          Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class),
          Map.entry("apps/v1/DaemonSet", DaemonSet.class),
          Map.entry("apps/v1/Deployment", Deployment.class),
          Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
          Map.entry(
              "apiextensions.k8s.io/v1/CustomResourceDefinition", CustomResourceDefinition.class));

  private static final ObjectMapper TREE = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper STRICT =
      new ObjectMapper()
          .setAnnotationIntrospector(
              new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated a) {
                  return Boolean.FALSE;
                }
              })
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private StrictKubernetesParser() {}

  /** Every document of the manifest, typed; throws naming the document and path on any problem. */
  static List<HasMetadata> parse(String manifest) throws IOException {
    List<HasMetadata> out = new ArrayList<>();
    try (YAMLParser p = new YAMLFactory().createParser(manifest)) {
      List<JsonNode> docs = TREE.readValues(p, JsonNode.class).readAll();
      int i = 0;
      for (JsonNode doc : docs) {
        i++;
        if (doc == null || doc.isNull() || doc.isEmpty()) {
          continue;
        }
        String key = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        if (key.equals("cert-manager.io/v1/Certificate")) {
          // cilium's hubble certificates: fabric8 has no typed cert-manager model here, so the
          // envelope is read and the fields a Certificate cannot lack are checked
          // (CiliumProviderTest checks their values)
          if (!doc.path("spec").path("secretName").isTextual()
              || !doc.path("spec").path("issuerRef").path("name").isTextual()) {
            throw new IOException(
                "document " + i + " (" + key + ") lacks spec.secretName or spec.issuerRef.name");
          }
          io.fabric8.kubernetes.api.model.GenericKubernetesResource certificate =
              new io.fabric8.kubernetes.api.model.GenericKubernetesResource();
          certificate.setApiVersion(doc.path("apiVersion").asText());
          certificate.setKind(doc.path("kind").asText());
          certificate.setMetadata(
              STRICT.treeToValue(
                  doc.path("metadata"), io.fabric8.kubernetes.api.model.ObjectMeta.class));
          out.add(certificate);
          continue;
        }
        Class<? extends HasMetadata> type = KINDS.get(key);
        if (type == null) {
          throw new IOException(
              "document " + i + " has kind " + key + ", which no jkops addon should hold");
        }
        try {
          out.add(STRICT.treeToValue(doc, type));
        } catch (IOException e) {
          throw new IOException(
              "document "
                  + i
                  + " ("
                  + key
                  + " "
                  + doc.path("metadata").path("name").asText()
                  + "): "
                  + e.getMessage(),
              e);
        }
      }
    }
    return out;
  }
}
