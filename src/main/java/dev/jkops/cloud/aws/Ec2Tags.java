package dev.jkops.cloud.aws;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * Converts tags between jkops' sorted maps and EC2's lists, and builds the filters that find them.
 */
final class Ec2Tags {
  private Ec2Tags() {}

  static List<Tag> tags(Map<String, String> tags) {
    List<Tag> out = new ArrayList<>();
    tags.forEach((k, v) -> out.add(Tag.builder().key(k).value(v).build()));
    return out;
  }

  static TagSpecification spec(ResourceType type, Map<String, String> tags) {
    return TagSpecification.builder().resourceType(type).tags(tags(tags)).build();
  }

  /**
   * The live tags jkops manages: those whose keys the desired resource has (all when none given).
   */
  static SortedMap<String, String> map(Collection<Tag> tags, Set<String> keys) {
    SortedMap<String, String> out = new TreeMap<>();
    for (Tag t : tags) {
      if (keys == null || keys.contains(t.key())) {
        out.put(t.key(), t.value());
      }
    }
    return out;
  }

  static String get(Collection<Tag> tags, String key) {
    return tags.stream().filter(t -> key.equals(t.key())).map(Tag::value).findFirst().orElse(null);
  }

  static Filter filter(String name, String... values) {
    return Filter.builder().name(name).values(values).build();
  }

  /** Finds a resource of the cluster by its Name tag. */
  static List<Filter> named(String cluster, String name) {
    return List.of(
        filter("tag:" + Tags.KUBERNETES_CLUSTER, cluster), filter("tag:" + Tags.NAME, name));
  }

  /** Finds every resource the cluster owns. */
  static List<Filter> owned(String cluster) {
    return List.of(filter("tag:" + Tags.CLUSTER_PREFIX + cluster, Tags.OWNED));
  }
}
