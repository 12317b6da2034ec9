package dev.jkops.cloud.local.apiserver;

import dev.jkops.api.SafePaths;
import dev.jkops.api.store.StateStore;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A local cluster's Kubernetes API server as a process of its own, beside its etcd members: started
 * by {@code update cluster --yes} when it does not run (and again after a crash), stopped by {@code
 * delete cluster}. It runs on the host, listening on 127.0.0.1 only, and keeps its files in {@code
 * <runtime>/apiserver/}: its certificate and key (issued by the cluster CA in the state store), the
 * CA, the port it listens on, its pid and its log. It is recognised by its command line (the {@link
 * #MARK} argument with this runtime dir), never by a pidfile alone.
 */
public final class ApiServerProcess {
  /**
   * The argument that marks the API server's command line, so it is found (with its runtime dir)
   * whichever class the caller starts it with.
   */
  static final String MARK = "--role=kube-apiserver";

  static final Duration START_WAIT = Duration.ofSeconds(60);

  private ApiServerProcess() {}

  public static Path dirOf(Path runtimeDir) {
    return runtimeDir.resolve("apiserver");
  }

  /** The port the cluster's API server listens on (on 127.0.0.1), once it has been started. */
  public static Optional<Integer> port(Path runtimeDir) {
    try {
      return Optional.of(
          Integer.parseInt(Files.readString(dirOf(runtimeDir).resolve("port")).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Starts the API server when it does not run; returns a line for the user when it started one.
   * The CA is made in the state store the first time; the server gets a fresh certificate each
   * start.
   */
  public static Optional<String> ensureRunning(
      Class<?> main, Path runtimeDir, StateStore store, String cluster, Map<String, String> env) {
    if (pid(runtimeDir).isPresent()) {
      return Optional.empty();
    }
    Path dir = dirOf(runtimeDir);
    try {
      SafePaths.createPrivateDirs(dir);
      Files.setPosixFilePermissions(dir, SafePaths.PRIVATE_DIR);
      ClusterPki pki = ClusterPki.ensure(store, cluster);
      ClusterPki.Issued server = pki.issueServer();
      SafePaths.writeAtomically(
          dir.resolve("ca.crt"),
          pki.caPem().getBytes(StandardCharsets.UTF_8),
          SafePaths.PRIVATE_FILE);
      SafePaths.writeAtomically(
          dir.resolve("server.crt"),
          server.certificatePem().getBytes(StandardCharsets.UTF_8),
          SafePaths.PRIVATE_FILE);
      SafePaths.writeAtomically(
          dir.resolve("server.key"),
          server.keyPem().getBytes(StandardCharsets.UTF_8),
          SafePaths.PRIVATE_FILE);
      Files.deleteIfExists(dir.resolve("ready"));
      SafePaths.openAppend(dir.resolve("log"), SafePaths.PRIVATE_FILE).close();
      String java = ProcessHandle.current().info().command().orElse("java");
      String classpath =
          Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
              .map(p -> Path.of(p).toAbsolutePath().toString())
              .reduce((a, b) -> a + File.pathSeparator + b)
              .orElse("");
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  "setsid",
                  java,
                  "-XX:+UseSerialGC",
                  "-Xmx256m",
                  "-XX:TieredStopAtLevel=1",
                  // The JDK's HTTP server writes a response's head and body separately; with
                  // Nagle's
                  // algorithm on, the body waits for the front's delayed ACK (~40 ms a request).
                  "-Dsun.net.httpserver.nodelay=true",
                  "-cp",
                  classpath,
                  main.getName(),
                  MARK,
                  "--runtime-dir=" + runtimeDir.toAbsolutePath().normalize(),
                  "--state=" + store.location(),
                  "--cluster=" + cluster,
                  "--port=" + port(runtimeDir).orElse(0)));
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .directory(dir.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("log").toFile()));
      for (String k :
          List.of(
              "JKOPS_RUNTIME_DIR",
              "JKOPS_CLUSTER_ID_SALT",
              "KOPS_STATE_STORE",
              "AWS_REGION",
              "AWS_ENDPOINT_URL",
              "AWS_ACCESS_KEY_ID",
              "AWS_SECRET_ACCESS_KEY")) {
        if (env.containsKey(k)) {
          pb.environment().put(k, env.get(k));
        }
      }
      Process p = pb.start();
      SafePaths.writeAtomically(
          dir.resolve("pid"),
          (p.pid() + "\n").getBytes(StandardCharsets.UTF_8),
          SafePaths.READABLE_FILE);
      long deadline = System.nanoTime() + START_WAIT.toNanos();
      while (!Files.exists(dir.resolve("ready"))) {
        if (!p.isAlive()) {
          throw new ApiServerException(
              "the Kubernetes API server of cluster "
                  + cluster
                  + " exited while starting;"
                  + " the end of "
                  + dir.resolve("log")
                  + ":\n"
                  + tail(dir.resolve("log")));
        }
        if (System.nanoTime() > deadline) {
          throw new ApiServerException(
              "the Kubernetes API server of cluster "
                  + cluster
                  + " did not start listening"
                  + " within "
                  + START_WAIT.toSeconds()
                  + "s; see "
                  + dir.resolve("log"));
        }
        Thread.sleep(50);
      }
      return Optional.of(
          "kube-apiserver: listening on https://127.0.0.1:"
              + port(runtimeDir).orElse(0)
              + " (pid "
              + p.pid()
              + "); 'jkops export kubecfg "
              + cluster
              + " --admin' lets kubectl use it");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start the Kubernetes API server of cluster " + cluster + ": " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiServerException(
          "interrupted while starting the Kubernetes API server of cluster " + cluster);
    }
  }

  /**
   * The API server's pid when it runs, found by its command line (its mark and this runtime dir).
   */
  public static Optional<Long> pid(Path runtimeDir) {
    String dirArg = "--runtime-dir=" + runtimeDir.toAbsolutePath().normalize();
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(
            h -> {
              try {
                byte[] raw = Files.readAllBytes(Path.of("/proc", h.pid() + "", "cmdline"));
                List<String> argv =
                    Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
                return argv.contains(MARK) && argv.contains(dirArg);
              } catch (IOException | RuntimeException e) {
                return false;
              }
            })
        .map(ProcessHandle::pid)
        .findFirst();
  }

  /** Stops the API server (SIGTERM, then SIGKILL); returns a line saying so when one ran. */
  public static Optional<String> stop(Path runtimeDir) {
    Optional<Long> pid = pid(runtimeDir);
    pid.flatMap(ProcessHandle::of)
        .ifPresent(
            h -> {
              h.destroy();
              try {
                h.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
              } catch (Exception e) {
                h.destroyForcibly();
                try {
                  h.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception again) {
                  throw new ApiServerException(
                      "the Kubernetes API server (pid " + h.pid() + ") did not exit after SIGKILL");
                }
              }
            });
    return pid.map(p -> "kube-apiserver (pid " + p + ")");
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 12), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
