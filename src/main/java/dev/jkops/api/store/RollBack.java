package dev.jkops.api.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Puts back files a failed {@link StateStore#writeAll} had already written. */
final class RollBack {
  /** A file as it was before the unit began: its bytes, or absent. */
  record Before(String path, Optional<byte[]> content) {}

  private RollBack() {}

  /**
   * Restores {@code written} (newest first) and returns the error to throw: the write's own, saying
   * nothing was changed, or, if some file could not be put back, naming those files and the saved
   * version that has them.
   */
  static StateStoreException undo(
      StateStore store, List<Before> written, int total, RuntimeException cause) {
    List<String> notRestored = new ArrayList<>();
    for (int i = written.size() - 1; i >= 0; i--) {
      Before b = written.get(i);
      try {
        if (b.content().isPresent()) {
          store.write(b.path(), b.content().get());
        } else {
          store.delete(b.path());
        }
      } catch (RuntimeException again) {
        notRestored.add(b.path());
      }
    }
    String what =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    if (notRestored.isEmpty()) {
      return new StateStoreException(
          what
              + " (the "
              + total
              + " files of this change are written together or"
              + " not at all: nothing was changed)",
          cause);
    }
    return new StateStoreException(
        what
            + "; putting back the files already written failed too for "
            + String.join(", ", notRestored)
            + ", which now hold the new version while the others hold the old one."
            + " The version before this command is saved: see 'jkops get history cluster NAME' and bring it back"
            + " with 'jkops restore cluster NAME --version N --yes' once the store works again",
        cause);
  }
}
