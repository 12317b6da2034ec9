package dev.jkops.api.store;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A state store seen through the cluster locks a command holds: before the first change to any of a
 * locked cluster's files, the files as they were are saved as a {@link StateHistory} version (once
 * per lock). Changes to other paths pass straight through.
 */
public final class HistoryKeepingStore implements StateStore {
  private final StateStore delegate;
  private final StateHistory history;
  private final Map<String, LockInfo> locked = new LinkedHashMap<>();
  private final Set<String> saved = new HashSet<>();

  public HistoryKeepingStore(StateStore delegate, StateHistory history) {
    this.delegate = delegate;
    this.history = history;
  }

  public StateStore delegate() {
    return delegate;
  }

  /**
   * From now on, the first change to {@code cluster}'s files saves them first, recorded as {@code
   * by}.
   */
  public synchronized void guard(String cluster, LockInfo by) {
    locked.put(cluster, by);
    saved.remove(cluster);
  }

  public synchronized void unguard(String cluster) {
    locked.remove(cluster);
    saved.remove(cluster);
  }

  public synchronized boolean isEmpty() {
    return locked.isEmpty();
  }

  @Override
  public String location() {
    return delegate.location();
  }

  @Override
  public Optional<byte[]> read(String path) {
    return delegate.read(path);
  }

  @Override
  public void write(String path, byte[] content) {
    beforeChange(path);
    delegate.write(path, content);
  }

  @Override
  public void writeAll(List<Change> changes) {
    changes.forEach(c -> beforeChange(c.path()));
    delegate.writeAll(changes);
  }

  @Override
  public List<String> list(String prefix) {
    return delegate.list(prefix);
  }

  @Override
  public void delete(String path) {
    beforeChange(path);
    delegate.delete(path);
  }

  @Override
  public boolean createIfAbsent(String path, byte[] content) {
    beforeChange(path);
    return delegate.createIfAbsent(path, content);
  }

  @Override
  public boolean createLockIfAbsent(String path, byte[] content) {
    beforeChange(path);
    return delegate.createLockIfAbsent(path, content);
  }

  private synchronized void beforeChange(String path) {
    int slash = path.indexOf('/');
    if (slash <= 0) {
      return;
    }
    String cluster = path.substring(0, slash);
    LockInfo by = locked.get(cluster);
    if (by == null || StateHistory.isBookkeeping(cluster, path)) {
      return;
    }
    // Before every write, not once: a lock cleared by 'jkops unlock' while this command ran may
    // already be another command's, whose work this write would overwrite. (A store cannot make a
    // write conditional on another file, so a clear that lands between this read and the write is
    // not caught; it is caught at the next write.)
    ClusterLock.checkStillHeld(delegate, cluster, by, path);
    if (saved.contains(cluster)) {
      return;
    }
    saved.add(cluster);
    history.save(cluster, by);
  }
}
