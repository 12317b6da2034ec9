package dev.jkops.api.store;

import dev.jkops.api.SafePaths;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A state store in a local directory. Every write goes to a temporary file beside the target, is
 * flushed to disk, then renamed over the target, so a crash leaves the old spec or the new one,
 * never half of one.
 */
public final class FileStateStore implements StateStore {
  private static final String TEMP_SUFFIX = ".jkops-tmp";

  /** No state file is near this; a bigger one is not jkops' and would only cost memory. */
  static final long MAX_FILE_BYTES = 64L << 20;

  private final Path root;
  private final String location;
  private WriteFault fault = WriteFault.NONE;

  public FileStateStore(Path root, String location) {
    this.root = root.toAbsolutePath().normalize();
    this.location = location;
  }

  public FileStateStore(Path root) {
    this(root, "file://" + root.toAbsolutePath().normalize());
  }

  FileStateStore withFault(WriteFault fault) {
    this.fault = fault;
    return this;
  }

  public Path root() {
    return root;
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public Optional<byte[]> read(String path) {
    Path file = resolve(path);
    if (!checkDirs(file)) {
      return Optional.empty(); // a missing directory holds no file
    }
    try {
      if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new NoSuchFileException(file.toString()); // worded below
      }
      return Optional.of(SafePaths.readRegularFile(file, MAX_FILE_BYTES, "state store file"));
    } catch (NoSuchFileException e) {
      if (!Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty();
      }
      throw new StateStoreException(
          "cannot read "
              + file
              + " in state store "
              + location
              + ": it is a directory where jkops expects a file; move it out of the way");
    } catch (IOException e) {
      if (Files.isDirectory(file)) {
        throw new StateStoreException(
            "cannot read "
                + file
                + " in state store "
                + location
                + ": it is a directory where jkops expects a file; move it out of the way");
      }
      throw failure("read", file, e, "check that you may read it");
    }
  }

  @Override
  public void write(String path, byte[] content) {
    Path file = resolve(path);
    Path dir = file.getParent();
    Path temp = null;
    try {
      fault.check(path);
      temp = tempFile(file, content, true);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      temp = null;
      syncDirectory(dir);
    } catch (IOException e) {
      throw failure(
          "write",
          file,
          e,
          "check that you may write to "
              + root
              + ", that the disk is not full, or choose another store with --state");
    } finally {
      deleteTemp(temp);
    }
  }

  /**
   * Stage, then switch: every file's new bytes go to a temporary file beside it first (this is
   * where a full disk fails, and then nothing has changed), and only then is each renamed over its
   * target, which needs no space. A rename that still fails puts back the files already switched.
   */
  @Override
  public void writeAll(List<Change> changes) {
    List<RollBack.Before> before = new ArrayList<>();
    List<Path> targets = new ArrayList<>();
    for (Change c : changes) {
      targets.add(resolve(c.path()));
      before.add(new RollBack.Before(c.path(), read(c.path())));
    }
    List<Path> staged = new ArrayList<>();
    int switched = 0;
    try {
      for (int i = 0; i < changes.size(); i++) {
        try {
          fault.check(changes.get(i).path());
          staged.add(tempFile(targets.get(i), changes.get(i).content(), true));
        } catch (IOException e) {
          throw failure(
              "write",
              targets.get(i),
              e,
              "check that you may write to "
                  + root
                  + " and that the disk is not full; nothing was changed (the "
                  + changes.size()
                  + " files of this change are written together or not at all)");
        }
      }
      for (int i = 0; i < changes.size(); i++) {
        try {
          fault.checkRename(changes.get(i).path());
          Files.move(
              staged.get(i),
              targets.get(i),
              StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
          throw RollBack.undo(
              this,
              before.subList(0, switched),
              changes.size(),
              failure("write", targets.get(i), e, "check what is at that path"));
        }
        staged.set(i, null);
        switched++;
      }
      targets.stream().map(Path::getParent).distinct().forEach(FileStateStore::syncDirectory);
    } finally {
      staged.forEach(FileStateStore::deleteTemp);
    }
  }

  /**
   * Checks the store's directories down to {@code file}'s: each a real directory (no link), this
   * user's, writable by no one else; false when one is missing. Whoever could write one of them
   * could plant a link that turns jkops' next write into a write somewhere else.
   */
  private boolean checkDirs(Path file) {
    return SafePaths.checkOwnedDirs(root, file.getParent(), "state store directory");
  }

  /**
   * A temporary file beside {@code file} (hidden from list()) holding {@code content}, on disk. The
   * directories it needs are made 0700 and checked; the file is made 0600 and exclusively ({@link
   * SafePaths#syncedTemporary}, as the runtime dir's writes), so no one else's file or link can
   * stand in for it.
   */
  private Path tempFile(Path file, byte[] content, boolean sync) throws IOException {
    ensureDirs(file);
    return SafePaths.temporary(file, content, SafePaths.PRIVATE_FILE, TEMP_SUFFIX, sync);
  }

  /**
   * Makes the store's directories down to {@code file}'s 0700, checking each that exists (a real
   * directory, this user's, writable by no one else), for every file the store holds: its specs and
   * the lock's liveness files ({@link LivenessFile}).
   */
  void ensureDirs(Path file) {
    try {
      SafePaths.ensureOwnedDir(
          root, file.getParent(), SafePaths.PRIVATE_DIR, "state store directory");
    } catch (SafePaths.UnsafePathException e) {
      throw new StateStoreException(
          "cannot write " + file + " in state store " + location + ": " + e.getMessage(), e);
    }
  }

  private static void deleteTemp(Path temp) {
    if (temp != null) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // The temporary file is invisible to list(); leaving it is harmless.
      }
    }
  }

  /**
   * Writes the content to a temporary file, then hard-links it to {@code path}: the link either
   * appears with the whole content or fails because the file exists, so a lock file is never seen
   * half-written. Where links are refused, falls back to an exclusive create.
   */
  @Override
  public boolean createIfAbsent(String path, byte[] content) {
    return createIfAbsent(path, content, true);
  }

  /**
   * As {@link #createIfAbsent}, without its two flushes to disk (the file's bytes and the
   * directory's new entry): under load each cost ~4 ms on this store's disks, most of what a write
   * through the API server spent on the state lock. The link still appears with the whole content
   * or not at all to every running process; only a crash of the machine can leave the lock empty or
   * lose it, and {@link ClusterLock} takes an empty lock over.
   */
  @Override
  public boolean createLockIfAbsent(String path, byte[] content) {
    return createIfAbsent(path, content, false);
  }

  private boolean createIfAbsent(String path, byte[] content, boolean sync) {
    Path file = resolve(path);
    for (int attempt = 1; ; attempt++) {
      try {
        return createIfAbsentOnce(file, content, sync);
      } catch (TemporaryGone e) {
        if (attempt == TEMPORARY_ATTEMPTS) {
          throw failure(
              "create",
              file,
              e.getCause(),
              "another command kept deleting its temporary files; try again");
        }
        if (attempt >= 3) {
          // the releaser that swept it may take and release again as fast as we retry; a short,
          // random pause breaks the lockstep
          try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(1, 4));
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw failure("create", file, e.getCause(), "interrupted; try again");
          }
        }
      }
    }
  }

  /**
   * Tries for a new temporary file: {@link #delete} of a lock (its release) sweeps the temporaries
   * a killed write left, and a command waiting for the lock at that moment may be between making
   * its own and linking it. Five tries, back to back, were not enough once on a loaded 2-core host
   * (FileStateStoreTest's two threads taking and releasing 3,000 times each, 7 Dec 2026): from the
   * third on, each waits 1-3 ms first, and there are up to 50 (at most ~150 ms).
   */
  private static final int TEMPORARY_ATTEMPTS = 50;

  /** Our own temporary file vanished under us (see {@link #TEMPORARY_ATTEMPTS}). */
  private static final class TemporaryGone extends Exception {
    TemporaryGone(IOException cause) {
      super(cause);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }
  }

  private boolean createIfAbsentOnce(Path file, byte[] content, boolean sync) throws TemporaryGone {
    Path dir = file.getParent();
    Path temp = null;
    try {
      try {
        temp = tempFile(file, content, sync);
      } catch (NoSuchFileException e) {
        throw new TemporaryGone(e);
      }
      try {
        Files.createLink(file, temp);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        return false;
      } catch (NoSuchFileException e) {
        if (!Files.exists(temp, LinkOption.NOFOLLOW_LINKS)) {
          throw new TemporaryGone(e);
        }
        throw e;
      } catch (UnsupportedOperationException | FileSystemException e) {
        try {
          Files.write(
              file,
              content,
              sync
                  ? new StandardOpenOption[] {
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC
                  }
                  : new StandardOpenOption[] {
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE
                  });
        } catch (java.nio.file.FileAlreadyExistsException exists) {
          return false;
        }
      }
      if (sync) {
        syncDirectory(dir);
      }
      return true;
    } catch (IOException e) {
      throw failure("create", file, e, "check that you may write to " + root);
    } finally {
      deleteTemp(temp);
    }
  }

  /**
   * Makes the rename itself durable; some file systems refuse to open a directory, which is fine.
   */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException ignored) {
      // Best effort: the data is already on disk, only the rename's durability is at stake.
    }
  }

  @Override
  public List<String> list(String prefix) {
    Path base = prefix == null || prefix.isEmpty() ? root : resolve(prefix);
    if (!checkDirs(base.resolve("x")) || !Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    // a visitor rather than Files.walk's stream: the same files, without the stream pipeline and
    // the lambdas each cold start links (every get bootstraps them in the interpreter)
    List<String> out = new ArrayList<>();
    try {
      Files.walkFileTree(
          base,
          new SimpleFileVisitor<Path>() {
            @Override
            public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) {
              // a link is not a file of the store: listing it would lead a read or a restore
              // elsewhere (the attributes are the link's own: the walk follows none)
              String name = p.getFileName().toString();
              if (attrs.isRegularFile()
                  && !name.endsWith(TEMP_SUFFIX)
                  && !name.endsWith(LivenessFile.SUFFIX)) {
                out.add(root.relativize(p).toString().replace('\\', '/'));
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw failure("list", base, e, "check that you may read the directory");
    }
    out.sort(null);
    return out;
  }

  @Override
  public void delete(String path) {
    Path file = resolve(path);
    if (!checkDirs(file)) {
      return;
    }
    try {
      Files.deleteIfExists(file);
      deleteLeftTemporaries(file);
      for (Path dir = file.getParent();
          dir != null && !dir.equals(root) && dir.startsWith(root);
          dir = dir.getParent()) {
        try {
          Files.delete(dir);
        } catch (DirectoryNotEmptyException | NoSuchFileException e) {
          break;
        }
      }
    } catch (IOException e) {
      throw failure("delete", file, e, "check that you may write to its directory");
    }
  }

  /**
   * Deletes the temporary files a write of {@code file} left when it was killed between writing one
   * and renaming it over {@code file}. They are invisible to {@link #list}, so without this {@code
   * delete cluster} after a killed update left them, and their directory, behind
   * (LocalCrashSafetyTest).
   */
  private static void deleteLeftTemporaries(Path file) throws IOException {
    String name = file.getFileName().toString();
    try (var left =
        Files.newDirectoryStream(
            file.getParent(),
            p ->
                SafePaths.isTemporaryOf(p.getFileName().toString(), name, TEMP_SUFFIX)
                    && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))) {
      for (Path temp : left) {
        Files.deleteIfExists(temp);
      }
    } catch (NoSuchFileException gone) {
      // no directory, no temporaries
    }
  }

  /** The file behind a store path (for the OS lock that {@link ClusterLock} holds beside it). */
  Path file(String path) {
    return resolve(path);
  }

  private Path resolve(String path) {
    Path p = root.resolve(path).normalize();
    if (path.isEmpty() || path.startsWith("/") || !p.startsWith(root) || p.equals(root)) {
      throw new IllegalArgumentException(
          "state store path \"" + path + "\" is not a file below " + root);
    }
    return p;
  }

  private StateStoreException failure(String verb, Path file, IOException e, String advice) {
    String why;
    if (e instanceof AccessDeniedException) {
      why = "permission denied";
    } else if (e instanceof FileSystemException fs && fs.getReason() != null) {
      why = fs.getReason();
    } else {
      why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    return new StateStoreException(
        "cannot " + verb + " " + file + " in state store " + location + ": " + why + "; " + advice,
        e);
  }
}
