package dev.jkops.cloud.local.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.jkops.cloud.local.policy.PolicyWorld;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A stored namespace's labels read without a mapper give what databind's {@code convertValue} gave
 * for the same node, and are refused where it refused them.
 */
class PolicyStoreLabelsTest {
  private static final ObjectMapper JACKSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};

  @Test
  void labelsReadAsConvertValueReadsThem() throws Exception {
    List<String> stored =
        List.of(
            "{}",
            "{\"team\":\"web\",\"env\":\"prod\"}",
            "{\"z\":\"1\",\"a\":\"2\",\"m\":\"3\"}",
            "{\"n\":7,\"b\":true,\"f\":1.5,\"nothing\":null}",
            "{\"ключ\":\"значение ✓\",\"\":\"\"}");
    for (String json : stored) {
      JsonNode labels = JACKSON.readTree(json);
      Map<String, String> expected = JACKSON.convertValue(labels, STRINGS);
      assertThat(PolicyStore.stringMap(labels)).as(json).isEqualTo(expected);
      assertThat(PolicyStore.stringMap(labels)).as(json).containsExactlyEntriesOf(expected);
    }
    assertThat(PolicyStore.stringMap(JACKSON.readTree("null"))).isNull();
    assertThat(JACKSON.convertValue(JACKSON.readTree("null"), STRINGS)).isNull();
    assertThat(PolicyStore.stringMap(MissingNode.getInstance())).isNull();
  }

  /**
   * A namespace made through the API without labels ({@code kubectl create namespace shop
   * --dry-run=client -o yaml | kubectl create -f -}) is stored without them; every policy write in
   * the cluster then built a policy world from its labels and failed with a NullPointerException
   * (an InternalError to kubectl).
   */
  @Test
  void aNamespaceStoredWithoutLabelsHasNoneAndThePolicyWorldTakesIt() {
    Map<String, Map<String, String>> labels =
        PolicyStore.namespaceLabels(
            Map.of(
                "/registry/namespaces/shop",
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":"
                    + "{\"creationTimestamp\":null,\"name\":\"shop\"},\"spec\":{},\"status\":{}}",
                "/registry/namespaces/web",
                "{\"metadata\":{\"name\":\"web\",\"labels\":null}}",
                "/registry/namespaces/team",
                "{\"metadata\":{\"name\":\"team\",\"labels\":{\"team\":\"a\"}}}"));
    assertThat(labels)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("shop", Map.of(), "web", Map.of(), "team", Map.of("team", "a")));
    PolicyWorld world = new PolicyWorld(List.of(), List.of(), labels, Map.of());
    assertThat(world.labelsOf("shop"))
        .containsExactly(Map.entry(PolicyWorld.NAMESPACE_NAME_LABEL, "shop"));
  }

  @Test
  void labelsThatAreNotAnObjectOfScalarsAreRefusedAsConvertValueRefusesThem() throws Exception {
    for (String json : List.of("[\"a\"]", "{\"a\":[1]}", "{\"a\":{\"b\":\"c\"}}")) {
      JsonNode labels = JACKSON.readTree(json);
      assertThatThrownBy(() -> JACKSON.convertValue(labels, STRINGS))
          .as(json)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> PolicyStore.stringMap(labels))
          .as(json)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
