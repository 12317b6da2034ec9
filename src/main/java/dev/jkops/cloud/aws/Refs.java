package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** Helpers for the dependencies that references imply. */
final class Refs {
  private Refs() {}

  /** The managed resources among {@code refs}: what must exist first. */
  static Set<ResourceId> ids(Ref... refs) {
    Set<ResourceId> out = new LinkedHashSet<>();
    for (Ref r : refs) {
      if (r instanceof Ref.Managed m) {
        out.add(m.id());
      }
    }
    return out;
  }

  static Set<ResourceId> ids(Optional<Ref> ref) {
    return ref.map(Refs::ids).orElse(Set.of());
  }
}
