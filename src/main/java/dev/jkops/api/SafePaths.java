package dev.jkops.api;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Files jkops keeps on a machine other users share: the file state store, the runtime dir, logs,
 * the command trace, Terraform output. Every helper here refuses a symbolic link where it expects a
 * file or a directory (so a link planted by another user never redirects a write or a delete),
 * refuses a directory owned by another user or writable by group or others (whoever could write it
 * could plant such a link between the check and the use), and sets modes explicitly, so the
 * caller's umask never decides who may read a spec or talk to etcd.
 */
public final class SafePaths {
  private SafePaths() {}

  /** Directories only the owner enters: the runtime dir, etcd's, the state store's. */
  public static final Set<PosixFilePermission> PRIVATE_DIR =
      PosixFilePermissions.fromString("rwx------");

  /** Files only the owner reads: specs, locks, history, owner records. */
  public static final Set<PosixFilePermission> PRIVATE_FILE =
      PosixFilePermissions.fromString("rw-------");

  /** Files others may read but not change: logs, Terraform output, CNI configs the plugins read. */
  public static final Set<PosixFilePermission> READABLE_FILE =
      PosixFilePermissions.fromString("rw-r--r--");

  /** Directories others may list but not change. */
  public static final Set<PosixFilePermission> READABLE_DIR =
      PosixFilePermissions.fromString("rwxr-xr-x");

  /** Thrown when a path is not safe to use; the message names the path, the reason and the fix. */
  public static final class UnsafePathException extends ApiException {
    public UnsafePathException(String message) {
      super(message);
    }
  }

  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

  /** The user id this process runs as (the owner of its /proc entry). */
  public static int processUid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | UnsupportedOperationException e) {
      throw new IllegalStateException(
          "cannot read this process's user id from /proc/self: " + e.getMessage(), e);
    }
  }

  /**
   * Checks a directory jkops is about to write into (or delete from): it must be a real directory
   * (not a link), owned by this user, and writable by no one else. Returns false when it does not
   * exist; throws {@link UnsafePathException} naming {@code what}, the reason and the fix
   * otherwise.
   */
  public static boolean checkOwnedDir(Path dir, String what) {
    PosixFileAttributes a;
    int uid;
    try {
      a = Files.readAttributes(dir, PosixFileAttributes.class, NOFOLLOW);
      uid = (Integer) Files.getAttribute(dir, "unix:uid", NOFOLLOW);
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw new UnsafePathException("cannot check " + what + " " + dir + ": " + e.getMessage());
    }
    if (a.isSymbolicLink()) {
      throw new UnsafePathException(
          what
              + " "
              + dir
              + " is a symbolic link; jkops does not follow links in"
              + " directories it writes, since whoever can change the link decides where jkops writes. Use the"
              + " real path instead, or remove the link");
    }
    if (!a.isDirectory()) {
      throw new UnsafePathException(
          what
              + " "
              + dir
              + " is not a directory; move it out of the way or choose"
              + " another path");
    }
    int me = processUid();
    if (uid != me) {
      throw new UnsafePathException(
          what
              + " "
              + dir
              + " belongs to user "
              + a.owner().getName()
              + " (uid "
              + uid
              + "), not to you (uid "
              + me
              + "); another user could replace what jkops writes there. Use a directory"
              + " of your own, or take it over with 'chown -R "
              + me
              + " "
              + dir
              + "'");
    }
    Set<PosixFilePermission> p = a.permissions();
    if (p.contains(PosixFilePermission.GROUP_WRITE)
        || p.contains(PosixFilePermission.OTHERS_WRITE)) {
      throw new UnsafePathException(
          what
              + " "
              + dir
              + " is writable by "
              + (p.contains(PosixFilePermission.OTHERS_WRITE) ? "every user" : "its group")
              + " (mode "
              + PosixFilePermissions.toString(p)
              + "); another user could"
              + " plant links or files there. Fix it with 'chmod go-w "
              + dir
              + "'");
    }
    return true;
  }

  /**
   * Makes {@code dir} and any missing parents below {@code base} with {@code mode} (whatever the
   * umask), checking each existing one with {@link #checkOwnedDir}. {@code base} itself must exist
   * or is made the same way; nothing above it is checked (it is the user's choice of location).
   */
  public static Path ensureOwnedDir(
      Path base, Path dir, Set<PosixFilePermission> mode, String what) {
    Path rel = base.relativize(dir);
    if (rel.startsWith("..")) {
      throw new IllegalArgumentException(dir + " is not below " + base);
    }
    Path at = base;
    if (!Files.exists(base, NOFOLLOW) && base.getParent() != null) {
      try {
        Files.createDirectories(
            base.getParent()); // the user's chosen location; only what jkops makes is checked
      } catch (IOException e) {
        throw new UnsafePathException(
            "cannot create " + base.getParent() + " for the " + what + ": " + e.getMessage());
      }
    }
    makeOrCheck(at, mode, what);
    for (Path part : rel) {
      if (part.toString().isEmpty()) {
        continue;
      }
      at = at.resolve(part);
      makeOrCheck(at, mode, what);
    }
    return dir;
  }

  /**
   * Checks {@code base} and every directory below it down to {@code dir} with {@link
   * #checkOwnedDir}; false when one of them does not exist (then nothing below it can either).
   */
  public static boolean checkOwnedDirs(Path base, Path dir, String what) {
    Path at = base;
    if (!checkOwnedDir(at, what)) {
      return false;
    }
    for (Path part : base.relativize(dir)) {
      if (part.toString().isEmpty()) {
        continue;
      }
      at = at.resolve(part);
      if (!checkOwnedDir(at, what)) {
        return false;
      }
    }
    return true;
  }

  private static void makeOrCheck(Path dir, Set<PosixFilePermission> mode, String what) {
    if (checkOwnedDir(dir, what)) {
      return;
    }
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(mode));
      // the umask narrowed what createDirectory asked for; say it again, exactly
      Files.getFileAttributeView(dir, PosixFileAttributeView.class, NOFOLLOW).setPermissions(mode);
    } catch (FileAlreadyExistsException e) {
      checkOwnedDir(
          dir, what); // made meanwhile, by another jkops or another user: check it as any other
    } catch (IOException e) {
      throw new UnsafePathException(
          "cannot create "
              + what
              + " "
              + dir
              + ": "
              + e.getMessage()
              + "; check that you may write to "
              + dir.getParent());
    }
  }

  /**
   * Writes {@code content} to {@code file} as one unit: a new temporary file beside it ({@link
   * #syncedTemporary}), then renamed over the target. A link at the target is replaced, never
   * followed.
   */
  public static void writeAtomically(Path file, byte[] content, Set<PosixFilePermission> mode)
      throws IOException {
    Path temp = syncedTemporary(file, content, mode, ".tmp");
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      temp = null;
    } finally {
      if (temp != null) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** How much of a target's name its temporary file keeps: a file name holds 255 bytes. */
  private static final int MAX_TEMP_NAME_START = 200;

  /**
   * Whether {@code candidate} is the name of a temporary file {@link #syncedTemporary} made for a
   * file named {@code name} with {@code suffix}.
   */
  public static boolean isTemporaryOf(String candidate, String name, String suffix) {
    return candidate.startsWith(
            "." + name.substring(0, Math.min(name.length(), MAX_TEMP_NAME_START)) + ".")
        && candidate.endsWith(suffix);
  }

  /**
   * A new hidden temporary file beside {@code file}, {@code .<name>.<random><suffix>}, holding
   * {@code content}, flushed to disk: created exclusively (no one else's file or link can stand in
   * for it) with exactly {@code mode}, whatever the umask. A name may be up to 253 characters (an
   * instance group's DNS name), so the temporary file keeps only its first {@value
   * #MAX_TEMP_NAME_START}. The caller renames it over the target, or deletes it; on failure it is
   * deleted here.
   */
  public static Path syncedTemporary(
      Path file, byte[] content, Set<PosixFilePermission> mode, String suffix) throws IOException {
    return temporary(file, content, mode, suffix, true);
  }

  /**
   * As {@link #syncedTemporary}, flushed to disk only with {@code sync}: a file that matters only
   * while its maker runs (a state lock) need not outlive a crash of the machine.
   */
  public static Path temporary(
      Path file, byte[] content, Set<PosixFilePermission> mode, String suffix, boolean sync)
      throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    String name = file.getFileName().toString();
    Path temp =
        createExclusive(
            dir,
            "." + name.substring(0, Math.min(name.length(), MAX_TEMP_NAME_START)) + ".",
            suffix,
            mode);
    try {
      Files.getFileAttributeView(temp, PosixFileAttributeView.class, NOFOLLOW).setPermissions(mode);
      try (FileChannel ch =
          FileChannel.open(temp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        if (sync) {
          ch.force(true);
        }
      }
      return temp;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
  }

  /**
   * A new file {@code dir/<prefix><random><suffix>} with {@code mode}, created exclusively (O_EXCL:
   * never an existing file or link), as {@code Files.createTempFile} makes it, with the same name
   * shape. Not through createTempFile: its names come from a SecureRandom, whose initialisation
   * (the security providers, ~20-40 ms here) every command that takes the state lock paid for its
   * first write (docs/benchmarks.md, issue 24). The name needs to be new, not unguessable: the
   * create is exclusive, and the directories these files go in are this user's and 0700 (callers
   * check).
   */
  static Path createExclusive(Path dir, String prefix, String suffix, Set<PosixFilePermission> mode)
      throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path candidate =
          dir.resolve(
              prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + suffix);
      try {
        return Files.createFile(candidate, PosixFilePermissions.asFileAttribute(mode));
      } catch (FileAlreadyExistsException taken) {
        if (attempt >= 100) {
          throw taken;
        }
      }
    }
  }

  /**
   * Makes {@code dir} and its missing parents 0700: the umask can only narrow what is asked, so
   * nothing made here is ever open to others. Existing directories are left as they are.
   */
  public static Path createPrivateDirs(Path dir) throws IOException {
    return Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
  }

  /** Appends {@code text} to {@code file} as {@link #openAppend} opens it. */
  public static void append(Path file, String text, Set<PosixFilePermission> mode)
      throws IOException {
    try (OutputStream out = openAppend(file, mode)) {
      out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  /**
   * Opens {@code file} to append to, creating it with {@code mode}; refuses a link (O_NOFOLLOW) and
   * anything but a regular file, so a planted link or fifo never receives a log line.
   */
  public static OutputStream openAppend(Path file, Set<PosixFilePermission> mode)
      throws IOException {
    Set<OpenOption> opts =
        Set.of(
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
    boolean existed = Files.exists(file, NOFOLLOW);
    if (existed && !Files.isRegularFile(file, NOFOLLOW)) {
      throw new UnsafePathException(
          file
              + " is not a regular file (a link, a directory or a device); jkops"
              + " appends only to files it made. Remove it and run the command again");
    }
    SeekableByteChannel ch =
        Files.newByteChannel(file, opts, PosixFilePermissions.asFileAttribute(mode));
    if (!existed) {
      Files.getFileAttributeView(file, PosixFileAttributeView.class, NOFOLLOW).setPermissions(mode);
    }
    return Channels.newOutputStream(ch);
  }

  /**
   * Reads a regular file of at most {@code maxBytes}, not through a link. {@code what} names it in
   * errors ("spec file", ...).
   */
  public static byte[] readRegularFile(Path file, long maxBytes, String what) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, NOFOLLOW);
    if (a.isSymbolicLink()) {
      throw new UnsafePathException(
          what
              + " "
              + file
              + " is a symbolic link; jkops does not follow links here."
              + " Use the real path");
    }
    if (!a.isRegularFile()) {
      throw new UnsafePathException(what + " " + file + " is not a regular file; give a file");
    }
    if (a.size() > maxBytes) {
      throw new UnsafePathException(
          what + " " + file + " is " + a.size() + " bytes, over the limit of " + maxBytes);
    }
    try (SeekableByteChannel ch =
        Files.newByteChannel(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
      byte[] b =
          Channels.newInputStream(ch)
              .readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (b.length > maxBytes) {
        throw new UnsafePathException(
            what + " " + file + " grew over the limit of " + maxBytes + " bytes while read");
      }
      return b;
    }
  }

  /**
   * Deletes {@code dir} and everything in it without following a link anywhere: a link inside is
   * removed as a link, whatever it points at. Uses a {@link SecureDirectoryStream}
   * (openat/unlinkat) so a directory swapped for a link during the walk cannot redirect the delete.
   * A missing {@code dir} is not an error.
   */
  public static void deleteTree(Path dir) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(dir, BasicFileAttributes.class, NOFOLLOW);
    } catch (NoSuchFileException e) {
      return;
    }
    if (!a.isDirectory()) {
      Files.delete(dir); // a link or a file: remove the entry itself
      return;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      if (!(ds instanceof SecureDirectoryStream<Path> sds)) {
        throw new IOException(
            "this platform has no secure directory stream; refusing to delete " + dir);
      }
      deleteContents(sds);
    }
    Files.delete(dir);
  }

  private static void deleteContents(SecureDirectoryStream<Path> sds) throws IOException {
    for (Path entry : sds) {
      Path name = entry.getFileName();
      BasicFileAttributes a =
          sds.getFileAttributeView(
                  name,
                  java.nio.file.attribute.BasicFileAttributeView.class,
                  LinkOption.NOFOLLOW_LINKS)
              .readAttributes();
      if (a.isDirectory()) {
        try (SecureDirectoryStream<Path> child =
            sds.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
          deleteContents(child);
        }
        try {
          sds.deleteDirectory(name);
        } catch (NoSuchFileException ignored) {
          // gone meanwhile
        } catch (DirectoryNotEmptyException e) {
          throw new IOException(
              "a file appeared in " + entry + " while it was being deleted; run the command again",
              e);
        }
      } else {
        try {
          sds.deleteFile(name);
        } catch (NoSuchFileException ignored) {
          // gone meanwhile
        }
      }
    }
  }

  /** For tests and callers that need the mode of a path as rwx text, without following a link. */
  public static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }
}
