package dev.jkops.cloud.local.validate;

import dev.jkops.cloud.local.kernel.Command;
import dev.jkops.cloud.local.kernel.CommandRunner;
import dev.jkops.cloud.local.kernel.KernelException;
import dev.jkops.cloud.local.kernel.NamespaceName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Probe servers: in a pod's namespace, jkops' probe server ({@code probes/probe-server.pl}, one
 * process, no child per answer) answers every TCP connection and every UDP datagram on the probe
 * ports with the pod's name (as the conformance tests' netexec answers {@code hostName}) and reads
 * what the client sent to its end. {@link #close()} kills every server, then anything else still
 * running in the probe namespaces (found by their {@code /proc/PID/ns/net}, never by process name).
 */
public final class ProbeServers implements AutoCloseable {
  /**
   * How long a server may take to listen: seconds on a loaded machine, milliseconds on a quiet one.
   */
  private static final Duration READY_WAIT = Duration.ofSeconds(10);

  private static final long READY_PAUSE_MS = 10;

  private final CommandRunner runner;
  private final List<Process> processes = new ArrayList<>();
  private final List<String> namespaces = new ArrayList<>();

  public ProbeServers(CommandRunner runner) {
    this.runner = runner;
  }

  /**
   * Starts TCP and UDP servers answering {@code name} in {@code netns}, and waits until both
   * listen. Several threads may start servers in different namespaces at once.
   */
  public void start(String netns, String name, int tcpPort, int udpPort) {
    start(new Spec(netns, name), tcpPort, udpPort);
  }

  /** As {@link #start(String, String, int, int)}, in the spec's address family. */
  public void start(Spec spec, int tcpPort, int udpPort) {
    String netns = spec.netns();
    String name = spec.name();
    NamespaceName.require(netns);
    requirePodName(name);
    Process server;
    synchronized (this) {
      namespaces.add(netns);
      server = spawn(netns, name, spec.ipv6(), tcpPort, udpPort);
    }
    awaitListening(netns, spec.ipv6(), server, tcpPort, udpPort);
  }

  /**
   * A server to start: the pod's namespace, the name it answers, and whether the pod's address is
   * IPv6 (an IPv6 cluster's pods have no IPv4 address, and an IPv4 socket hears IPv4 only).
   */
  public record Spec(String netns, String name, boolean ipv6) {
    /** An IPv4 pod's server. */
    public Spec(String netns, String name) {
      this(netns, name, false);
    }

    /** The server of a pod with this address: IPv6 when the address is. */
    public static Spec forAddress(String netns, String name, String address) {
      return new Spec(netns, name, address != null && address.contains(":"));
    }
  }

  /**
   * Starts the servers of these pods so that they outlive this command (validate keeps its server
   * pods for the next run, as a DaemonSet's pods stay), then waits until each listens. One shell
   * starts every server in the background under {@code setsid}, in a session of its own and not
   * this JVM's child, and prints their pids: no process is left for this JVM to reap (see {@link
   * dev.jkops.cloud.local.kernel.DetachedProcess} for what a child costs a JVM's exit), and a
   * signal to this command's process group does not reach them. They stop when their pod is deleted
   * ({@link #killAllIn(java.util.Collection)}).
   */
  public static void startDetached(List<Spec> specs, int tcpPort, int udpPort) {
    if (specs.isEmpty()) {
      return;
    }
    List<String> argv = new ArrayList<>();
    argv.add("sh");
    argv.add("-c");
    // $1 the program, $2 and $3 the ports, then one (namespace, name, family) triple per server.
    // setsid is not a process group leader here (no job control), so it execs the server under
    // the pid $! names, and so does ip netns exec.
    argv.add(
        "p=$1 t=$2 u=$3; shift 3; while [ $# -gt 0 ]; do"
            + " setsid ip netns exec \"$1\" perl -e \"$p\" \"$2\" \"$t\" \"$u\" \"$3\""
            + " </dev/null >/dev/null 2>&1 & echo $!; shift 3; done");
    argv.add("jkops-probe-servers");
    argv.add(ProbePrograms.SERVER);
    argv.add(Integer.toString(tcpPort));
    argv.add(Integer.toString(udpPort));
    for (Spec s : specs) {
      argv.add(NamespaceName.require(s.netns()));
      argv.add(requirePodName(s.name()));
      argv.add(s.ipv6() ? "6" : "4");
    }
    List<Long> pids;
    try {
      Process shell =
          new ProcessBuilder(argv)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      try (var out = shell.getInputStream()) {
        pids =
            new String(out.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)
                .lines()
                .map(String::trim)
                .filter(l -> l.matches("\\d+"))
                .map(Long::parseLong)
                .toList();
      }
      shell.waitFor();
    } catch (IOException e) {
      throw new KernelException(
          "could not start the probe servers: " + e.getMessage() + " (`jkops doctor` checks)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KernelException("interrupted while starting the probe servers", e);
    }
    if (pids.size() != specs.size()) {
      throw new KernelException(
          "started " + pids.size() + " of " + specs.size() + " probe servers (is sh installed?)");
    }
    for (int i = 0; i < specs.size(); i++) {
      Spec s = specs.get(i);
      var server =
          new dev.jkops.cloud.local.kernel.DetachedProcess.Detached(
              pids.get(i), ProcessHandle.of(pids.get(i)));
      awaitListening(
          s.netns(), s.ipv6(), server.pid(), server::isAlive, () -> "exited", tcpPort, udpPort);
    }
  }

  /**
   * The pid of the server that answers {@code spec}'s name in its namespace and listens on both
   * ports, among {@code inNamespace} (the processes in that namespace, from {@link #processesIn});
   * empty when none does (it exited, was killed, or was started for another name).
   */
  public static java.util.Optional<Long> servingPid(
      Spec spec, int tcpPort, int udpPort, List<Long> inNamespace) {
    Object target = fileKey(Path.of("/run/netns", NamespaceName.require(spec.netns())));
    List<String> tail =
        List.of(
            spec.name(),
            Integer.toString(tcpPort),
            Integer.toString(udpPort),
            spec.ipv6() ? "6" : "4");
    for (long pid : inNamespace) {
      List<String> args = dev.jkops.cloud.local.kernel.ProcFs.argv(pid);
      if (args.size() >= 6
          && args.get(0).equals("perl")
          && args.subList(args.size() - 4, args.size()).equals(tail)
          && serves(pid, target, spec.ipv6(), udpPort)) {
        return java.util.Optional.of(pid);
      }
    }
    return java.util.Optional.empty();
  }

  private static String requirePodName(String name) {
    if (!name.matches("[a-z0-9.-]+")) {
      throw new IllegalArgumentException("probe server name \"" + name + "\" must be a pod name");
    }
    return name;
  }

  /**
   * One {@code ip netns exec} per server pod, running the probe server for both ports. An IPv6
   * pod's server listens on IPv6 sockets (which take IPv4 too).
   */
  private Process spawn(String netns, String name, boolean ipv6, int tcpPort, int udpPort) {
    ProcessBuilder pb =
        new ProcessBuilder(
                ProbePrograms.inNamespace(
                    netns,
                    ProbePrograms.SERVER,
                    name,
                    Integer.toString(tcpPort),
                    Integer.toString(udpPort),
                    ipv6 ? "6" : "4"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    try {
      Process p = pb.start();
      processes.add(p);
      return p;
    } catch (IOException e) {
      throw new KernelException(
          "could not start the probe server in "
              + netns
              + ": "
              + e.getMessage()
              + " (is perl installed? `jkops doctor` checks)",
          e);
    }
  }

  /**
   * Waits until both servers listen, reading the sockets of their own network namespace from {@code
   * /proc/PID/net} (once {@code /proc/PID/ns/net} is the pod's namespace: before its setns, the
   * process still sees the root namespace's sockets), rather than one {@code ip netns exec ss} per
   * look.
   */
  private static void awaitListening(
      String netns, boolean ipv6, Process server, int tcpPort, int udpPort) {
    awaitListening(
        netns,
        ipv6,
        server.pid(),
        server::isAlive,
        () -> "exited (" + server.exitValue() + ")",
        tcpPort,
        udpPort);
  }

  private static void awaitListening(
      String netns,
      boolean ipv6,
      long server,
      java.util.function.BooleanSupplier alive,
      java.util.function.Supplier<String> exited,
      int tcpPort,
      int udpPort) {
    long end = System.nanoTime() + READY_WAIT.toNanos();
    Object target = fileKey(Path.of("/run/netns", netns));
    while (true) {
      if (!alive.getAsBoolean()) {
        throw new KernelException(
            "the probe server in "
                + netns
                + " "
                + exited.get()
                + " before it"
                + " listened; is perl installed and the port free? `jkops doctor` checks");
      }
      if (serves(server, target, ipv6, udpPort)) {
        return;
      }
      if (System.nanoTime() > end) {
        throw new KernelException(
            "the probe server in "
                + netns
                + " did not listen on TCP "
                + tcpPort
                + " and UDP "
                + udpPort
                + " within "
                + READY_WAIT.toSeconds()
                + "s");
      }
      try {
        Thread.sleep(READY_PAUSE_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KernelException("interrupted while waiting for the probe server in " + netns, e);
      }
    }
  }

  /**
   * Whether the server {@code pid}, in the namespace {@code netnsKey}, serves both ports: its UDP
   * port is bound in the namespace's socket table, read through the server's {@code /proc} entry.
   * The server binds UDP only after its TCP socket listens, and exits if either fails ({@code
   * probe-server.pl}), so UDP's port means both. UDP's table is what is read because it is cheap:
   * reading {@code /proc/PID/net/tcp} walks the machine's whole TCP hash tables, about 7 ms a read
   * here, which for 100 kept servers was 0.7 s of a validate.
   */
  static boolean serves(long pid, Object netnsKey, boolean ipv6, int udpPort) {
    // an IPv6 socket is listed in the namespace's udp6 table only
    return listens(pid, netnsKey, ipv6 ? "udp6" : "udp", udpPort, "07");
  }

  /**
   * True when {@code p} is in the namespace and its {@code /proc/PID/net/TABLE} has the port in
   * {@code state}.
   */
  static boolean listens(long pid, Object netnsKey, String table, int port, String state) {
    Path proc = Path.of("/proc", Long.toString(pid));
    if (netnsKey == null || !netnsKey.equals(fileKey(proc.resolve("ns/net")))) {
      return false;
    }
    String local = String.format(":%04X", port);
    try {
      for (String line : Files.readAllLines(proc.resolve("net").resolve(table))) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 3 && f[1].endsWith(local) && f[3].equals(state)) {
          return true;
        }
      }
    } catch (IOException | UncheckedIOException exited) {
      return false;
    }
    return false;
  }

  /** The file's identity (device and inode), or null when it is gone. */
  static Object fileKey(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  /** Kills every server, its children, and any process left in the probe namespaces. */
  @Override
  public synchronized void close() {
    // Anything else started in the probe namespaces is found by one pass over /proc (asking each
    // Process for its descendants would walk every process on the machine per server).
    processes.forEach(Process::destroyForcibly);
    killAllIn(namespaces);
    for (Process p : processes) {
      try {
        p.waitFor(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    processes.clear();
    killAllIn(namespaces);
    namespaces.clear();
  }

  /**
   * Kills what runs inside any of these jkops namespaces, in one pass over {@code /proc}: a process
   * is in a named namespace when its {@code /proc/PID/ns/net} is the same file (device and inode)
   * as the namespace's {@code /run/netns/NAME}, which is how {@code ip netns pids} decides too,
   * without one process per namespace. Returns how many processes it killed.
   */
  public static int killAllIn(java.util.Collection<String> netnsNames) {
    int killed = 0;
    for (List<Long> pids : processesIn(netnsNames).values()) {
      for (long pid : pids) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        killed++;
      }
    }
    return killed;
  }

  /**
   * The processes inside each of these jkops namespaces (by name; a namespace nothing runs in, or
   * that is gone, is absent), in one pass over {@code /proc}: a process is in a named namespace
   * when its {@code /proc/PID/ns/net} is the same file (device and inode) as the namespace's {@code
   * /run/netns/NAME}, which is how {@code ip netns pids} decides too, without one process per
   * namespace. This JVM is never among them.
   */
  public static java.util.Map<String, List<Long>> processesIn(
      java.util.Collection<String> netnsNames) {
    java.util.Map<Object, String> targets = new java.util.HashMap<>();
    for (String ns : netnsNames) {
      Object key = fileKey(Path.of("/run/netns", NamespaceName.require(ns)));
      if (key != null) { // a namespace that is gone has nothing running in it
        targets.put(key, ns);
      }
    }
    java.util.Map<String, List<Long>> found = new java.util.TreeMap<>();
    if (targets.isEmpty()) {
      return found;
    }
    long self = ProcessHandle.current().pid();
    List<Long> pids;
    try {
      pids = dev.jkops.cloud.local.kernel.ProcFs.pids();
    } catch (IOException e) {
      throw new KernelException(
          "cannot list /proc to find processes in " + netnsNames + ": " + e.getMessage(), e);
    }
    for (long pid : pids) {
      if (pid == self) {
        continue;
      }
      Object key = fileKey(Path.of("/proc", Long.toString(pid), "ns/net"));
      String ns = key == null ? null : targets.get(key);
      if (ns != null) {
        found.computeIfAbsent(ns, n -> new ArrayList<>()).add(pid);
      }
    }
    return found;
  }

  /**
   * Kills what runs inside one jkops namespace, by the pids {@code ip netns pids} reports for it.
   */
  public static void killAllIn(CommandRunner runner, String netns) {
    NamespaceName.require(netns);
    if (!java.nio.file.Files.exists(java.nio.file.Path.of("/run/netns", netns))) {
      return;
    }
    String pids =
        runner
            .run(Command.of("list processes in " + netns, List.of("ip", "netns", "pids", netns)))
            .stdout();
    for (String pid : pids.lines().map(String::trim).filter(s -> s.matches("\\d+")).toList()) {
      ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
    }
  }
}
