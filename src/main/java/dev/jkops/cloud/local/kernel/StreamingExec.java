package dev.jkops.cloud.local.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program run in a namespace with its output passed on as it comes (no buffering of the whole
 * output in memory), its input fed from a stream when one is given (else it reads end-of-file at
 * once), and its whole process tree ended with jkops: when jkops is told to stop (SIGTERM, SIGINT,
 * SIGHUP) or the timeout passes, the program and every process it started get SIGTERM, then SIGKILL
 * two seconds later. (A jkops killed with SIGKILL can pass nothing on; deleting the pod kills what
 * is left inside it, {@link Netns#killProcesses}.)
 */
final class StreamingExec {
  private StreamingExec() {}

  static int run(
      String purpose,
      List<String> argv,
      Duration timeout,
      InputStream stdin,
      Writer out,
      Writer err) {
    Process p;
    try {
      p = new ProcessBuilder(argv).start();
    } catch (IOException e) {
      throw new KernelException(
          "could not "
              + purpose
              + ": cannot start `"
              + String.join(" ", argv)
              + "`: "
              + e.getMessage(),
          e);
    }
    Thread hook = new Thread(() -> stop(p), "jkops-exec-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    Thread outPump = pump(p.getInputStream(), out, "jkops-exec-stdout");
    Thread errPump = pump(p.getErrorStream(), err, "jkops-exec-stderr");
    feed(p.getOutputStream(), stdin);
    try {
      if (timeout.isZero()) {
        p.waitFor();
      } else if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        stop(p);
        outPump.join(2000);
        errPump.join(2000);
        throw new KernelException(
            "could not "
                + purpose
                + ": it did not finish within "
                + timeout.toSeconds()
                + "s and was stopped (raise --timeout, or 0 for none)");
      }
      outPump.join();
      errPump.join();
      return p.exitValue();
    } catch (InterruptedException e) {
      stop(p);
      Thread.currentThread().interrupt();
      throw new KernelException(
          "interrupted while running `" + String.join(" ", argv) + "`; it was stopped", e);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run: it stops the program
      }
    }
  }

  /**
   * SIGTERM to the program and its descendants (deepest first), SIGKILL to whatever is left after 2
   * s.
   */
  static void stop(Process p) {
    List<ProcessHandle> tree = p.descendants().toList();
    for (int i = tree.size() - 1; i >= 0; i--) {
      tree.get(i).destroy();
    }
    p.destroy();
    try {
      if (!p.waitFor(2, TimeUnit.SECONDS)) {
        tree.forEach(ProcessHandle::destroyForcibly);
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      } else {
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static Thread pump(InputStream from, Writer to, String name) {
    Thread t =
        new Thread(
            () -> {
              try (Reader r = new InputStreamReader(from, StandardCharsets.UTF_8)) {
                char[] buf = new char[8192];
                for (int n; (n = r.read(buf)) >= 0; ) {
                  synchronized (to) {
                    to.write(buf, 0, n);
                    to.flush();
                  }
                }
              } catch (IOException e) {
                // the program's end closed the pipe; what it wrote before is passed on
              }
            },
            name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void feed(OutputStream to, InputStream stdin) {
    if (stdin == null) {
      try {
        to.close();
      } catch (IOException ignored) {
        // the program may have exited already
      }
      return;
    }
    Thread t =
        new Thread(
            () -> {
              try (to) {
                stdin.transferTo(to);
              } catch (IOException e) {
                // the program stopped reading (exited); nothing more to feed
              }
            },
            "jkops-exec-stdin");
    t.setDaemon(true);
    t.start();
  }
}
