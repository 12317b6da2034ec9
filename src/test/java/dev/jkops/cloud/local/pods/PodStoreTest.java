package dev.jkops.cloud.local.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jkops.cloud.local.runtime.FileRuntimeStore;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pod records read back as written, and a record of any other shape read as Jackson reads it (the
 * reader takes a short cut only for the shape {@link PodStore#put} writes).
 */
class PodStoreTest {
  private static final ObjectMapper JACKSON = new ObjectMapper();

  private static final List<Pod> PODS =
      List.of(
          new Pod(
              "web-1",
              "default",
              Map.of("app", "web", "tier", "front ✓"),
              "nodes-zone-a-1",
              "jk-abc123-p-default-web-1",
              "jk-abc123-p-default-web-1",
              "100.96.1.4",
              "cni:k8s-pod-network",
              "{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"100.96.1.4/32\"}],\n\"note\":\"a \\\"q\\\"\"}",
              "2026-12-06T01:04:05.123456Z"),
          new Pod(
              "db-0",
              "data",
              Map.of(),
              "nodes-zone-b-2",
              "jk-abc123-p-data-db-0",
              "c1",
              "100.96.2.9",
              "cbr0",
              null,
              "2026-12-06T01:04:06Z"));

  @Test
  void everyRecordPutReadsBackAsItWasThroughTheShortCut(@TempDir Path dir) throws Exception {
    FileRuntimeStore files = new FileRuntimeStore(dir.resolve("registry"));
    PodStore store = new PodStore(files);
    PODS.forEach(store::put);

    assertThat(store.list())
        .isEqualTo(PODS.stream().sorted(Comparator.comparing(Pod::namespace)).toList());
    assertThat(store.get("default", "web-1")).contains(PODS.get(0));
    for (String json : files.list(PodStore.PREFIX).values()) {
      assertThat(PodStore.readAsWritten(json))
          .as("put's own record takes the short cut: %s", json)
          .isNotNull()
          .isEqualTo(JACKSON.readValue(json, Pod.class));
    }
  }

  @Test
  void putWritesTheTextAnIndentingMapperWritesForThePod() throws Exception {
    ObjectMapper indenting = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    List<Pod> pods = new java.util.ArrayList<>(PODS);
    pods.add(new Pod("n", "ns", null, null, null, null, null, null, null, null));
    pods.add(
        new Pod(
            "\u00e9\ud83d\ude00",
            "q\"uote\\",
            Map.of("b", "2", "a", "1", "\n", ""),
            "n",
            "x",
            "c",
            "100.96.0.2",
            "cbr0",
            "",
            "t"));
    for (Pod pod : pods) {
      assertThat(PodStore.encode(pod)).isEqualTo(indenting.writeValueAsString(pod));
    }
  }

  @Test
  void aRecordOfAnotherShapeReadsAsJacksonReadsIt() throws Exception {
    List<String> others =
        List.of(
            "{\"name\":\"a\",\"namespace\":5,\"created\":\"2026-12-06T01:04:05Z\"}",
            "{\"name\":\"a\",\"name\":\"b\"}",
            "{\"name\":\"a\",\"labels\":null}",
            "{\"name\":\"a\",\"labels\":{\"k\":\"1\",\"k\":\"2\"}}",
            "{\"name\":\"a\",\"labels\":{\"k\":7}}",
            "{\"name\":\"a\"} trailing");
    for (String json : others) {
      assertThat(PodStore.read(json)).as(json).isEqualTo(JACKSON.readValue(json, Pod.class));
    }
    assertThat(PodStore.readAsWritten(others.get(0))).as("a number is not put's shape").isNull();
    assertThat(PodStore.readAsWritten("{\"name\":\"a\",\"labels\":null}"))
        .as("a null is")
        .isEqualTo(new Pod("a", null, null, null, null, null, null, null, null, null));
  }

  @Test
  void aDamagedRecordFailsWithJacksonsMessage() {
    for (String json :
        List.of(
            "{\"name\":\"a\",\"colour\":\"red\"}",
            "{\"name\":\"a\",\"qualifiedName\":\"x/a\"}",
            "{\"name\":\"a\",\"labels\":[\"x\"]}",
            "{\"name\":\"a\",",
            "not json")) {
      String jackson;
      try {
        JACKSON.readValue(json, Pod.class);
        throw new AssertionError("Jackson read " + json);
      } catch (java.io.IOException e) {
        jackson = e.getMessage();
      }
      assertThatThrownBy(() -> PodStore.read(json))
          .as(json)
          .isInstanceOf(UncheckedIOException.class)
          .hasMessage("cannot read a pod record: " + jackson);
    }
  }
}
