package dev.jkops.cloud.local.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API's pieces that need no cluster: merge patches, selectors, Status objects, ages. */
class KubeApiPiecesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  ObjectNode json(String s) throws Exception {
    return (ObjectNode) JSON.readTree(s);
  }

  @Test
  void aMergePatchSetsReplacesAndRemovesAndDropsStrategicDirectives() throws Exception {
    ObjectNode current =
        json("{\"metadata\":{\"labels\":{\"a\":\"1\",\"b\":\"2\"}},\"data\":{\"x\":\"y\"}}");
    ObjectNode patch =
        json(
            "{\"metadata\":{\"labels\":{\"b\":null,\"c\":\"3\"}},\"data\":{\"x\":\"z\"},"
                + "\"$setElementOrder/containers\":[{\"name\":\"a\"}]}");
    assertThat(MergePatch.apply(current, patch))
        .isEqualTo(
            json("{\"metadata\":{\"labels\":{\"a\":\"1\",\"c\":\"3\"}},\"data\":{\"x\":\"z\"}}"));
  }

  @Test
  void labelAndFieldSelectorsFilterAsKubectlSendsThem() throws Exception {
    List<ObjectNode> items =
        List.of(
            json(
                "{\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\",\"labels\":{\"app\":\"web\",\"tier\":\"front\"}}}"),
            json(
                "{\"metadata\":{\"name\":\"db\",\"namespace\":\"shop\",\"labels\":{\"app\":\"db\"}}}"));
    assertThat(names(KubeApi.filter(items, Map.of("labelSelector", "app=web"))))
        .containsExactly("web");
    assertThat(names(KubeApi.filter(items, Map.of("labelSelector", "app!=web"))))
        .containsExactly("db");
    assertThat(names(KubeApi.filter(items, Map.of("labelSelector", "tier"))))
        .containsExactly("web");
    assertThat(names(KubeApi.filter(items, Map.of("labelSelector", "!tier"))))
        .containsExactly("db");
    assertThat(names(KubeApi.filter(items, Map.of("fieldSelector", "metadata.name=db"))))
        .containsExactly("db");
    assertThat(names(KubeApi.filter(items, Map.of("fieldSelector", "metadata.name!=db"))))
        .containsExactly("web");
  }

  @Test
  void errorsAreKubernetesStatusObjects() {
    ResourceType pods = ResourceType.BUILT_IN.get(0);
    ObjectNode notFound = KubeApi.status(ApiError.notFound(pods, "web"));
    assertThat(notFound.path("kind").asText()).isEqualTo("Status");
    assertThat(notFound.path("code").asInt()).isEqualTo(404);
    assertThat(notFound.path("reason").asText()).isEqualTo("NotFound");
    assertThat(notFound.path("message").asText()).isEqualTo("pods \"web\" not found");
    ResourceType policies =
        ResourceType.BUILT_IN.stream()
            .filter(t -> t.plural().equals("networkpolicies"))
            .findFirst()
            .orElseThrow();
    ObjectNode invalid =
        KubeApi.status(
            ApiError.invalid(
                policies,
                "p",
                List.of(
                    new ApiError.Cause(
                        "FieldValueNotSupported",
                        "spec.policyTypes[0]",
                        "Unsupported value: \"Sideways\""))));
    assertThat(invalid.path("code").asInt()).isEqualTo(422);
    assertThat(invalid.path("message").asText())
        .isEqualTo(
            "NetworkPolicy.networking.k8s.io \"p\" is invalid: spec.policyTypes[0]: Unsupported value: \"Sideways\"");
    assertThat(invalid.path("details").path("causes").path(0).path("field").asText())
        .isEqualTo("spec.policyTypes[0]");
  }

  @Test
  void agesReadAsKubectlShowsThem() {
    java.time.Instant now = java.time.Instant.now();
    assertThat(Tables.age(now.minusSeconds(42))).isEqualTo("42s");
    assertThat(Tables.age(now.minusSeconds(5 * 60 + 10))).isEqualTo("5m10s");
    assertThat(Tables.age(now.minusSeconds(17 * 60))).isEqualTo("17m");
    assertThat(Tables.age(now.minusSeconds(3 * 3600 + 20 * 60))).isEqualTo("3h20m");
    assertThat(Tables.age(now.minusSeconds(40L * 86400))).isEqualTo("40d");
  }

  private static List<String> names(List<ObjectNode> items) {
    return items.stream().map(o -> o.path("metadata").path("name").asText()).toList();
  }
}
