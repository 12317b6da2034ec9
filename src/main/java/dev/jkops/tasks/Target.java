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
}
