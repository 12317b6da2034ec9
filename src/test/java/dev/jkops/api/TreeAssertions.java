package dev.jkops.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks on trees that {@code equals} leaves out, for tests that compare JsonTrees with a mapper.
 */
public final class TreeAssertions {
  private TreeAssertions() {}

  /**
   * The same node class at every position, and objects' fields in the same order. equals() treats
   * IntNode 1 and LongNode 1 as different already; this also covers doubles and field order.
   */
  public static void assertSameNodeClasses(JsonNode expected, JsonNode actual) {
    assertEquals(expected.getClass(), actual.getClass(), expected.toString());
    if (expected.isObject()) {
      List<String> ek = new ArrayList<>();
      List<String> ak = new ArrayList<>();
      expected.fieldNames().forEachRemaining(ek::add);
      actual.fieldNames().forEachRemaining(ak::add);
      assertEquals(ek, ak, "field order");
      ek.forEach(k -> assertSameNodeClasses(expected.get(k), actual.get(k)));
    } else if (expected.isArray()) {
      for (int i = 0; i < expected.size(); i++) {
        assertSameNodeClasses(expected.get(i), actual.get(i));
      }
    }
  }
}
