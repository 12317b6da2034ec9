package dev.jkops.api.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Proof that a file store's lock holder is still running: {@code <cluster>/.lock-<id>.jkops-alive},
 * made and OS-locked ({@code fcntl}, through {@link FileChannel#tryLock}) by the holder before it
 * creates {@code <cluster>/.lock}, and deleted when it lets go. The kernel drops the OS lock when
 * the process ends however it ends, SIGKILL included, so a {@code .lock} whose liveness file can be
 * locked by someone else belongs to a process that is gone, and the next command takes it over (as
 * Terraform's local backend does) instead of waiting for a user's {@code unlock}.
 *
 * <p>The OS lock guards liveness only; who holds the cluster stays decided by the atomic create of
 * {@code .lock}, the same on every store. Two details of POSIX locks shape this class: they belong
 * to a process, and closing any descriptor of the file drops them, so this JVM never opens a
 * liveness file it holds itself ({@link #HELD}); and a taker locks the dead holder's liveness file
 * while it clears the stale {@code .lock}, so two commands taking over the same dead holder cannot
 * both do it.
 */
final class LivenessFile {
  static final String SUFFIX = ".jkops-alive";

  /** Lock ids become file names: only ids jkops itself makes (and tests' plain ones) qualify. */
  private static final java.util.regex.Pattern SAFE_ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** The liveness files this JVM holds, which it must never open a second time. */
  private static final Map<Path, LivenessFile> HELD = new ConcurrentHashMap<>();

  private final FileStateStore store;
  private final String path;
  private final Path file;
  private final FileChannel channel;

  private LivenessFile(FileStateStore store, String path, Path file, FileChannel channel) {
    this.store = store;
    this.path = path;
    this.file = file;
    this.channel = channel;
  }

  static String path(String cluster, String id) {
    return cluster + "/.lock-" + id + SUFFIX;
  }

  /** Makes and OS-locks the liveness file of lock {@code id}, before that lock is created. */
  static LivenessFile hold(FileStateStore store, String cluster, String id) {
    if (!SAFE_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("lock id \"" + id + "\" is not a file name");
    }
    String path = path(cluster, id);
    Path file = store.file(path);
    store.ensureDirs(file); // 0700 and checked, as for every file of the store
    FileChannel ch = null;
    try {
      ch =
          FileChannel.open(
              file,
              Set.of(
                  StandardOpenOption.CREATE_NEW,
                  StandardOpenOption.WRITE,
                  LinkOption.NOFOLLOW_LINKS),
              PosixFilePermissions.asFileAttribute(dev.jkops.api.SafePaths.PRIVATE_FILE));
      FileLock lock = ch.tryLock();
      if (lock == null) {
        throw new IOException("another process locked a file this one had just made");
      }
      // For a person looking at the store; nothing reads it back.
      ch.write(
          ByteBuffer.wrap(
              ("pid: " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
      LivenessFile held = new LivenessFile(store, path, file, ch);
      HELD.put(file, held);
      return held;
    } catch (IOException | UnsupportedOperationException e) {
      closeQuietly(ch);
      if (ch != null) {
        deleteQuietly(file);
      }
      throw new StateStoreException(
          "cannot make "
              + file
              + " (the file that shows this command holds the state"
              + " lock of cluster "
              + cluster
              + ") in state store "
              + store.location()
              + ": "
              + e.getMessage()
              + "; check that you may write to "
              + store.root(),
          e);
    }
  }

  /**
   * Lets go: deletes the file while still holding its OS lock (so a taker that opened it meanwhile
   * finds it unlinked and its lock id gone), then closes it. With {@code keepFile}, only closes it:
   * the {@code .lock} could not be removed, and a file nobody locks tells the next command to take
   * it over.
   */
  void release(boolean keepFile) {
    try {
      if (!keepFile) {
        store.delete(path);
      }
    } catch (RuntimeException e) {
      // an unlocked file left behind is harmless: it marks a holder that is gone
    } finally {
      HELD.remove(file, this);
      closeQuietly(channel);
    }
  }

  /** What a liveness check found. */
  enum Holder {
    /** Its process holds the OS lock: it runs. */
    RUNNING,
    /** Its liveness file is there and nobody locks it: its process is gone. */
    GONE,
    /** No liveness file (a lock made by S3 rules or by an older jkops), or it cannot be checked. */
    UNKNOWN
  }

  /** Whether the holder of lock {@code id} still runs, without taking anything over. */
  static Holder check(FileStateStore store, String cluster, String id) {
    Optional<Path> file = fileOf(store, cluster, id);
    if (file.isEmpty()) {
      return Holder.UNKNOWN;
    }
    if (HELD.containsKey(file.get())) {
      return Holder.RUNNING;
    }
    try (FileChannel ch =
        FileChannel.open(file.get(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      FileLock lock = ch.tryLock(0, Long.MAX_VALUE, true);
      return lock == null ? Holder.RUNNING : Holder.GONE;
    } catch (NoSuchFileException e) {
      return Holder.UNKNOWN;
    } catch (OverlappingFileLockException e) {
      return Holder.RUNNING;
    } catch (IOException e) {
      return Holder.UNKNOWN;
    }
  }

  /**
   * If the holder of {@code stale} is gone, clears its {@code .lock} (only if it is still that
   * lock) and its liveness file, holding the liveness file's OS lock throughout so that of several
   * commands finding the same dead holder one clears it.
   *
   * @return true when the holder was gone (its lock is cleared, by this call or a concurrent one)
   */
  static boolean takeOverIfGone(
      FileStateStore store, String cluster, LockInfo stale, Runnable announce) {
    Optional<Path> file = fileOf(store, cluster, stale.id());
    if (file.isEmpty() || HELD.containsKey(file.get())) {
      return false;
    }
    try (FileChannel ch =
        FileChannel.open(
            file.get(),
            StandardOpenOption.READ,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS)) {
      FileLock lock = ch.tryLock();
      if (lock == null) {
        return false;
      }
      Optional<LockInfo> now = ClusterLock.holder(store, cluster);
      if (now.isPresent() && now.get().id().equals(stale.id())) {
        announce.run();
        store.delete(ClusterLock.path(cluster));
      }
      Files.deleteIfExists(file.get());
      return true;
    } catch (NoSuchFileException e) {
      return false;
    } catch (OverlappingFileLockException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Deletes the liveness files in the cluster's directory whose processes are gone, once this one
   * holds the lock: a process killed between making its liveness file and creating {@code .lock}
   * leaves one that no takeover would find.
   */
  void sweep(String cluster) {
    Path dir = file.getParent();
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      for (Path other : files.toList()) {
        String name = other.getFileName().toString();
        if (name.startsWith(".lock-") && name.endsWith(SUFFIX) && !other.equals(file)) {
          discardIfGone(
              store, cluster, name.substring(".lock-".length(), name.length() - SUFFIX.length()));
        }
      }
    } catch (IOException | RuntimeException e) {
      // tidying only: a file left is hidden from listings and holds nothing
    }
  }

  /** Removes a gone holder's liveness file after its lock was cleared by hand (unlock). */
  static void discardIfGone(FileStateStore store, String cluster, String id) {
    Optional<Path> file = fileOf(store, cluster, id);
    if (file.isEmpty() || HELD.containsKey(file.get())) {
      return;
    }
    try (FileChannel ch =
        FileChannel.open(
            file.get(),
            StandardOpenOption.READ,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS)) {
      if (ch.tryLock() != null) {
        store.delete(path(cluster, id));
      }
    } catch (IOException | OverlappingFileLockException | StateStoreException e) {
      // a running holder deletes its own file when it ends; a file left here is harmless
    }
  }

  private static Optional<Path> fileOf(FileStateStore store, String cluster, String id) {
    if (!SAFE_ID.matcher(id).matches()) {
      return Optional.empty();
    }
    return Optional.of(store.file(path(cluster, id)));
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // closing releases the OS lock; the process's exit would too
      }
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // nothing locks it: it reads as a holder that is gone
    }
  }
}
