package dev.jkops.tasks;

/** A resource's kind and name as kops prints them, e.g. {@code Subnet/us-test-1a.c.example.com}. */
public record ResourceId(String kind, String name) implements Comparable<ResourceId> {
  public ResourceId {
    if (kind == null || kind.isBlank() || name == null || name.isBlank()) {
      throw new IllegalArgumentException(
          "a resource needs a kind and a name, got " + kind + "/" + name);
    }
  }

  @Override
  public int compareTo(ResourceId o) {
    int c = kind.compareTo(o.kind);
    return c != 0 ? c : name.compareTo(o.name);
  }

  @Override
  public String toString() {
    return kind + "/" + name;
  }
}
