package dev.jkops.cli;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A resident jkops JVM that runs one user's commands, opt in with {@code JKOPS_SERVER=on}: the
 * launcher hands it a command line over a unix socket and prints what comes back, so a command pays
 * neither a JVM's start nor its class set-up (docs/commands-and-state-stores.md, "The resident
 * JVM"). Bazel's client and server are the model.
 *
 * <p>A command must behave exactly as it would in a JVM of its own, so the server only serves what
 * it can run the same way:
 *
 * <ul>
 *   <li>the same environment, working directory, user and groups, umask, Java and jar: the launcher
 *       names the socket after all of them, and starts a server with exactly those, so a command
 *       that differs in any of them reaches another server, or none;
 *   <li>one command at a time: a second client while one runs is told {@link #BUSY} and runs in a
 *       JVM of its own, so the OS locks jkops takes per process (the state lock's liveness file)
 *       still exclude it;
 *   <li>a client that goes away mid-command (Ctrl-C, killed) ends the server with it, as that
 *       signal would have ended the command's own JVM: nothing goes on changing the kernel for a
 *       user who stopped it;
 *   <li>only the verbs that read neither stdin nor a terminal, with no argument naming one of the
 *       client's own file descriptors ({@code /dev/stdin}, {@code /dev/fd/N}): the launcher checks.
 * </ul>
 *
 * Only the user who owns the socket may connect (its directory is the user's, mode 700, and the
 * peer's credentials are checked too). The server ends after {@code idleSeconds} with no command.
 *
 * <p>The wire: the client sends the argument count and each argument (a 4-byte length, then UTF-8);
 * the server answers with frames, a type byte then its payload: {@link #OUT} and {@link #ERR} a
 * 4-byte length and bytes, {@link #EXIT} a 4-byte exit code (the last frame), {@link #BUSY} nothing
 * (the only frame).
 */
public final class CommandServer {
  static final int OUT = 1;
  static final int ERR = 2;
  static final int EXIT = 3;
  static final int BUSY = 4;
  static final int STARTED = 5;

  private static final int MAX_ARGS = 4096;
  private static final int MAX_ARG_BYTES = 1 << 20;

  private final ServerSocketChannel server;
  private final Path socket;
  private final Duration idle;
  private final Map<String, String> env;
  private final List<String> environment;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicLong lastCommandEnd = new AtomicLong(System.nanoTime());

  private CommandServer(ServerSocketChannel server, Path socket, Duration idle) {
    this.server = server;
    this.socket = socket;
    this.idle = idle;
    this.env = System.getenv();
    this.environment = environment(env);
  }

  /** {@code CommandServer SOCKET IDLE_SECONDS}: serves until idle, or until a client is lost. */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: CommandServer SOCKET IDLE_SECONDS");
      System.exit(2);
    }
    Main.setUpJvm();
    Path socket = Path.of(args[0]).toAbsolutePath();
    Duration idle = Duration.ofSeconds(Long.parseLong(args[1]));
    // one server per socket: the lock is the process's, so a server that died frees it
    FileChannel lockFile =
        FileChannel.open(
            Path.of(socket + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock = lockFile.tryLock();
    if (lock == null) {
      System.exit(0); // another server has this socket
    }
    Files.deleteIfExists(socket); // a server that died left it; no live one can, under the lock
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    // the pid, for `jkops --stop-servers`
    Path pid = Path.of(socket + ".pid");
    Files.writeString(pid, ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    Files.deleteIfExists(socket);
                    Files.deleteIfExists(pid);
                  } catch (IOException e) {
                    // the next server deletes them under the lock
                  }
                }));
    log("serving on " + socket + " (pid " + ProcessHandle.current().pid() + ")");
    new CommandServer(server, socket, idle).serve();
  }

  private void serve() {
    Thread idleWatch =
        new Thread(
            () -> {
              while (true) {
                sleepSeconds(1);
                long since = System.nanoTime() - lastCommandEnd.get();
                if (!running.get() && since > idle.toNanos()) {
                  log("idle for " + idle.toSeconds() + " s; ending");
                  System.exit(0);
                }
              }
            },
            "jkops-server-idle");
    idleWatch.setDaemon(true);
    idleWatch.start();
    while (true) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (IOException e) {
        log("accept failed: " + e.getMessage() + "; ending");
        System.exit(1);
        return;
      }
      if (!running.compareAndSet(false, true)) {
        answerBusy(client);
        continue;
      }
      Thread t = new Thread(() -> serveOne(client), "jkops-server-command");
      t.start();
    }
  }

  private static void answerBusy(SocketChannel client) {
    try (client) {
      client.write(ByteBuffer.wrap(new byte[] {BUSY}));
    } catch (IOException e) {
      // the client runs its command itself either way
    }
  }

  private void serveOne(SocketChannel client) {
    AtomicBoolean done = new AtomicBoolean();
    try (client) {
      if (!sameUser(client)) {
        log("refused a client of another user");
        return;
      }
      InputStream in = Channels.newInputStream(client);
      DataInputStream data = new DataInputStream(in);
      String[] args = readStrings(data);
      List<String> clientEnv = Stream.of(readStrings(data)).sorted().toList();
      String cwd = readStrings(data, 1)[0];
      if (!clientEnv.equals(environment) || !cwd.equals(System.getProperty("user.dir"))) {
        // another command's server, by a collision of the socket's name: the client runs it itself
        log("a client with another environment or directory (" + differences(clientEnv, cwd) + ")");
        answerBusy(client);
        return;
      }
      Frames frames = new Frames(client);
      // from here on the command is this server's: the client must never run it again itself
      frames.started();
      watchForHangUp(client, done, args);
      long start = System.nanoTime();
      int code;
      try (PrintWriter out = new PrintWriter(frames.writer(OUT), true);
          PrintWriter err = new PrintWriter(frames.writer(ERR), true)) {
        try {
          code = Main.run(args, env, out, err, false);
        } catch (RuntimeException e) {
          // picocli answers a command's own failures; this is one that got past it
          err.println("Error: " + e);
          code = 1;
        }
      }
      done.set(true);
      // logged before the answer, so whoever saw the command end finds it in the log
      log(
          "served \""
              + String.join(" ", args)
              + "\": exit "
              + code
              + " in "
              + (System.nanoTime() - start) / 1_000_000
              + " ms");
      frames.exit(code);
    } catch (IOException | RuntimeException e) {
      done.set(true);
      log("a command ended with " + e);
    } catch (Error e) {
      // a JVM that ran out of memory or stack is no JVM to run the next command in
      log("a command ended with " + e + "; ending");
      System.exit(1);
    } finally {
      lastCommandEnd.set(System.nanoTime());
      running.set(false);
    }
  }

  /**
   * Ends the server if the client goes away before its command is done: the signal that ended the
   * client (Ctrl-C, a kill) would have ended a command in its own JVM there and then.
   */
  private static void watchForHangUp(SocketChannel client, AtomicBoolean done, String[] args) {
    Thread watch =
        new Thread(
            () -> {
              // the channel itself, not a Channels stream: those share one lock for reading and
              // writing, so a read waiting here would stop the command's output
              ByteBuffer sink = ByteBuffer.allocate(64);
              try {
                while (client.read(sink.clear()) >= 0) {
                  // the client sends nothing after its command line
                }
              } catch (IOException e) {
                // closed: either way the client is gone, or the command is done
              }
              if (!done.get()) {
                log("the client of \"" + String.join(" ", args) + "\" went away; ending with it");
                System.exit(130);
              }
            },
            "jkops-server-hangup");
    watch.setDaemon(true);
    watch.start();
  }

  private boolean sameUser(SocketChannel client) throws IOException {
    var peer = client.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED);
    return peer.user().getName().equals(Files.getOwner(socket).getName());
  }

  /**
   * This JVM's environment as the launcher's client sends its own: sorted, without bash's own
   * bookkeeping ({@code _}, and {@code SHLVL}, which bash sets differently for the client and for
   * the server it starts).
   */
  private static List<String> environment(Map<String, String> env) {
    return env.entrySet().stream()
        .filter(e -> !e.getKey().equals("_") && !e.getKey().equals("SHLVL")) // bash's own
        .map(e -> e.getKey() + "=" + e.getValue())
        .sorted()
        .toList();
  }

  /** What differs, by variable name only: values may be secrets, and the log is a file. */
  private String differences(List<String> clientEnv, String cwd) {
    java.util.Set<String> a = new java.util.TreeSet<>(clientEnv);
    java.util.Set<String> b = new java.util.TreeSet<>(environment);
    java.util.Set<String> names = new java.util.TreeSet<>();
    for (String e : a) {
      if (!b.contains(e)) {
        names.add(e.substring(0, Math.max(0, e.indexOf('='))));
      }
    }
    for (String e : b) {
      if (!a.contains(e)) {
        names.add(e.substring(0, Math.max(0, e.indexOf('='))));
      }
    }
    return "variables " + names + (cwd.equals(System.getProperty("user.dir")) ? "" : ", directory");
  }

  static String[] readStrings(DataInputStream in) throws IOException {
    return readStrings(in, in.readInt());
  }

  static String[] readStrings(DataInputStream in, int n) throws IOException {
    if (n < 0 || n > MAX_ARGS) {
      throw new IOException("a list of " + n + " strings");
    }
    String[] args = new String[n];
    for (int i = 0; i < n; i++) {
      int len = in.readInt();
      if (len < 0 || len > MAX_ARG_BYTES) {
        throw new IOException("a string of " + len + " bytes");
      }
      args[i] = new String(in.readNBytes(len), StandardCharsets.UTF_8);
    }
    return args;
  }

  /** The answer's frames; commands may print from more than one thread, so each frame is whole. */
  private static final class Frames {
    private final SocketChannel channel;

    Frames(SocketChannel channel) {
      this.channel = channel;
    }

    synchronized void bytes(int type, byte[] b) throws IOException {
      ByteBuffer frame = ByteBuffer.allocate(5 + b.length);
      frame.put((byte) type).putInt(b.length).put(b).flip();
      writeAll(frame);
    }

    synchronized void started() throws IOException {
      writeAll(ByteBuffer.wrap(new byte[] {STARTED}));
    }

    synchronized void exit(int code) throws IOException {
      writeAll(ByteBuffer.allocate(5).put((byte) EXIT).putInt(code).flip());
    }

    private void writeAll(ByteBuffer frame) throws IOException {
      while (frame.hasRemaining()) {
        channel.write(frame);
      }
    }

    Writer writer(int type) {
      return new Writer() {
        private final StringBuilder pending = new StringBuilder();

        @Override
        public void write(char[] cbuf, int off, int len) {
          synchronized (pending) {
            pending.append(cbuf, off, len);
          }
        }

        @Override
        public void flush() throws IOException {
          String text;
          synchronized (pending) {
            if (pending.length() == 0) {
              return;
            }
            text = pending.toString();
            pending.setLength(0);
          }
          bytes(type, text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() throws IOException {
          flush();
        }
      };
    }
  }

  private static void sleepSeconds(long s) {
    try {
      Thread.sleep(s * 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void log(String line) {
    System.err.println(Instant.now() + " " + line);
  }
}
