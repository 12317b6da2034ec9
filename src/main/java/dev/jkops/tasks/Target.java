package dev.jkops.tasks;

import java.util.List;
import java.util.Optional;

/**
 * A cloud the engine can converge: it finds live resources and changes them. The local cloud and
 * AWS implement it; the dry run and Terraform output do not need one (they only read a plan or the
 * desired set).
 */
public interface Target<R extends Resource> {

  /** The live resource with the desired one's id, or empty when it does not exist. */
  Optional<R> find(R desired);

  /** Every live resource this cluster owns, so that what is no longer desired can be deleted. */
  List<R> owned();

  void create(R desired);

  void update(R live, R desired, List<Change> changes);

  void delete(R live);

  /**
   * Whether {@code change} may be handed to {@link #applyTogether} with the other changes of its
   * kind and action (creates with creates) that are ready at the same moment: for a cloud where
   * changes made together cost less than the same changes made one by one (the local cloud puts
   * many routes, or many instances' ports, in one process). No by default, and the engine then
   * applies each change on its own, as before.
   */
  default boolean appliesTogether(Action<R> change) {
    return false;
  }

  /**
   * Applies changes of one kind and one action that were ready at the same moment (each one that
   * {@link #appliesTogether} accepted), telling {@code outcomes} each one's outcome as soon as it
   * is known, once per change, from any thread, before this returns: the engine starts what depends
   * on a change the moment it is done, not when the whole group is. Each outcome is the change's
   * own: one change's failure does not stop the others, so when this returns every change was
   * either applied or failed, and a change that failed is left as its own {@link #create}, {@link
   * #update} or {@link #delete} would have left it (found and finished by the next run). The
   * default applies them one after another.
   */
  default void applyTogether(List<Action<R>> changes, Outcomes outcomes) {
    for (int i = 0; i < changes.size(); i++) {
      try {
        Engine.perform(changes.get(i), this);
        outcomes.done(i, Optional.empty());
      } catch (RuntimeException e) {
        outcomes.done(i, Optional.of(e));
      }
    }
  }

  /** Hears the outcomes of the changes handed to {@link #applyTogether}. */
  @FunctionalInterface
  interface Outcomes {
    /**
     * The change at {@code index} of the list handed over was applied ({@code failure} empty) or
     * not, and why; thread-safe.
     */
    void done(int index, Optional<RuntimeException> failure);

    /**
     * The outcomes of several changes, known at one moment, told as one (by index): what depends on
     * them becomes ready at one moment, to be handed over together in turn, where told one by one
     * the engine may start the first change's dependents before it hears of the second. By default
     * one after another.
     */
    default void done(java.util.Map<Integer, Optional<RuntimeException>> each) {
      each.forEach(this::done);
    }
  }
}
