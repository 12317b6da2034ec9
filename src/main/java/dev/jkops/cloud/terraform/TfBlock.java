package dev.jkops.cloud.terraform;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A nested block such as {@code launch_template { ... }}. An attribute whose value is a list of
 * blocks is written as that many blocks, in list order; JSON writes it as a list of objects.
 */
public record TfBlock(SortedMap<String, Object> attributes) {
  public TfBlock {
    attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
  }

  public static TfBlock of(Map<String, Object> attributes) {
    return new TfBlock(new TreeMap<>(attributes));
  }
}
