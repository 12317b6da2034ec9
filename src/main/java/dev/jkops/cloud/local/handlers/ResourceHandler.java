package dev.jkops.cloud.local.handlers;

import dev.jkops.cloud.local.resources.LocalResource;
import dev.jkops.tasks.Change;
import java.util.List;
import java.util.Optional;

/** Finds and changes one kind of local resource in the kernel (and the cluster's runtime dir). */
public interface ResourceHandler<R extends LocalResource> {

  /** The live resource with the desired one's id, read from the kernel, or empty. */
  Optional<R> find(R desired);

  /** Every live resource of this kind the cluster owns. */
  List<R> owned();

  void create(R desired);

  /**
   * By default a changed resource is rebuilt; handlers that can change a field in place override
   * this.
   */
  default void update(R live, R desired, List<Change> changes) {
    delete(live);
    create(desired);
  }

  void delete(R live);
}
