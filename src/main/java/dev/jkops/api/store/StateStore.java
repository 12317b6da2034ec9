package dev.jkops.api.store;

import java.util.List;
import java.util.Optional;

/**
 * A kops state store: a tree of small files under a base such as {@code file:///root/.jkops/state}
 * or {@code s3://bucket/prefix}. Paths are relative and use '/', e.g.
 * {@code c.example.com/instancegroup/nodes}. Writes are whole-file and atomic: a reader sees the old
 * bytes or the new ones, never a mix.
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
    throw new StateStoreException("state store " + location() + " cannot create files atomically, so it"
        + " cannot hold a state lock");
  }
}
