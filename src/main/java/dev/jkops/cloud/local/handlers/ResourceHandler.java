package dev.jkops.cloud.local.handlers;

import dev.jkops.cloud.local.resources.LocalResource;
import dev.jkops.tasks.Change;
import dev.jkops.tasks.Target;
import java.util.ArrayList;
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
   * Whether {@link #createTogether} makes several resources for less than one {@link #create} after
   * another; the local cloud then hands it every create of the kind that is ready at once.
   */
  default boolean createsTogether() {
    return false;
  }

  /**
   * Makes one resource through {@link #createTogether}, as a group of one, and throws what its
   * outcome says: for handlers whose {@link #create} is their group's path (which must then
   * override {@link #createTogether}, whose default calls {@link #create}).
   */
  default void createAsGroupOfOne(R desired) {
    List<RuntimeException> failed = new ArrayList<>();
    createTogether(List.of(desired), (k, e) -> e.ifPresent(failed::add));
    if (!failed.isEmpty()) {
      throw failed.get(0);
    }
  }

  /**
   * Makes several resources handed over at once, telling {@code outcomes} each one's outcome as
   * soon as it is known (empty: made; else what its {@link #create} would have thrown, and it is
   * left as that would have left it), once each, before returning. By default one after another.
   */
  default void createTogether(List<R> desired, Target.Outcomes outcomes) {
    for (int i = 0; i < desired.size(); i++) {
      try {
        create(desired.get(i));
        outcomes.done(i, Optional.empty());
      } catch (RuntimeException e) {
        outcomes.done(i, Optional.of(e));
      }
    }
  }

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
