package dev.jkops.cloud.local.validate;

import dev.jkops.cloud.local.kernel.Command;
import dev.jkops.cloud.local.kernel.CommandRunner;
import dev.jkops.cloud.local.kernel.KernelException;
import dev.jkops.cloud.local.kernel.NamespaceName;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Probe servers: in a pod's namespace, socat answers every TCP connection and every UDP datagram on
 * the probe ports with the pod's name (as the conformance tests' netexec answers {@code hostName}).
 * The server reads the request line before answering: a server that answered without reading
 * would race its own exit against socat's write and sometimes drop the answer (EPIPE).
 * {@link #close()} kills every server and its forked children, then anything else still running in
 * the probe namespaces (found by {@code ip netns pids}, never by process name).
 */
public final class ProbeServers implements AutoCloseable {
  private static final int READY_CHECKS = 40;
  private static final long READY_PAUSE_MS = 25;

  private final CommandRunner runner;
  private final List<Process> processes = new ArrayList<>();
  private final List<String> namespaces = new ArrayList<>();

  public ProbeServers(CommandRunner runner) {
    this.runner = runner;
  }

  /** Starts TCP and UDP servers answering {@code name} in {@code netns}, and waits until both listen. */
  public synchronized void start(String netns, String name, int tcpPort, int udpPort) {
    NamespaceName.require(netns);
    if (!name.matches("[a-z0-9.-]+")) {
      throw new IllegalArgumentException("probe server name \"" + name + "\" must be a pod name");
    }
    namespaces.add(netns);
    spawn(netns, "TCP-LISTEN:" + tcpPort + ",fork,reuseaddr", name);
    spawn(netns, "UDP-RECVFROM:" + udpPort + ",fork", name);
    awaitListening(netns, tcpPort, udpPort);
  }

  private void spawn(String netns, String listen, String name) {
    ProcessBuilder pb = new ProcessBuilder("ip", "netns", "exec", netns, "socat", "-T", "5", listen,
        "SYSTEM:read request; echo " + name).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    try {
      processes.add(pb.start());
    } catch (IOException e) {
      throw new KernelException("could not start the probe server in " + netns + ": " + e.getMessage()
          + " (is socat installed? `jkops doctor` checks)", e);
    }
  }

  private void awaitListening(String netns, int tcpPort, int udpPort) {
    for (int i = 0; i < READY_CHECKS; i++) {
      String out = runner.run(Command.of("list sockets in " + netns, List.of("ip", "netns", "exec", netns, "ss",
          "-Hlntu")).withTimeout(Duration.ofSeconds(5))).stdout();
      if (out.contains(":" + tcpPort + " ") && out.contains(":" + udpPort + " ")) {
        return;
      }
      try {
        Thread.sleep(READY_PAUSE_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KernelException("interrupted while waiting for the probe server in " + netns, e);
      }
    }
    throw new KernelException("the probe server in " + netns + " did not listen on TCP " + tcpPort + " and UDP "
        + udpPort + " within " + READY_CHECKS * READY_PAUSE_MS + "ms");
  }

  /** Kills every server, its children, and any process left in the probe namespaces. */
  @Override
  public synchronized void close() {
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    for (Process p : processes) {
      try {
        p.waitFor(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    processes.clear();
    for (String ns : namespaces) {
      killAllIn(runner, ns);
    }
    namespaces.clear();
  }

  /** Kills what runs inside one jkops namespace, by the pids {@code ip netns pids} reports for it. */
  public static void killAllIn(CommandRunner runner, String netns) {
    NamespaceName.require(netns);
    if (!java.nio.file.Files.exists(java.nio.file.Path.of("/run/netns", netns))) {
      return;
    }
    String pids = runner.run(Command.of("list processes in " + netns, List.of("ip", "netns", "pids", netns))).stdout();
    for (String pid : pids.lines().map(String::trim).filter(s -> s.matches("\\d+")).toList()) {
      ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
    }
  }
}
