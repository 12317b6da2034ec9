package dev.jkops.cloud.local.kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Network namespaces: add, check, delete by exact name, and list those with a prefix. */
public final class Netns {
  /** Where {@code ip netns} keeps its named namespaces. */
  public static final Path RUN_DIR = Path.of("/run/netns");

  private final CommandRunner runner;

  /** Namespace creations made at the same time, run as one {@code ip -batch}; null: none. */
  private final BatchQueue creations;

  public Netns(CommandRunner runner) {
    this(runner, null);
  }

  Netns(CommandRunner runner, BatchQueue creations) {
    this.runner = runner;
    this.creations = creations;
  }

  public boolean exists(String name) {
    return Files.exists(RUN_DIR.resolve(NamespaceName.require(name)));
  }

  /** Creates the namespace and brings its loopback up; an existing one is left as it is. */
  public void add(String name) {
    addWithLoopbackLeftDown(name);
    runner.check(
        Command.of("bring up lo in " + name, List.of("ip", "-n", name, "link", "set", "lo", "up")));
  }

  /**
   * Creates the namespace, leaving its loopback as it is (down in a new one): for a caller that
   * puts {@link NetnsIp#LOOPBACK_UP} first in its own {@code ip -batch} into the namespace, one
   * process fewer than {@link #add}. An existing namespace is left as it is.
   */
  public void addWithLoopbackLeftDown(String name) {
    NamespaceName.require(name);
    if (exists(name)) {
      return;
    }
    Command alone =
        Command.of("create network namespace " + name, List.of("ip", "netns", "add", name));
    if (creations == null) {
      runner.check(alone);
      return;
    }
    // with the other namespaces made at the same moment (instances are made in parallel)
    List<String> line = List.of("netns add " + name);
    Command asBatch =
        Command.of(alone.purpose(), List.of("ip", "-batch", "-")).withStdin(line.get(0) + "\n");
    CommandResult r = creations.run(alone, asBatch, line);
    if (r.command() == alone) {
      r.orThrow();
    } else if (!r.ok()) {
      throw BatchFailure.of(r, line);
    }
  }

  /**
   * Creates the namespace and writes {@code sysctls} (e.g. {@code net.ipv4.ip_forward=1}) inside
   * it, and brings its loopback up when {@code loopbackUp}, all in one {@code ip -batch} in the
   * root namespace: {@code netns add NAME}, then {@code netns exec NAME sysctl -qw ...} (and {@code
   * netns exec NAME ip link set lo up}), which ip runs in a child it forks into the new namespace,
   * so the JVM starts one process where it started two or three. Namespaces made at the same moment
   * share that process ({@link BatchQueue}). Nothing of these lines touches the root namespace: ip
   * enters NAME (a checked jk- name) before it runs them, and stops at the first line that fails,
   * so a sysctl never runs when its namespace could not be made or entered.
   *
   * <p>An existing namespace (a run killed part way left it) gets its sysctls and loopback as
   * {@link NetnsIp#sysctls} and {@link #add} give them, one process each.
   */
  public void addWithSysctls(String name, List<String> sysctls, boolean loopbackUp) {
    addWithSysctls(name, sysctls, loopbackUp, java.util.Optional.empty());
  }

  /**
   * As {@link #addWithSysctls(String, List, boolean)}, the loopback (brought up) also labelled
   * {@code loopbackAlias} in the same line ({@code ip link set lo up alias "..."}): the VPC's owner
   * mark, which took two processes of its own (a listing and the label) after every other change.
   */
  public void addWithSysctls(
      String name, List<String> sysctls, boolean loopbackUp, Optional<String> loopbackAlias) {
    NamespaceName.require(name);
    List<String> settings = NetnsIp.checkedSysctls(sysctls);
    if (loopbackAlias.isPresent() && !loopbackUp) {
      throw new IllegalArgumentException("a loopback alias is written as the loopback comes up");
    }
    String alias =
        loopbackAlias
            .map(
                a -> {
                  if (!a.matches("[A-Za-z0-9 =._-]+")) {
                    throw new IllegalArgumentException(
                        "a loopback alias is letters, digits, spaces and = . _ - only: " + a);
                  }
                  return " alias \"" + a + "\"";
                })
            .orElse("");
    if (!exists(name)) {
      List<String> lines = creationLines(name, settings, loopbackUp, alias);
      Command batch = creationBatch(name, lines);
      CommandResult r = creations == null ? runner.run(batch) : creations.run(batch, batch, lines);
      if (r.ok()) {
        return;
      }
      if (!BatchFailure.foundAtFirstLine(r)) {
        throw BatchFailure.of(r, lines);
      }
      // another run made it between the check and the batch: finish it as an existing one
    }
    if (loopbackUp) {
      List<String> argv =
          new java.util.ArrayList<>(List.of("ip", "-n", name, "link", "set", "lo", "up"));
      loopbackAlias.ifPresent(
          a -> {
            argv.add("alias");
            argv.add(a);
          });
      runner.check(Command.of("bring up lo in " + name, argv));
    }
    new NetnsIp(runner, name).sysctls("write the sysctls of " + name, settings);
  }

  /**
   * As {@link #addWithSysctls(String, List, boolean)} for several namespaces handed over at once,
   * each with its own outcome, in order (empty: made, or found and finished): the new ones are made
   * with their sysctls in one root {@code ip -batch} ({@link BatchQueue#runAll}) where, made one by
   * one, each would mostly have found a free slot and run alone. ip stops at the first line that
   * fails: the namespaces before it were made, the one it belongs to failed, those after it go in
   * the next process.
   */
  public List<Optional<RuntimeException>> addAllWithSysctls(
      List<String> names, List<String> sysctls, boolean loopbackUp) {
    List<String> settings = NetnsIp.checkedSysctls(sysctls);
    List<Optional<RuntimeException>> out = new java.util.ArrayList<>();
    List<Integer> fresh = new java.util.ArrayList<>();
    List<BatchQueue.Submission> submissions = new java.util.ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      out.add(Optional.empty());
      String name = names.get(i);
      try {
        NamespaceName.require(name);
      } catch (RuntimeException e) {
        out.set(i, Optional.of(e));
        continue;
      }
      if (creations == null || exists(name)) {
        continue; // made or finished one by one, below
      }
      List<String> lines = creationLines(name, settings, loopbackUp, "");
      Command batch = creationBatch(name, lines);
      fresh.add(i);
      submissions.add(new BatchQueue.Submission(batch, batch, lines));
    }
    List<CommandResult> results = submissions.isEmpty() ? List.of() : creations.runAll(submissions);
    java.util.Set<Integer> madeByAnother = new java.util.HashSet<>();
    for (int k = 0; k < fresh.size(); k++) {
      CommandResult r = results.get(k);
      if (r.ok()) {
        continue;
      }
      int i = fresh.get(k);
      if (r.exitCode() == BatchQueue.NOT_RUN_INTERRUPTED) {
        out.set(i, Optional.of(new KernelException(r.stderr())));
      } else if (BatchFailure.foundAtFirstLine(r)) {
        madeByAnother.add(i); // another run made it between the check and the batch
      } else {
        out.set(i, Optional.of(BatchFailure.of(r, submissions.get(k).lines())));
      }
    }
    java.util.Set<Integer> batched = new java.util.HashSet<>(fresh);
    for (int i = 0; i < names.size(); i++) {
      if (out.get(i).isPresent() || (batched.contains(i) && !madeByAnother.contains(i))) {
        continue;
      }
      try {
        addWithSysctls(names.get(i), sysctls, loopbackUp);
      } catch (RuntimeException e) {
        out.set(i, Optional.of(e));
      }
    }
    return out;
  }

  /**
   * The root {@code ip -batch} lines that make {@code name} with its sysctls (and its loopback up,
   * {@code loopbackAlias} being empty or {@code alias "..."}).
   */
  private static List<String> creationLines(
      String name, List<String> settings, boolean loopbackUp, String loopbackAlias) {
    List<String> lines = new java.util.ArrayList<>();
    lines.add("netns add " + name);
    lines.add("netns exec " + name + " sysctl -qw " + String.join(" ", settings));
    if (loopbackUp) {
      lines.add("netns exec " + name + " ip link set lo up" + loopbackAlias);
    }
    return lines;
  }

  private static Command creationBatch(String name, List<String> lines) {
    return Command.of(
            "create network namespace " + name + " with its sysctls", List.of("ip", "-batch", "-"))
        .withStdin(String.join("\n", lines) + "\n");
  }

  /**
   * Deletes exactly this namespace (and with it every interface inside); a missing one is not an
   * error. Every process still inside is killed first: {@code ip netns delete} only removes the
   * name, and a process left inside would keep the namespace, its addresses and its veth alive,
   * unreachable.
   */
  public void delete(String name) {
    NamespaceName.require(name);
    if (exists(name)) {
      killProcesses(name);
      runner.check(
          Command.of("delete network namespace " + name, List.of("ip", "netns", "delete", name)));
    }
  }

  /**
   * Kills (SIGKILL) every process whose network namespace is this one, found by pid in /proc and
   * checked again to be in it immediately before its kill, so a pid reused by a process elsewhere
   * is never hit; jkops itself is never killed. Repeats until none is left (a dying shell's
   * children). Returns "PID COMMAND" of each killed process.
   */
  public List<String> killProcesses(String name) {
    NamespaceName.require(name);
    List<String> killed = new java.util.ArrayList<>();
    Optional<String> identity = identity(name);
    if (identity.isEmpty()) {
      return killed; // gone already, half made (nothing can be inside), or not one this machine can
      // inspect
    }
    String link = identity.get();
    long self = ProcessHandle.current().pid();
    for (int round = 0; round < 100; round++) {
      List<Long> inside = pidsIn(link).stream().filter(pid -> pid != self).toList();
      if (inside.isEmpty()) {
        return killed;
      }
      for (long pid : inside) {
        if (!link.equals(netLink(pid))) {
          continue; // exited, or the pid is now another process's
        }
        String comm = comm(pid);
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        if (round == 0 || !killed.contains(pid + " " + comm)) {
          killed.add(pid + " " + comm);
        }
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KernelException(
            "interrupted while killing the processes in namespace " + name, e);
      }
    }
    throw new KernelException(
        "processes in namespace "
            + name
            + " did not die after SIGKILL: "
            + pidsIn(link)
            + "; check them with: ip netns pids "
            + name);
  }

  /**
   * Whether process {@code pid} runs in the namespace called {@code name}: false when either is
   * gone, the process is a zombie, or the name's file is not a mounted namespace.
   */
  public static boolean runsIn(long pid, String name) {
    return identity(name).filter(id -> id.equals(netLink(pid))).isPresent();
  }

  /**
   * The namespace's identity as {@code /proc/PID/ns/net} links to it ({@code net:[INODE]}), when
   * the name's file is a mounted namespace (on the nsfs device): a half-made name's plain file has
   * an inode too, which must never be mistaken for a namespace's.
   */
  private static Optional<String> identity(String name) {
    try {
      Path file = RUN_DIR.resolve(name);
      if (!Files.getAttribute(file, "unix:dev")
          .equals(Files.getAttribute(Path.of("/proc/self/ns/net"), "unix:dev"))) {
        return Optional.empty();
      }
      return Optional.of("net:[" + Files.getAttribute(file, "unix:ino") + "]");
    } catch (java.io.IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  private static List<Long> pidsIn(String link) {
    try {
      return ProcFs.pids().stream().filter(pid -> link.equals(netLink(pid))).toList();
    } catch (java.io.IOException e) {
      return List.of(); // no /proc to read: nothing this machine can find inside
    }
  }

  private static String netLink(long pid) {
    try {
      return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "net")).toString();
    } catch (java.io.IOException | SecurityException e) {
      return ""; // exited, or a zombie (its namespace links are gone)
    }
  }

  private static String comm(long pid) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  /** Names of the namespaces starting with {@code prefix} (itself a jk- name), sorted. */
  public List<String> list(String prefix) {
    NamespaceName.require(prefix.endsWith("-") ? prefix + "x" : prefix);
    String[] names = RUN_DIR.toFile().list();
    if (names == null) {
      return List.of();
    }
    return Arrays.stream(names).filter(n -> n.startsWith(prefix)).sorted().toList();
  }
}
