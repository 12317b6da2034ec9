package dev.jkops.cloud.terraform;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One {@code resource "<type>" "<name>"} (or {@code data "<type>" "<name>"}, among a
 * configuration's data sources) of a Terraform configuration. Attribute values are strings,
 * booleans, integers, lists, maps of strings (tags), {@link TfExpr} and lists of {@link TfBlock}.
 */
public record TfResource(String type, String name, SortedMap<String, Object> attributes) {
  /**
   * Terraform's identifiers: a letter or underscore, then letters, digits, underscores and dashes.
   */
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  public TfResource {
    // Labels are not templates, so they cannot be escaped: a name that is not an identifier is
    // refused.
    for (String label : new String[] {type, name}) {
      if (label == null || !IDENTIFIER.matcher(label).matches()) {
        throw new IllegalArgumentException(
            "\""
                + label
                + "\" cannot name a Terraform resource: Terraform names start with"
                + " a letter or underscore and hold only letters, digits, underscores and dashes; rename what it comes from"
                + " (cluster, instance group or subnet names)");
      }
    }
    attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
  }

  /** The address Terraform knows it by, {@code <type>.<name>}. */
  public String address() {
    return type + "." + name;
  }
}
