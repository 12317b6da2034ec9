package dev.jkops.cloud.terraform;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One {@code resource "<type>" "<name>"} of a Terraform configuration. Attribute values are
 * strings, booleans, integers, lists, maps of strings (tags), {@link TfExpr} and lists of
 * {@link TfBlock}.
 */
public record TfResource(String type, String name, SortedMap<String, Object> attributes) {
  public TfResource {
    attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
  }

  /** The address Terraform knows it by, {@code <type>.<name>}. */
  public String address() {
    return type + "." + name;
  }
}
