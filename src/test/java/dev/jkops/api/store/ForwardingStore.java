package dev.jkops.api.store;

import java.util.List;
import java.util.Optional;

/**
 * A state store that hands every call to {@code inner}, for tests that watch or interpose on a few
 * of them: each override sees the call, and the rest reach the real store's own implementation (not
 * {@link StateStore}'s defaults).
 */
class ForwardingStore implements StateStore {
  final StateStore inner;

  ForwardingStore(StateStore inner) {
    this.inner = inner;
  }

  @Override
  public String location() {
    return inner.location();
  }

  @Override
  public Optional<byte[]> read(String path) {
    return inner.read(path);
  }

  @Override
  public void write(String path, byte[] content) {
    inner.write(path, content);
  }

  @Override
  public List<String> list(String prefix) {
    return inner.list(prefix);
  }

  @Override
  public void delete(String path) {
    inner.delete(path);
  }

  @Override
  public boolean createIfAbsent(String path, byte[] content) {
    return inner.createIfAbsent(path, content);
  }

  @Override
  public boolean createLockIfAbsent(String path, byte[] content) {
    return inner.createLockIfAbsent(path, content);
  }

  @Override
  public void writeAll(List<Change> changes) {
    inner.writeAll(changes);
  }

  @Override
  public Optional<Tagged> readTagged(String path) {
    return inner.readTagged(path);
  }

  @Override
  public boolean deleteIfUnchanged(String path, String tag) {
    return inner.deleteIfUnchanged(path, tag);
  }
}
