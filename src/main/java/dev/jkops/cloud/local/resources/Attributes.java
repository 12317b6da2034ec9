package dev.jkops.cloud.local.resources;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** Builds the sorted, unmodifiable attribute maps the engine compares. */
final class Attributes {
  private Attributes() {}

  static SortedMap<String, String> of(Object... keyValues) {
    TreeMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], String.valueOf(keyValues[i + 1]));
    }
    return Collections.unmodifiableSortedMap(m);
  }
}
