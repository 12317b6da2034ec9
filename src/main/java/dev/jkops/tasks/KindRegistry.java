package dev.jkops.tasks;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One handler per resource kind, keyed by the kind's record class: how a cloud dispatches the kinds
 * of its sealed resource hierarchy instead of an {@code instanceof} chain. A kind registered twice
 * is refused when the registry is built; a resource whose kind has no handler fails with an error
 * naming the kind and what lacks it, never a {@link ClassCastException}. Each cloud's tests compare
 * {@link #kinds()} with the hierarchy's permitted subclasses.
 *
 * @param <B> the sealed base of the cloud's resource records
 * @param <H> what the registry holds per kind
 */
public final class KindRegistry<B, H> {
  private final String purpose;
  private final Map<Class<?>, H> handlers;

  private KindRegistry(String purpose, Map<Class<?>, H> handlers) {
    this.purpose = purpose;
    this.handlers = Collections.unmodifiableMap(new LinkedHashMap<>(handlers));
  }

  /**
   * @param purpose what the handlers do, for the error of a kind without one (e.g. "AWS deletion")
   */
  public static <B, H> Builder<B, H> builder(Class<B> base, String purpose) {
    return new Builder<>(base, purpose);
  }

  /** The handler of the resource's kind (its record class). */
  public H of(B resource) {
    H h = handlers.get(resource.getClass());
    if (h == null) {
      throw new IllegalStateException(
          "no "
              + purpose
              + " handler for resource kind "
              + resource.getClass().getSimpleName()
              + "; every kind needs one registered");
    }
    return h;
  }

  /** The kinds that have a handler, in registration order. */
  public Set<Class<?>> kinds() {
    return handlers.keySet();
  }

  /** The handlers, in registration order. */
  public Collection<H> handlers() {
    return handlers.values();
  }

  /** Collects one handler per kind. */
  public static final class Builder<B, H> {
    private final Class<B> base;
    private final String purpose;
    private final Map<Class<?>, H> handlers = new LinkedHashMap<>();

    private Builder(Class<B> base, String purpose) {
      this.base = base;
      this.purpose = purpose;
    }

    public Builder<B, H> with(Class<? extends B> kind, H handler) {
      if (!base.isAssignableFrom(kind) || kind.isInterface()) {
        throw new IllegalArgumentException(
            kind.getName() + " is not a " + base.getSimpleName() + " record");
      }
      if (handlers.putIfAbsent(kind, handler) != null) {
        throw new IllegalArgumentException(
            "two " + purpose + " handlers for resource kind " + kind.getSimpleName());
      }
      return this;
    }

    public KindRegistry<B, H> build() {
      return new KindRegistry<>(purpose, handlers);
    }
  }
}
