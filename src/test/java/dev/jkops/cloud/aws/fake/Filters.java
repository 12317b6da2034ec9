package dev.jkops.cloud.aws.fake;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;

/** EC2's Describe filters over a resource's tags and a few named attributes. */
final class Filters {
  private Filters() {}

  static boolean match(List<Filter> filters, List<Tag> tags, Map<String, String> attributes) {
    for (Filter f : filters) {
      String value;
      if (f.name().startsWith("tag:")) {
        String key = f.name().substring(4);
        value =
            tags.stream().filter(t -> t.key().equals(key)).map(Tag::value).findFirst().orElse(null);
      } else if (attributes.containsKey(f.name())) {
        value = attributes.get(f.name());
      } else {
        throw FakeAws.error(
            "InvalidParameterValue", "The filter '" + f.name() + "' is invalid", 400);
      }
      if (value == null || !f.values().contains(value)) {
        return false;
      }
    }
    return true;
  }
}
