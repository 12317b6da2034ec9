package dev.jkops.api.store;

import java.util.List;
import java.util.Optional;

/**
 * A kops state store: a tree of small files under a base such as {@code file:///root/.jkops/state}
 * or {@code s3://bucket/prefix}. Paths are relative and use '/', e.g. {@code
 * c.example.com/instancegroup/nodes}. Writes are whole-file and atomic: a reader sees the old bytes
 * or the new ones, never a mix.
 */
public interface StateStore {

  /** The store's address as the user gave it, for messages. */
  String location();

  Optional<byte[]> read(String path);

  void write(String path, byte[] content);

  /** Paths of every file below {@code prefix} (recursive), sorted. */
  List<String> list(String prefix);

  /** Deletes one file; deleting what is not there is not an error. */
  void delete(String path);

  /**
   * Writes {@code path} only if no file is there, in one atomic step: of two writers racing for the
   * same path exactly one gets {@code true}. State locks are built on this.
   */
  default boolean createIfAbsent(String path, byte[] content) {
    throw new StateStoreException(
        "state store "
            + location()
            + " cannot create files atomically, so it"
            + " cannot hold a state lock");
  }

  /**
   * As {@link #createIfAbsent}, for a state lock, a file that matters only while its maker runs: a
   * store may skip making it durable. A crash of the machine ends every holder, so a lock lost with
   * it is one nobody holds; who holds a lock among running processes is decided by the atomic
   * create alone, which needs no flush to disk.
   */
  default boolean createLockIfAbsent(String path, byte[] content) {
    return createIfAbsent(path, content);
  }

  /** One file of a {@link #writeAll}. */
  record Change(String path, byte[] content) {}

  /**
   * Writes several files as one unit, in order: afterwards all of them have their new bytes, or,
   * when a write fails, every file already written is put back as it was and the error says so.
   * This default writes one by one and rolls back from the bytes it read first; a store that can
   * stage the files first (the file store) overrides it.
   */
  default void writeAll(java.util.List<Change> changes) {
    java.util.List<RollBack.Before> before = new java.util.ArrayList<>();
    for (Change c : changes) {
      before.add(new RollBack.Before(c.path(), read(c.path())));
    }
    int written = 0;
    try {
      for (Change c : changes) {
        write(c.path(), c.content());
        written++;
      }
    } catch (RuntimeException e) {
      throw RollBack.undo(this, before.subList(0, written), changes.size(), e);
    }
  }

  /** A file's bytes and a tag that changes whenever the file is written again (S3's ETag). */
  record Tagged(byte[] content, String tag) {}

  /** Reads a file with its tag, for a later {@link #deleteIfUnchanged}. */
  default Optional<Tagged> readTagged(String path) {
    return read(path).map(bytes -> new Tagged(bytes, digest(bytes)));
  }

  /**
   * Deletes {@code path} only if it still has {@code tag}; false when it was rewritten or is gone.
   * This default compares, then deletes, so a write between the two is lost; stores that can make
   * the delete itself conditional (S3's {@code If-Match}) override it.
   */
  default boolean deleteIfUnchanged(String path, String tag) {
    Optional<Tagged> now = readTagged(path);
    if (now.isEmpty() || !now.get().tag().equals(tag)) {
      return false;
    }
    delete(path);
    return true;
  }

  private static String digest(byte[] bytes) {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java", e);
    }
  }
}
