package dev.jkops.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * An unprivileged user made for one test (root tests only): the other user on a shared machine, who
 * plants links and files where jkops might follow them. {@link #close} removes the user.
 */
public final class LocalUser implements AutoCloseable {
  private final String name;
  private final int uid;

  private LocalUser(String name, int uid) {
    this.name = name;
    this.uid = uid;
  }

  /** Adds a user with no home and no login shell. */
  public static LocalUser create() {
    String name = "jkt" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
    run(
        List.of(
            "useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", "--user-group", name));
    int uid = Integer.parseInt(run(List.of("id", "-u", name)).trim());
    return new LocalUser(name, uid);
  }

  public String name() {
    return name;
  }

  public int uid() {
    return uid;
  }

  /** Runs {@code sh -c script} as this user; returns its output, fails on a non-zero exit. */
  public String sh(String script) {
    return run(
        List.of(
            "setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "sh", "-c", script));
  }

  @Override
  public void close() {
    run(List.of("userdel", name));
  }

  private static String run(List<String> argv) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", argv) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", argv) + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
