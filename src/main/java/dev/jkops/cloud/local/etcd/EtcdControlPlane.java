package dev.jkops.cloud.local.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jkops.api.JsonTrees;
import dev.jkops.cloud.local.kernel.NamespaceName;
import dev.jkops.cloud.report.EtcdHealth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * A local cluster's etcd: one member per control-plane instance, each an {@code etcd} process run
 * inside its instance's namespace ({@code ip netns exec}), peers on the instance's VPC address,
 * clients on a unix socket in {@code <runtime>/etcd/<member>/}, so nothing listens where the host's
 * network could reach it. The member list is fixed when the cluster first starts and kept in {@code
 * <runtime>/etcd/cluster.json}; data stays in each member's directory, so a member that is started
 * again comes back as itself.
 */
public final class EtcdControlPlane {
  /** How long to wait for members to form a cluster and elect a leader. */
  public static final Duration HEALTH_WAIT = Duration.ofSeconds(30);

  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  static final Duration STATUS_TIMEOUT = Duration.ofSeconds(5);

  private final Path dir;
  private final String token;
  private final List<EtcdMember> members;

  private EtcdControlPlane(Path dir, String token, List<EtcdMember> members) {
    this.dir = dir;
    this.token = token;
    this.members = members.stream().sorted(Comparator.comparing(EtcdMember::name)).toList();
  }

  /** {@code <runtime>/etcd}. */
  public static Path dirOf(Path runtimeDir) {
    return runtimeDir.resolve("etcd");
  }

  /** The cluster's etcd as configured by an earlier {@code update cluster --yes}, if any. */
  public static Optional<EtcdControlPlane> existing(Path runtimeDir) {
    Path config = dirOf(runtimeDir).resolve("cluster.json");
    if (!Files.exists(config)) {
      return Optional.empty();
    }
    try {
      JsonNode n = JsonTrees.read(Files.readAllBytes(config));
      List<EtcdMember> ms = new ArrayList<>();
      for (JsonNode m : n.path("members")) {
        String name = m.path("name").asText();
        ms.add(
            new EtcdMember(
                name,
                m.path("namespace").asText(),
                m.path("address").asText(),
                memberDir(dirOf(runtimeDir), name)));
      }
      return Optional.of(new EtcdControlPlane(dirOf(runtimeDir), n.path("token").asText(), ms));
    } catch (IOException e) {
      throw new EtcdException(
          "cannot read "
              + config
              + ": "
              + e.getMessage()
              + "; delete the cluster's runtime dir with 'jkops delete cluster NAME --yes' to start over",
          e);
    }
  }

  /**
   * The etcd for these control-plane instances: the existing one when it has been configured (its
   * membership does not change afterwards), else a new configuration, written to disk.
   *
   * @param instances (name, namespace, address) of each control-plane instance
   */
  public static EtcdControlPlane configure(
      Path runtimeDir, String token, List<EtcdMember> instances) {
    Optional<EtcdControlPlane> known = existing(runtimeDir);
    if (known.isPresent()) {
      return known.get();
    }
    if (instances.isEmpty()) {
      throw new EtcdException("a cluster needs at least one control-plane instance to run etcd on");
    }
    Path d = dirOf(runtimeDir);
    List<EtcdMember> ms =
        instances.stream()
            .map(
                i ->
                    new EtcdMember(
                        i.name(),
                        NamespaceName.require(i.namespace()),
                        i.address(),
                        memberDir(d, i.name())))
            .toList();
    EtcdControlPlane cp = new EtcdControlPlane(d, token, ms);
    cp.save();
    return cp;
  }

  /**
   * {@code <etcd>/<dirName>}. A directory named after the whole member name, made by a jkops before
   * names were bounded (a name of 41 to 255 characters), is kept: it holds the member's data.
   */
  static Path memberDir(Path etcdDir, String name) {
    String bounded = EtcdMember.dirName(name);
    if (!bounded.equals(name) && name.length() <= 255 && Files.isDirectory(etcdDir.resolve(name))) {
      return etcdDir.resolve(name);
    }
    return etcdDir.resolve(bounded);
  }

  public List<EtcdMember> members() {
    return members;
  }

  public Optional<EtcdMember> member(String name) {
    return members.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  public EtcdMember requireMember(String name) {
    return member(name)
        .orElseThrow(
            () ->
                new EtcdException(
                    "no etcd member \""
                        + name
                        + "\"; the members are "
                        + members.stream()
                            .map(EtcdMember::name)
                            .collect(Collectors.joining(", "))));
  }

  /**
   * The member's process id when it runs, checked by its command line (its data dir), not by a
   * pidfile alone: the pidfile's pid when that is the member, else a look through every process.
   */
  public Optional<Long> pid(EtcdMember m) {
    if (!Files.exists(m.pidFile(), java.nio.file.LinkOption.NOFOLLOW_LINKS)
        && !Files.exists(m.dataDir(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      // jkops writes a member's pid file as it starts it, and etcd makes its data dir first thing:
      // a member with neither has never run from this runtime dir, so no process of it is in
      // /proc. Looking through every process there cost a new cluster's etcd start ~45 ms.
      return Optional.empty();
    }
    try {
      long fromFile = Long.parseLong(Files.readString(m.pidFile()).trim());
      if (EtcdProcesses.dataDirOf(fromFile)
          .filter(m.dataDir().toAbsolutePath().normalize()::equals)
          .isPresent()) {
        return Optional.of(fromFile);
      }
    } catch (IOException | NumberFormatException e) {
      // no pidfile, or not one jkops wrote: look through /proc
    }
    return EtcdProcesses.find(m.dataDir());
  }

  /** Whether the member runs inside its instance's namespace as it exists now. */
  public boolean running(EtcdMember m) {
    return pid(m)
        .filter(p -> dev.jkops.cloud.local.kernel.Netns.runsIn(p, m.namespace()))
        .isPresent();
  }

  /**
   * Starts every member that does not run (in parallel, since members of a new cluster wait for
   * each other) and waits, at most {@code wait}, until every member follows a leader. A member
   * still running in a namespace that was deleted and made again is restarted in the new one.
   * Returns the names of the members it started.
   */
  public List<String> ensureRunning(Duration wait) {
    List<EtcdMember> toStart = new ArrayList<>();
    for (EtcdMember m : members) {
      Optional<Long> pid = pid(m);
      if (pid.isPresent() && dev.jkops.cloud.local.kernel.Netns.runsIn(pid.get(), m.namespace())) {
        continue;
      }
      pid.ifPresent(p -> EtcdProcesses.stop(p, Duration.ofSeconds(5)));
      toStart.add(m);
    }
    // decided before any member starts: a starting member writes its data dir at once
    boolean clusterHasData = anyMemberHasData();
    for (EtcdMember m : toStart) {
      boolean rejoin = !m.hasData() && clusterHasData;
      if (rejoin) {
        readd(m);
      }
      start(m, rejoin);
    }
    if (!toStart.isEmpty()) {
      awaitHealthy(toStart, wait);
    }
    return toStart.stream().map(EtcdMember::name).toList();
  }

  /**
   * Processes this object started: until sh and ip have exec'd etcd, /proc does not show it as etcd
   * yet.
   */
  private final java.util.Map<String, dev.jkops.cloud.local.kernel.DetachedProcess.Detached>
      started = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Starts a member: bootstrapping a new cluster, restarting with its data, or ({@code rejoin})
   * joining as new.
   */
  private void start(EtcdMember m, boolean rejoin) {
    if (!Files.exists(Path.of("/run/netns", m.namespace()))) {
      throw new EtcdException(
          "cannot start etcd member "
              + m.name()
              + ": its instance's namespace "
              + m.namespace()
              + " does not exist; 'jkops update cluster --yes' makes it");
    }
    String initialCluster =
        members.stream().map(x -> x.name() + "=" + x.peerUrl()).collect(Collectors.joining(","));
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "ip",
                "netns",
                "exec",
                NamespaceName.require(m.namespace()),
                "etcd",
                "--name=" + m.name(),
                "--data-dir=" + m.dataDir().toAbsolutePath().normalize(),
                "--listen-client-urls=unix://" + EtcdMember.SOCKET_NAME,
                "--advertise-client-urls=unix://" + EtcdMember.SOCKET_NAME,
                "--listen-peer-urls=" + m.peerUrl(),
                "--initial-advertise-peer-urls=" + m.peerUrl(),
                "--initial-cluster=" + initialCluster,
                "--initial-cluster-state=" + (rejoin ? "existing" : "new"),
                "--initial-cluster-token=" + token));
    if (members.size() == 1) {
      // A lone member has no peer to miss, so its election timeout guards nothing; etcd's default
      // (1 s) made a new cluster's member wait 0.8-1 s for its own election before it answered,
      // most of an update's wait for etcd. A lone member skips all but one tick of its first
      // election's timeout, but raft draws that timeout between one and two timeouts, so what is
      // left is 1 to 5 ticks with 50 ms (10 to 50 ms; 10 to 100 with 100). Heartbeats every 10 ms,
      // as etcd requires at least five per timeout. Members of several keep etcd's defaults: their
      // timeout is what keeps a slow peer from being voted out.
      cmd.addAll(List.of("--heartbeat-interval=10", "--election-timeout=50"));
    }
    try {
      // 0700 whatever the umask: the client socket inside is etcd's only door, and only root may
      // knock
      dev.jkops.api.SafePaths.createPrivateDirs(m.dir());
      Files.setPosixFilePermissions(m.dir(), dev.jkops.api.SafePaths.PRIVATE_DIR);
      // made (or checked) here, never through a link: ProcessBuilder's appendTo would follow one
      dev.jkops.api.SafePaths.openAppend(m.log(), dev.jkops.api.SafePaths.PRIVATE_FILE).close();
      Files.deleteIfExists(
          m.socket()); // a socket left by a killed process would stop etcd from listening
      dev.jkops.cloud.local.kernel.DetachedProcess.Detached p =
          dev.jkops.cloud.local.kernel.DetachedProcess.start(
              cmd, m.dir(), m.log(), java.util.Map.of());
      started.put(m.name(), p);
      dev.jkops.api.SafePaths.writeAtomically(
          m.pidFile(),
          (p.pid() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8),
          dev.jkops.api.SafePaths.READABLE_FILE);
    } catch (IOException e) {
      throw new EtcdException(
          "cannot start etcd member "
              + m.name()
              + " (is etcd-server installed? scripts/setup"
              + " installs it): "
              + e.getMessage(),
          e);
    }
  }

  /**
   * A member whose data is gone while the cluster has data cannot bootstrap again: it is removed
   * from the cluster and added back (as {@code etcdctl member remove/add} would), then joins as a
   * new member of the existing cluster and receives the data from the leader.
   */
  private void readd(EtcdMember m) {
    EtcdClient c = writer();
    for (EtcdClient.Member known : c.members()) {
      if (known.name().equals(m.name()) || known.peerUrls().contains(m.peerUrl())) {
        c.removeMember(known.id());
      }
    }
    c.addMember(m.peerUrl());
  }

  private boolean anyMemberHasData() {
    return members.stream().anyMatch(EtcdMember::hasData);
  }

  private void awaitHealthy(List<EtcdMember> waitFor, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    List<EtcdMember> pending = new ArrayList<>(waitFor);
    java.util.Map<String, String> lastAnswer = new java.util.TreeMap<>();
    while (!pending.isEmpty()) {
      for (EtcdMember m : List.copyOf(pending)) {
        dev.jkops.cloud.local.kernel.DetachedProcess.Detached p = started.get(m.name());
        if (p != null ? !p.isAlive() : pid(m).isEmpty()) {
          throw new EtcdException(
              "etcd member "
                  + m.name()
                  + " exited while starting; the end of "
                  + m.log()
                  + ":\n"
                  + tail(m.log(), 8));
        }
        if (Files.exists(m.socket())) {
          try {
            if (client(m, STATUS_TIMEOUT).status().hasLeader()) {
              pending.remove(m);
            }
          } catch (EtcdException notYet) {
            lastAnswer.put(m.name(), notYet.getMessage()); // still starting, most likely
          }
        }
      }
      if (pending.isEmpty()) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new EtcdException(
            "etcd members "
                + pending.stream().map(EtcdMember::name).collect(Collectors.joining(", "))
                + " did not join a cluster with a leader within "
                + wait.toSeconds()
                + "s; "
                + health().summary()
                + (lastAnswer.isEmpty() ? "" : "; the last error asking them: " + lastAnswer)
                + ". Their logs are in "
                + dir);
      }
      // a new member answers 20-40 ms after it starts; each look is a file check, or one status
      // request on the member's unix socket once it exists
      sleep(5);
    }
  }

  /** Stops one member (SIGTERM, then SIGKILL), keeping its data. Returns whether it was running. */
  public boolean stop(EtcdMember m) {
    Optional<Long> pid = pid(m);
    pid.ifPresent(p -> EtcdProcesses.stop(p, Duration.ofSeconds(5)));
    try {
      Files.deleteIfExists(m.pidFile());
    } catch (IOException e) {
      // a stale pidfile is harmless: processes are found by their command line
    }
    return pid.isPresent();
  }

  /**
   * Stops every etcd process whose data is under {@code runtimeDir} (configured members and any
   * left over by an interrupted run). Returns a line per process stopped.
   */
  public static List<String> stopAll(Path runtimeDir) {
    List<String> stopped = new ArrayList<>();
    List<EtcdProcesses.Running> running = EtcdProcesses.under(runtimeDir);
    // all at once, and back only when every one has exited (its files, sockets and namespace
    // released)
    EtcdProcesses.stopAll(
        running.stream().map(EtcdProcesses.Running::pid).toList(), Duration.ofSeconds(5));
    for (EtcdProcesses.Running r : running) {
      stopped.add(
          "etcd member " + r.dataDir().getParent().getFileName() + " (pid " + r.pid() + ")");
    }
    return stopped;
  }

  /** Every member's state, asked in parallel, each bounded by a short timeout. */
  public EtcdHealth health() {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, members.size()));
    try {
      List<Future<Object[]>> asks = new ArrayList<>();
      for (EtcdMember m : members) {
        asks.add(pool.submit(() -> ask(m)));
      }
      List<EtcdHealth.MemberHealth> out = new ArrayList<>();
      String leaderId = null;
      java.util.Map<String, String> nameById = new java.util.HashMap<>();
      for (int i = 0; i < members.size(); i++) {
        EtcdMember m = members.get(i);
        Object[] r = asks.get(i).get();
        EtcdClient.Status s = (EtcdClient.Status) r[0];
        if (s != null) {
          nameById.put(s.memberId(), m.name());
          if (s.hasLeader()) {
            leaderId = s.leader();
          }
        }
        out.add(
            new EtcdHealth.MemberHealth(
                m.name(),
                m.address(),
                (Boolean) r[1],
                s != null && s.hasLeader(),
                s != null && s.isLeader(),
                (String) r[2]));
      }
      String leaderName = leaderId == null ? null : nameById.get(leaderId);
      if (leaderId != null && leaderName == null) {
        // the members follow one that did not answer here (stopped, or running outside its
        // instance's namespace): the cluster's member list has its name
        leaderName = memberName(leaderId).orElse("member " + leaderId);
      }
      return new EtcdHealth(out, Optional.ofNullable(leaderName));
    } catch (Exception e) {
      throw new EtcdException("cannot read etcd health: " + e.getMessage(), e);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The name of the member with etcd id {@code id}, from the member list of a member that answers.
   */
  private Optional<String> memberName(String id) {
    for (EtcdMember m : members) {
      if (!running(m)) {
        continue;
      }
      try {
        for (EtcdClient.Member known : client(m, STATUS_TIMEOUT).members()) {
          if (known.id().equals(id) && !known.name().isEmpty()) {
            return Optional.of(known.name());
          }
        }
        return Optional.empty();
      } catch (EtcdException e) {
        // ask the next member
      }
    }
    return Optional.empty();
  }

  private Object[] ask(EtcdMember m) {
    boolean running = running(m);
    if (!running) {
      return new Object[] {
        null,
        false,
        pid(m).isPresent()
            ? "its process runs outside its instance's namespace"
            : "not running (its instance or process is stopped)"
      };
    }
    try {
      EtcdClient.Status s = client(m, STATUS_TIMEOUT).status();
      return new Object[] {
        s, true, s.hasLeader() ? "" : "running but follows no leader (no quorum)"
      };
    } catch (EtcdException e) {
      return new Object[] {null, true, "running but not answering: " + e.getMessage()};
    }
  }

  /**
   * Per cluster (its etcd dir), the member the last read was served by: the next read goes straight
   * to it, with etcd's require-leader check, instead of asking every member first. Writes have no
   * such short cut (see {@link #txn}).
   */
  private static final java.util.Map<Path, String> READ_MEMBER =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Applies {@code ops} in one transaction, after the quorum check of {@link #writer}, which
   * refuses, sending nothing, without a quorum. The check runs before every write on purpose: a
   * leader that has just lost its quorum still takes a proposal until its election timeout makes it
   * step down, and that entry commits as soon as the quorum is back, so a write sent on
   * require-leader alone and "refused" by its timeout would appear later (ControlPlaneHaTest's
   * quorum case caught exactly that). Puts and deletes without conditions, so a transaction sent
   * again after a member did not answer changes nothing more.
   */
  public void txn(List<EtcdClient.Op> ops) {
    EtcdMember writer = writerMember();
    dev.jkops.api.StepMarks.mark("write-quorum-checked");
    client(writer, REQUEST_TIMEOUT).requiringLeader().txn(ops);
  }

  /** Fails, saying why and sending nothing, when writes would be refused now. */
  public void checkWritable() {
    writerMember();
  }

  /**
   * A client for reads on the member the last read went through, refused by it (and then chosen
   * again by {@link #reader}) when it follows no leader; {@code read} runs on it.
   */
  public <T> T read(java.util.function.Function<EtcdClient, T> read) {
    // A new process knows no member yet: it asks the first running one, with the require-leader
    // check, which is the member reader() would choose when that one follows a leader, without
    // reader()'s status round trip first (a command such as get pods reads once); one that follows
    // no leader refuses, and reader() chooses then.
    Optional<EtcdMember> known =
        Optional.ofNullable(READ_MEMBER.get(dir))
            .flatMap(this::member)
            .or(() -> members.stream().filter(this::running).findFirst());
    if (known.isPresent()) {
      try {
        T out = read.apply(client(known.get(), REQUEST_TIMEOUT).requiringLeader());
        READ_MEMBER.put(dir, known.get().name());
        return out;
      } catch (EtcdException goneOrNoLeader) {
        READ_MEMBER.remove(dir);
      }
    }
    EtcdClient c = reader();
    T out = read.apply(c);
    members.stream()
        .filter(m -> dialPathOrNull(m) != null && dialPathOrNull(m).equals(c.socket()))
        .findFirst()
        .ifPresent(m -> READ_MEMBER.put(dir, m.name()));
    return out;
  }

  private Path dialPathOrNull(EtcdMember m) {
    try {
      return dialPath(m);
    } catch (EtcdException e) {
      return null;
    }
  }

  /**
   * A client for writes: on the first member (by name) that follows a leader, after checking that a
   * quorum of members does. Refuses, before anything is sent, when there is none.
   */
  public EtcdClient writer() {
    return client(writerMember(), REQUEST_TIMEOUT);
  }

  private EtcdMember writerMember() {
    EtcdHealth h = health();
    if (!h.hasQuorum()) {
      throw new EtcdQuorumException(
          "etcd has lost quorum: "
              + h.summary()
              + "; unavailable: "
              + h.unhealthy().stream()
                  .map(u -> u.name() + " (" + u.problem() + ")")
                  .collect(Collectors.joining(", "))
              + ". Nothing was written. Bring the stopped control-plane instances back with"
              + " 'jkops update cluster --yes'");
    }
    return requireMember(
        h.members().stream()
            .filter(EtcdHealth.MemberHealth::healthy)
            .findFirst()
            .orElseThrow()
            .name());
  }

  /**
   * A client for reads: a member that follows a leader if there is one, else any member that
   * answers (its reads are then its own last known state).
   */
  public EtcdClient reader() {
    EtcdClient fallback = null;
    for (EtcdMember m : members) {
      if (!running(m)) {
        continue;
      }
      EtcdClient c = client(m, STATUS_TIMEOUT);
      try {
        if (c.status().hasLeader()) {
          return client(m, REQUEST_TIMEOUT);
        }
        fallback = fallback == null ? client(m, REQUEST_TIMEOUT) : fallback;
      } catch (EtcdException e) {
        // try the next member
      }
    }
    if (fallback == null) {
      throw new EtcdException(
          "no etcd member of this cluster is running ("
              + members.stream().map(EtcdMember::name).collect(Collectors.joining(", "))
              + "); start them with 'jkops update cluster --yes'");
    }
    return fallback;
  }

  public EtcdClient client(EtcdMember m, Duration timeout) {
    return new EtcdClient(dialPath(m), timeout);
  }

  /**
   * Where jkops connects to a member's client socket. etcd makes the socket in its working dir (the
   * member's dir) by the relative name {@value EtcdMember#SOCKET_NAME}, so etcd itself never meets
   * the limit on a unix socket's address ({@value UnixHttp#MAX_PATH_BYTES} bytes); a client that
   * connects by the absolute path does, with a long runtime dir. When that path is too long, jkops
   * connects through {@code /proc/<pid>/cwd/}, the member's working dir as the kernel links it, at
   * most 33 bytes whatever the names and the runtime dir.
   */
  Path dialPath(EtcdMember m) {
    Path socket = m.socket().toAbsolutePath().normalize();
    if (UnixHttp.fits(socket)) {
      return socket;
    }
    dev.jkops.cloud.local.kernel.DetachedProcess.Detached p = started.get(m.name());
    Optional<Long> pid = p != null && p.isAlive() ? Optional.of(p.pid()) : pid(m);
    return pid.map(x -> Path.of("/proc", Long.toString(x), "cwd", EtcdMember.SOCKET_NAME))
        .orElseThrow(
            () ->
                new EtcdException(
                    "etcd member "
                        + m.name()
                        + " does not run, and its client socket "
                        + socket
                        + " is "
                        + UnixHttp.bytes(socket)
                        + " bytes long, more than the "
                        + UnixHttp.MAX_PATH_BYTES
                        + " a unix socket address can hold, so jkops reaches it only through its running process; start it"
                        + " with 'jkops update cluster --yes'"));
  }

  /**
   * Replaces one control-plane instance without losing quorum or data: refuses unless the other
   * members are healthy enough to keep a quorum while this one is down; stops its member; {@code
   * recreateInstance} then removes and makes its namespace again; the member starts inside the new
   * namespace with its data (same name, same peer address) and is waited for until it follows the
   * leader again.
   */
  public void replaceMember(String name, Runnable recreateInstance, Duration wait) {
    EtcdMember m = requireMember(name);
    requireQuorumWithout(name);
    stop(m);
    recreateInstance.run();
    if (!running(m)) {
      start(m, false);
    }
    awaitHealthy(List.of(m), wait);
  }

  /**
   * Refuses (EtcdQuorumException) unless the members other than {@code name} are healthy enough to
   * keep a quorum.
   */
  public void requireQuorumWithout(String name) {
    EtcdHealth h = health();
    long othersHealthy =
        h.members().stream().filter(x -> !x.name().equals(name) && x.healthy()).count();
    if (othersHealthy < h.quorum()) {
      throw new EtcdQuorumException(
          "replacing "
              + name
              + " would lose etcd's quorum: "
              + h.summary()
              + "; only "
              + othersHealthy
              + " other members are healthy and "
              + h.quorum()
              + " are needed."
              + " Bring the others back first ('jkops update cluster --yes')");
    }
  }

  private void save() {
    ObjectNode n = JsonNodeFactory.instance.objectNode().put("token", token);
    ArrayNode arr = n.putArray("members");
    for (EtcdMember m : members) {
      arr.addObject()
          .put("name", m.name())
          .put("namespace", m.namespace())
          .put("address", m.address());
    }
    try {
      dev.jkops.api.SafePaths.createPrivateDirs(dir);
      dev.jkops.api.SafePaths.writeAtomically(
          dir.resolve("cluster.json"),
          JsonTrees.writePretty(n).getBytes(StandardCharsets.UTF_8),
          dev.jkops.api.SafePaths.PRIVATE_FILE);
    } catch (IOException e) {
      throw new EtcdException(
          "cannot write " + dir.resolve("cluster.json") + ": " + e.getMessage(), e);
    }
  }

  static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EtcdException("interrupted while waiting for etcd");
    }
  }
}
