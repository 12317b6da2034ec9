package dev.jkops.cloud.aws;

import dev.jkops.tasks.Change;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * How {@link AwsTarget} finds, creates and updates one kind of AWS resource: the SDK calls of the
 * service that owns it, typed by the kind's record.
 */
record AwsKindOps<R extends AwsResource>(
    Class<R> kind,
    Function<R, Optional<AwsResource>> finder,
    Consumer<R> creator,
    Updater<R> updater) {

  /** Changes a live resource to the desired one, or says why AWS cannot. */
  @FunctionalInterface
  interface Updater<R> {
    void update(R live, R desired, List<Change> changes);
  }

  Optional<AwsResource> find(AwsResource desired) {
    return finder.apply(kind.cast(desired));
  }

  void create(AwsResource desired) {
    creator.accept(kind.cast(desired));
  }

  void update(AwsResource live, AwsResource desired, List<Change> changes) {
    updater.update(kind.cast(live), kind.cast(desired), changes);
  }
}
