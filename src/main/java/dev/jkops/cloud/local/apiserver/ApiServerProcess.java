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
 * by {@code update cluster --yes} when it does not run (and again after a crash), which returns
 * without waiting for it to listen; stopped by {@code delete cluster}. It runs on the host,
 * listening on 127.0.0.1 only, and keeps its files in {@code <runtime>/apiserver/}: its certificate
 * and key (issued by the cluster CA in the state store), the CA, the port it listens on, its pid
 * and its log. It is recognised by its command line (the {@link #MARK} argument with this runtime
 * dir), never by a pidfile alone.
 */
public final class ApiServerProcess {
  /**
   * The argument that marks the API server's command line, so it is found (with its runtime dir)
   * whichever class the caller starts it with.
   */
  static final String MARK = "--role=kube-apiserver";

  private ApiServerProcess() {}

  public static Path dirOf(Path runtimeDir) {
    return runtimeDir.resolve("apiserver");
  }

  /** The port the cluster's API server listens on (on 127.0.0.1), once it has been started. */
  public static Optional<Integer> port(Path runtimeDir) {
    return numberIn(runtimeDir, "port")
        .filter(n -> n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE)
        .map(Long::intValue);
  }

  /** The number the launch wrote in {@code file} of the server's dir; empty if none is there. */
  private static Optional<Long> numberIn(Path runtimeDir, String file) {
    try {
      return Optional.of(Long.parseLong(Files.readString(dirOf(runtimeDir).resolve(file)).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * A server this run started: the process (not necessarily listening yet) and the port it was told
   * to listen on.
   */
  public record Launched(
      dev.jkops.cloud.local.kernel.DetachedProcess.Detached process,
      int port,
      Path dir,
      String cluster) {
    /** The line for the user: where it will listen, and how to see when it does. */
    public String notice() {
      return "kube-apiserver: starting on https://127.0.0.1:"
          + port
          + " (pid "
          + process.pid()
          + "); 'jkops validate cluster "
          + cluster
          + "' checks that it answers, 'jkops export kubecfg "
          + cluster
          + " --admin' lets kubectl use it";
    }

    /** Fails with the end of its log when the process has already exited (a start that failed). */
    public void requireAlive() {
      if (!process.isAlive()) {
        throw new ApiServerException(
            "the Kubernetes API server of cluster "
                + cluster
                + " exited while starting; the end of "
                + dir.resolve("log")
                + ":\n"
                + tail(dir.resolve("log")));
      }
    }
  }

  /**
   * The start-up archive this JVM runs with, for the server's JVM: {@code ./jkops} records it from
   * a training that includes the server's TLS set-up and a handshake ({@code TlsTraining}), and the
   * server runs the same java on the same jar, so the archive maps and its classes come from it
   * instead of being read and verified one by one. That took ~160 ms of the server's CPU at every
   * start, beside update's kernel work on two cores (docs/benchmarks.md, "the API server's start").
   * None when this JVM has none; a JVM that cannot map it runs without it ({@code -Xshare:auto},
   * the AOT cache's default).
   */
  static List<String> sharedArchive(List<String> jvmArguments) {
    List<String> flags = new ArrayList<>();
    boolean archive = false;
    for (String a : jvmArguments) {
      if (a.startsWith("-XX:SharedArchiveFile=") || a.startsWith("-XX:AOTCache=")) {
        flags.add(a);
        archive = true;
      } else if (a.startsWith("-XX:ArchiveRelocationMode=")) {
        flags.add(a); // the launcher's choice, or the user's over it, in the order given
      }
    }
    if (!archive) {
      return List.of();
    }
    flags.add(0, "-XX:+UnlockDiagnosticVMOptions");
    flags.add("-Xlog:cds*=off");
    if (flags.stream().anyMatch(f -> f.startsWith("-XX:AOTCache="))) {
      flags.add("-Xlog:aot*=off");
    }
    return flags;
  }

  /**
   * Starts the API server when it does not run, without waiting for it to listen (as kops' {@code
   * update cluster --yes} returns before the API answers; {@code validate cluster} checks it).
   * Returns the process it started. Its certificate and key are made once and kept in the state
   * store beside the CA ({@link ClusterPki#serverFiles}), so a start makes no key; its port is
   * picked here (the one it had before, else a free one) so the kubeconfig can be written at once.
   */
  public static Optional<Launched> launch(
      Class<?> main, Path runtimeDir, StateStore store, String cluster, Map<String, String> env) {
    if (pid(runtimeDir).isPresent()) {
      return Optional.empty();
    }
    Path dir = dirOf(runtimeDir);
    try {
      SafePaths.createPrivateDirs(dir);
      Files.setPosixFilePermissions(dir, SafePaths.PRIVATE_DIR);
      ClusterPki.ServerFiles files = ClusterPki.serverFiles(store, cluster);
      SafePaths.writeAtomically(
          dir.resolve("ca.crt"),
          files.caPem().getBytes(StandardCharsets.UTF_8),
          SafePaths.PRIVATE_FILE);
      SafePaths.writeAtomically(
          dir.resolve("server.crt"),
          files.certificatePem().getBytes(StandardCharsets.UTF_8),
          SafePaths.PRIVATE_FILE);
      SafePaths.writeAtomically(
          dir.resolve("server.key"),
          files.keyPem().getBytes(StandardCharsets.UTF_8),
          SafePaths.PRIVATE_FILE);
      Files.deleteIfExists(dir.resolve("ready"));
      int port = port(runtimeDir).orElseGet(ApiServerProcess::freeLoopbackPort);
      SafePaths.writeAtomically(
          dir.resolve("port"),
          (port + "\n").getBytes(StandardCharsets.UTF_8),
          SafePaths.READABLE_FILE);
      SafePaths.openAppend(dir.resolve("log"), SafePaths.PRIVATE_FILE).close();
      String java = ProcessHandle.current().info().command().orElse("java");
      String classpath =
          Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
              .map(p -> Path.of(p).toAbsolutePath().toString())
              .reduce((a, b) -> a + File.pathSeparator + b)
              .orElse("");
      List<String> cmd = new ArrayList<>(List.of(java));
      if (System.getProperty("jkops.steps") != null) {
        // the update that starts it times its steps: the server's requests are timed too, their
        // marks in its log (KubectlBench reads a create's from there)
        cmd.add("-Djkops.steps");
      }
      String launch = System.getProperty("jdk.lang.Process.launchMechanism");
      if (launch != null && launch.matches("[A-Z_]+")) {
        // the server starts a pod's kernel commands and CNI plugins as jkops does: with vfork on
        // JDK 17 (the launcher's choice, see ./jkops) one program per command instead of two
        cmd.add("-Djdk.lang.Process.launchMechanism=" + launch);
      }
      cmd.addAll(
          sharedArchive(List.of(ProcessHandle.current().info().arguments().orElse(new String[0]))));
      cmd.addAll(
          List.of(
              "-XX:+UseSerialGC",
              "-Xmx256m",
              "-XX:TieredStopAtLevel=1",
              // The launcher's JIT and start-up choices (see ./jkops), for the same reasons: C1
              // at six times the JDK's compile counts, and no hsperfdata file. The server's start
              // took ~590 ms of CPU without them and ~500 ms with them, beside update's kernel
              // work on two cores (docs/benchmarks.md, "2026-12-07 (afternoon)").
              "-XX:CompileThresholdScaling=6",
              "-XX:-UsePerfData",
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
              "--port=" + port));
      Map<String, String> passed = new java.util.LinkedHashMap<>();
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
          passed.put(k, env.get(k));
        }
      }
      dev.jkops.cloud.local.kernel.DetachedProcess.Detached p =
          dev.jkops.cloud.local.kernel.DetachedProcess.start(cmd, dir, dir.resolve("log"), passed);
      SafePaths.writeAtomically(
          dir.resolve("pid"),
          (p.pid() + "\n").getBytes(StandardCharsets.UTF_8),
          SafePaths.READABLE_FILE);
      return Optional.of(new Launched(p, port, dir, cluster));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start the Kubernetes API server of cluster " + cluster + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * Waits, at most {@code wait}, until the cluster's API server listens (it writes {@code ready}
   * once it does); for a caller that needs the API right after {@code update cluster --yes}.
   */
  public static void awaitReady(Path runtimeDir, Duration wait) {
    Path ready = dirOf(runtimeDir).resolve("ready");
    long deadline = System.nanoTime() + wait.toNanos();
    while (!Files.exists(ready)) {
      if (pid(runtimeDir).isEmpty()) {
        throw new ApiServerException(
            "no Kubernetes API server runs for "
                + runtimeDir
                + "; the end of its log:\n"
                + tail(dirOf(runtimeDir).resolve("log")));
      }
      if (System.nanoTime() > deadline) {
        throw new ApiServerException(
            "the Kubernetes API server did not start listening within "
                + wait.toSeconds()
                + "s; see "
                + dirOf(runtimeDir).resolve("log"));
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiServerException("interrupted while waiting for the Kubernetes API server");
      }
    }
  }

  /**
   * How long after its start a server that does not listen yet counts as starting: {@code validate
   * cluster} waits for it until then, and fails after.
   */
  static final Duration START_WINDOW = Duration.ofSeconds(60);

  /**
   * What keeps the cluster's API server from answering, for {@code validate cluster}; empty when it
   * answers an HTTPS request (its {@code /readyz}, with its certificate checked against the
   * cluster's CA). A server {@code update cluster --yes} has just started (its process runs, for
   * less than {@link #START_WINDOW}) is waited for, saying so on {@code progress}; one that is not
   * running, or does not answer after that, is the problem returned.
   */
  public static Optional<String> problem(
      Path runtimeDir, String cluster, java.util.function.Consumer<String> progress) {
    Optional<Long> pid = pid(runtimeDir);
    Optional<Integer> port = port(runtimeDir);
    if (pid.isEmpty() || port.isEmpty()) {
      return Optional.of(
          "kube-apiserver is not running; 'jkops update cluster " + cluster + " --yes' starts it");
    }
    java.time.Instant until =
        ProcessHandle.of(pid.get())
            .flatMap(h -> h.info().startInstant())
            .map(started -> started.plus(START_WINDOW))
            .orElse(java.time.Instant.now());
    boolean told = false;
    while (true) {
      Optional<String> p = answerProblem(runtimeDir, cluster, pid.get(), port.get());
      if (p.isEmpty()
          || !p.get().contains("is starting")
          || java.time.Instant.now().isAfter(until)
          || ProcessHandle.of(pid.get()).map(h -> !h.isAlive()).orElse(true)) {
        return p;
      }
      if (!told) {
        progress.accept(
            "Waiting for kube-apiserver (pid "
                + pid.get()
                + "), started by update, to answer (until "
                + START_WINDOW.toSeconds()
                + "s after its start)");
        told = true;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return p;
      }
      // a port the server could not bind: it listens on another, written in its port file
      Optional<Integer> now = port(runtimeDir);
      if (now.isPresent()) {
        port = now;
      }
    }
  }

  /** A client's TLS that trusts the cluster's CA and nothing else (validate's, for /readyz). */
  static javax.net.ssl.SSLContext clientTls(java.security.cert.X509Certificate ca)
      throws java.security.GeneralSecurityException, IOException {
    java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    javax.net.ssl.TrustManagerFactory tmf =
        javax.net.ssl.TrustManagerFactory.getInstance(
            javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return ssl;
  }

  private static Optional<String> answerProblem(
      Path runtimeDir, String cluster, long pid, int port) {
    String where = "https://127.0.0.1:" + port;
    try {
      javax.net.ssl.SSLContext ssl =
          clientTls(
              ClusterPki.readCertificate(Files.readString(dirOf(runtimeDir).resolve("ca.crt"))));
      javax.net.ssl.HttpsURLConnection c =
          (javax.net.ssl.HttpsURLConnection) new java.net.URL(where + "/readyz").openConnection();
      c.setSSLSocketFactory(ssl.getSocketFactory());
      c.setConnectTimeout(2000);
      c.setReadTimeout(5000);
      try {
        c.getResponseCode(); // any answer, 401 included: the server is up
      } finally {
        c.disconnect();
      }
      return Optional.empty();
    } catch (java.net.ConnectException refused) {
      return Optional.of(
          "kube-apiserver (pid "
              + pid
              + ") is starting: nothing answers on "
              + where
              + " yet; 'jkops validate cluster "
              + cluster
              + " --wait 1m' waits for it");
    } catch (IOException | java.security.GeneralSecurityException | IllegalStateException e) {
      return Optional.of(
          "kube-apiserver (pid "
              + pid
              + ") does not answer on "
              + where
              + ": "
              + e.getMessage()
              + "; see "
              + dirOf(runtimeDir).resolve("log"));
    }
  }

  /**
   * A loopback port nothing listens on now. Another process may take it before the server binds it;
   * the server then listens on another and writes that to its {@code port} file.
   */
  private static int freeLoopbackPort() {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free loopback port: " + e.getMessage(), e);
    }
  }

  /**
   * The API server's pid when it runs, found by its command line (its mark and this runtime dir).
   * The pid its launch wrote is checked first, so the usual answer costs one read of {@code
   * /proc/PID/cmdline}; only when that file is missing or names another process (a server started
   * before the file was written, or a pid reused) are all processes' command lines read.
   */
  public static Optional<Long> pid(Path runtimeDir) {
    String dirArg = "--runtime-dir=" + runtimeDir.toAbsolutePath().normalize();
    Optional<Long> written = numberIn(runtimeDir, "pid");
    if (written.isPresent() && isServerOf(written.get(), dirArg)) {
      return written;
    }
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .map(ProcessHandle::pid)
        .filter(pid -> isServerOf(pid, dirArg))
        .findFirst();
  }

  /** Whether process {@code pid} is an API server for the runtime dir {@code dirArg} names. */
  private static boolean isServerOf(long pid, String dirArg) {
    List<String> argv = dev.jkops.cloud.local.kernel.ProcFs.argv(pid);
    return argv.contains(MARK) && argv.contains(dirArg);
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
