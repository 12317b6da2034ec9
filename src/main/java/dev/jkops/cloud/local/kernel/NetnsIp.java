package dev.jkops.cloud.local.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.jkops.api.JsonTrees;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * iproute2 inside one jkops namespace: links, addresses, routes, rules, neighbours, FDB entries and
 * sysctls. Every command carries {@code -n <namespace>}, so nothing here can reach the root
 * namespace; the name is checked by {@link NamespaceName} on construction.
 */
public final class NetnsIp {
  private final CommandRunner runner;
  private final String ns;

  /** Shared by everyone changing this namespace through one {@link Kernel}; null: none. */
  private final BatchQueue queue;

  public NetnsIp(CommandRunner runner, String namespace) {
    this(runner, namespace, null);
  }

  /**
   * With {@code queue}, batches and route changes made at the same time by other callers of the
   * namespace run in one process with them ({@link BatchQueue}).
   */
  NetnsIp(CommandRunner runner, String namespace, BatchQueue queue) {
    this.runner = runner;
    this.ns = NamespaceName.require(namespace);
    this.queue = queue;
  }

  public String namespace() {
    return ns;
  }

  /**
   * A veth pair: {@code name} here, {@code peerName} created directly inside {@code peerNamespace}.
   */
  public void addVeth(String name, String peerNamespace, String peerName, int mtu) {
    NamespaceName.require(peerNamespace);
    ip(
        "add veth " + name + " in " + ns + " to " + peerName + " in " + peerNamespace,
        "link",
        "add",
        InterfaceName.require(name),
        "mtu",
        Integer.toString(mtu),
        "type",
        "veth",
        "peer",
        "name",
        InterfaceName.require(peerName),
        "mtu",
        Integer.toString(mtu),
        "netns",
        peerNamespace);
  }

  public void addBridge(String name, int mtu) {
    ip(
        "add bridge " + name + " in " + ns,
        "link",
        "add",
        InterfaceName.require(name),
        "mtu",
        Integer.toString(mtu),
        "type",
        "bridge");
  }

  /**
   * A bridge whose MAC is {@code mac} for good. A bridge made without one takes the lowest MAC of
   * its ports and changes it when that port goes (a pod deleted, an instance replaced); every
   * neighbour that had its address in its ARP cache then sends to a MAC nobody answers to, and
   * loses traffic until its entry goes stale and is probed again, seconds later.
   */
  public void addBridge(String name, int mtu, String mac) {
    ip(
        "add bridge " + name + " in " + ns,
        "link",
        "add",
        InterfaceName.require(name),
        "address",
        StableMac.require(mac),
        "mtu",
        Integer.toString(mtu),
        "type",
        "bridge");
  }

  /**
   * A VXLAN device that never learns: every remote endpoint comes from static FDB and neighbour
   * entries, which the data plane keeps in step with cluster membership (as flannel and kopeio do).
   */
  public void addVxlan(
      String name, String mac, int vni, int port, String localAddress, String underlay, int mtu) {
    ip(
        "add vxlan " + name + " (VNI " + vni + ", UDP " + port + ") in " + ns,
        "link",
        "add",
        InterfaceName.require(name),
        "address",
        mac,
        "mtu",
        Integer.toString(mtu),
        "type",
        "vxlan",
        "id",
        Integer.toString(vni),
        "dstport",
        Integer.toString(port),
        "local",
        localAddress,
        "dev",
        InterfaceName.require(underlay),
        "nolearning");
  }

  public void setUp(String link) {
    ip("bring up " + link + " in " + ns, "link", "set", InterfaceName.require(link), "up");
  }

  public void setMaster(String link, String bridge) {
    ip(
        "attach " + link + " to bridge " + bridge + " in " + ns,
        "link",
        "set",
        InterfaceName.require(link),
        "master",
        InterfaceName.require(bridge));
  }

  /**
   * Labels a link with free text (its ifalias), so jkops can recognise what it made after a
   * restart.
   */
  public void setAlias(String link, String alias) {
    ip("label " + link + " in " + ns, "link", "set", InterfaceName.require(link), "alias", alias);
  }

  public void setMtu(String link, int mtu) {
    ip(
        "set MTU " + mtu + " on " + link + " in " + ns,
        "link",
        "set",
        InterfaceName.require(link),
        "mtu",
        Integer.toString(mtu));
  }

  /** Deletes the link (a veth takes its peer with it); a missing link is not an error. */
  public void deleteLink(String link) {
    if (link(link).isPresent()) {
      ip("delete " + link + " in " + ns, "link", "del", InterfaceName.require(link));
    }
  }

  /**
   * Deletes the link by its exact name in one process, without listing first; a missing link is not
   * an error. For a veth whose peer sat in a namespace that was just deleted: newer kernels (6.18)
   * free a deleted namespace's devices in the background, and a process may keep the namespace
   * alive for good, so the end left here keeps its name until it is deleted (which takes its peer
   * with it, at once).
   */
  public void deleteLinkIfPresent(String link) {
    CommandResult r =
        runner.run(
            ipCommand(
                "delete " + link + " in " + ns,
                List.of("link", "del", InterfaceName.require(link))));
    if (!r.ok() && !r.stderr().contains("Cannot find device")) {
      r.orThrow();
    }
  }

  public List<Link> links() {
    List<Link> out = new ArrayList<>();
    for (JsonNode l : json("list links in " + ns, "-d", "link", "show")) {
      out.add(linkOf(l));
    }
    return out;
  }

  /** One link of {@code ip -j -d link|addr show}; {@link NamespaceReading} reads them the same. */
  static Link linkOf(JsonNode l) {
    java.util.Map<String, String> info = new java.util.TreeMap<>();
    l.path("linkinfo")
        .path("info_data")
        .fields()
        .forEachRemaining(e -> info.put(e.getKey(), e.getValue().asText()));
    return new Link(
        l.path("ifname").asText(),
        l.path("linkinfo").path("info_kind").asText(""),
        l.path("mtu").asInt(),
        hasFlag(l.path("flags"), "UP"),
        Optional.ofNullable(l.path("master").asText(null)),
        l.path("address").asText(""),
        l.path("ifalias").asText(""),
        info);
  }

  public Optional<Link> link(String name) {
    return links().stream().filter(l -> l.name().equals(name)).findFirst();
  }

  /** Sets {@code cidr} (address/prefix) on {@code dev}; setting it twice is harmless. */
  public void addAddress(String dev, String cidr) {
    ip(
        "add address " + cidr + " to " + dev + " in " + ns,
        "addr",
        "replace",
        cidr,
        "dev",
        InterfaceName.require(dev));
  }

  /** IPv4 addresses (address/prefix) on {@code dev}. */
  public List<String> addresses(String dev) {
    List<String> out = new ArrayList<>();
    for (JsonNode l :
        json(
            "list addresses of " + dev + " in " + ns,
            "-4",
            "addr",
            "show",
            "dev",
            InterfaceName.require(dev))) {
      for (JsonNode a : l.path("addr_info")) {
        out.add(a.path("local").asText() + "/" + a.path("prefixlen").asInt());
      }
    }
    return out;
  }

  /**
   * {@link #replaceRoute}'s change as one line of a batch, for {@link #batches}: several routes
   * handed over at once go in one process.
   */
  public Lines routeLines(KernelRoute r) {
    return new Lines(
        "route " + r.destination(),
        List.of(String.join(" ", concat(List.of("route", "replace"), r.args()))));
  }

  public void replaceRoute(KernelRoute r) {
    String purpose = "route " + r.destination() + " in " + ns;
    List<String> args = concat(List.of("route", "replace"), r.args());
    if (queue == null) {
      ip(purpose, args);
      return;
    }
    // with other changes of the namespace when they come at once (each VPC route is a resource)
    List<String> line = List.of(String.join(" ", args));
    Command alone = ipCommand(purpose, args);
    CommandResult res = queue.run(alone, batchCommand(purpose, line), line);
    if (res.command() == alone) {
      res.orThrow();
    } else if (!res.ok()) {
      throw BatchFailure.of(res, line);
    }
  }

  /** Deletes the route; a missing one is not an error. */
  public void deleteRoute(KernelRoute r) {
    CommandResult res =
        runner.run(
            ipCommand(
                "delete route " + r.destination() + " in " + ns,
                concat(List.of("route", "del"), r.args())));
    if (!res.ok() && !res.stderr().contains("No such process")) {
      res.orThrow();
    }
  }

  /** Routes of table {@code table} (0 = main) as {@code destination -> gateway or device}. */
  public List<KernelRoute> routes(int table) {
    List<KernelRoute> out = new ArrayList<>();
    String t = table == 0 ? "main" : Integer.toString(table);
    CommandResult res =
        runner.run(
            ipCommand(
                "list routes of table " + t + " in " + ns,
                List.of("-j", "-4", "route", "show", "table", t)));
    if (!res.ok() && res.stderr().contains("FIB table does not exist")) {
      return out; // a table comes into being with its first route
    }
    for (JsonNode r : parse("list routes of table " + t + " in " + ns, res.orThrow().stdout())) {
      routeOf(r, table).ifPresent(out::add);
    }
    return out;
  }

  /**
   * One route of {@code ip -j route show} in {@code table}; none for a default route, which jkops
   * never adds (listing must not fail on another tool's route). {@link NamespaceReading} reads them
   * the same.
   */
  static Optional<KernelRoute> routeOf(JsonNode r, int table) {
    String dst = r.path("dst").asText();
    if (dst.equals("default")) {
      return Optional.empty();
    }
    if (!dst.contains("/")) {
      dst = dst + "/32";
    }
    String proto = r.path("protocol").asText(null);
    return Optional.of(
        new KernelRoute(
            dst,
            r.path("gateway").asText(null),
            r.path("dev").asText(null),
            table,
            hasFlag(r.path("flags"), "onlink"),
            KernelRoute.JKOPS_PROTOCOL.equals(proto) ? proto : null));
  }

  /** A policy routing rule: packets arriving on {@code iif} look up {@code table} first. */
  public void addRule(int pref, String iif, int table) {
    rule("add", "add", pref, iif, table);
  }

  /** Removes the rule {@link #addRule} made with the same arguments. */
  public void deleteRule(int pref, String iif, int table) {
    rule("delete", "del", pref, iif, table);
  }

  /** {@code ip rule add|del}: both name the rule by its pref, iif and table, so they match. */
  private void rule(String what, String verb, int pref, String iif, int table) {
    ip(
        what + " rule iif " + iif + " lookup " + table + " in " + ns,
        "rule",
        verb,
        "pref",
        Integer.toString(pref),
        "iif",
        InterfaceName.require(iif),
        "lookup",
        Integer.toString(table));
  }

  /** Policy rules as {@code pref -> "iif X lookup T"}, only those jkops adds (with an iif). */
  public List<String> rules() {
    List<String> out = new ArrayList<>();
    for (JsonNode r : json("list rules in " + ns, "-4", "rule", "show")) {
      if (r.has("iif")) {
        out.add(
            r.path("priority").asInt()
                + " iif "
                + r.path("iif").asText()
                + " lookup "
                + r.path("table").asText());
      }
    }
    return out;
  }

  public void replaceNeighbour(String address, String mac, String dev) {
    ip(
        "add neighbour " + address + " on " + dev + " in " + ns,
        "neigh",
        "replace",
        address,
        "lladdr",
        mac,
        "dev",
        InterfaceName.require(dev),
        "nud",
        "permanent");
  }

  public void deleteNeighbour(String address, String dev) {
    CommandResult r =
        runner.run(
            ipCommand(
                "delete neighbour " + address + " in " + ns,
                List.of("neigh", "del", address, "dev", InterfaceName.require(dev))));
    if (!r.ok() && !r.stderr().contains("No such file") && !r.stderr().contains("Cannot find")) {
      r.orThrow();
    }
  }

  /** Permanent neighbour entries on {@code dev} as {@code address lladdr mac}. */
  public List<String> neighbours(String dev) {
    List<String> out = new ArrayList<>();
    for (JsonNode n :
        json(
            "list neighbours of " + dev + " in " + ns,
            "-4",
            "neigh",
            "show",
            "dev",
            InterfaceName.require(dev),
            "nud",
            "permanent")) {
      out.add(n.path("dst").asText() + " lladdr " + n.path("lladdr").asText());
    }
    return out;
  }

  /**
   * A static forwarding entry: frames for {@code mac} on VXLAN {@code dev} go to {@code remote}.
   */
  public void appendFdb(String mac, String dev, String remote) {
    runner.check(
        Command.of(
            "add FDB entry " + mac + " -> " + remote + " on " + dev + " in " + ns,
            List.of(
                "bridge",
                "-n",
                ns,
                "fdb",
                "append",
                mac,
                "dev",
                InterfaceName.require(dev),
                "dst",
                remote)));
  }

  public void deleteFdb(String mac, String dev, String remote) {
    CommandResult r =
        runner.run(
            Command.of(
                "delete FDB entry " + mac + " on " + dev + " in " + ns,
                List.of(
                    "bridge",
                    "-n",
                    ns,
                    "fdb",
                    "del",
                    mac,
                    "dev",
                    InterfaceName.require(dev),
                    "dst",
                    remote)));
    if (!r.ok() && !r.stderr().contains("No such file")) {
      r.orThrow();
    }
  }

  /** FDB entries on {@code dev} as {@code mac dst remote}. */
  public List<String> fdb(String dev) {
    CommandResult r =
        runner.check(
            Command.of(
                "list FDB of " + dev + " in " + ns,
                List.of("bridge", "-n", ns, "fdb", "show", "dev", InterfaceName.require(dev))));
    return r.stdout()
        .lines()
        .filter(l -> l.contains(" dst "))
        .map(
            l -> {
              String[] f = l.trim().split("\\s+");
              return f[0] + " dst " + f[java.util.Arrays.asList(f).indexOf("dst") + 1];
            })
        .toList();
  }

  /** Runs many {@code bridge} commands in one process ({@code bridge -n NS -batch -}). */
  public void bridgeBatch(String purpose, List<String> lines) {
    if (!lines.isEmpty()) {
      CommandResult r =
          runner.run(
              Command.of(purpose + " in " + ns, List.of("bridge", "-n", ns, "-batch", "-"))
                  .withStdin(String.join("\n", lines) + "\n"));
      if (!r.ok()) {
        throw BatchFailure.of(r, lines);
      }
    }
  }

  /** Writes a sysctl inside the namespace, e.g. {@code net.ipv4.ip_forward=1}. */
  public void sysctl(String key, String value) {
    runner.check(
        Command.of(
            "set " + key + "=" + value + " in " + ns,
            List.of("ip", "netns", "exec", ns, "sysctl", "-qw", key + "=" + value)));
  }

  /**
   * Writes several sysctls inside the namespace in one process, e.g. {@code net.ipv4.ip_forward=1}.
   */
  public void sysctls(String purpose, List<String> keyValues) {
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns, "sysctl", "-qw"));
    argv.addAll(checkedSysctls(keyValues));
    runner.check(Command.of(purpose + " in " + ns, argv));
  }

  /**
   * {@code keyValues} when each is a plain {@code key=value} (no spaces, quotes or shell
   * characters, so it is one argument on a command line and in an {@code ip -batch} line); throws
   * otherwise.
   */
  static List<String> checkedSysctls(List<String> keyValues) {
    if (keyValues.isEmpty()) {
      throw new IllegalArgumentException("no sysctl to write");
    }
    for (String kv : keyValues) {
      if (!kv.matches("[a-z0-9_.]+=[A-Za-z0-9_.-]+")) {
        throw new IllegalArgumentException("not a sysctl key=value: " + kv);
      }
    }
    return List.copyOf(keyValues);
  }

  /**
   * Makes or finishes a bridge in one process ({@code ip -batch}): makes it (at {@code makeMtu},
   * with the fixed {@code mac}, then at {@code mtuIfMade} when that is above zero), labels it,
   * gives it its address and brings it up. The same changes as {@link #addBridge(String, int,
   * String)}, {@link #setMtu}, {@link #setAlias}, {@link #addAddress} and {@link #setUp} one after
   * another.
   *
   * <p>The bridge is not listed first: the batch starts with its {@code link add}, and when that
   * first line finds it there ("File exists", left by a run killed part way, and then nothing of
   * the batch ran), a second batch finishes the bridge found, at {@code mtuIfFound} when that is
   * above zero. One process in the usual case instead of two.
   */
  public void finishBridge(
      String name,
      int makeMtu,
      String mac,
      int mtuIfMade,
      int mtuIfFound,
      String alias,
      String cidr) {
    Optional<KernelException> failed =
        finishBridges(List.of(new Bridge(name, makeMtu, mac, mtuIfMade, mtuIfFound, alias, cidr)))
            .get(0);
    if (failed.isPresent()) {
      throw failed.get();
    }
  }

  /** What {@link #finishBridge} takes, for {@link #finishBridges}. */
  public record Bridge(
      String name,
      int makeMtu,
      String mac,
      int mtuIfMade,
      int mtuIfFound,
      String alias,
      String cidr) {}

  /**
   * As {@link #finishBridge} for several bridges handed over at once, each with its own outcome, in
   * order: the usual case (none there yet) is one process for all of them ({@link #batches}).
   */
  public List<Optional<KernelException>> finishBridges(List<Bridge> bridges) {
    List<Optional<KernelException>> out = new ArrayList<>();
    List<Integer> batched = new ArrayList<>();
    List<Lines> made = new ArrayList<>();
    for (int k = 0; k < bridges.size(); k++) {
      Bridge b = bridges.get(k);
      try {
        made.add(new Lines("finish bridge " + b.name(), bridgeLines(b, true)));
        batched.add(k);
        out.add(Optional.empty());
      } catch (KernelException e) {
        out.add(Optional.of(e));
      }
    }
    List<CommandResult> results = runBatches(made);
    for (int n = 0; n < batched.size(); n++) {
      CommandResult r = results.get(n);
      if (r.ok()) {
        continue;
      }
      int k = batched.get(n);
      if (!BatchFailure.foundAtFirstLine(r)) {
        out.set(k, Optional.of(failure(r, made.get(n).lines())));
        continue;
      }
      // found there (a run killed part way left it), and nothing of its lines ran: finish it
      try {
        batch(made.get(n).purpose(), bridgeLines(bridges.get(k), false));
      } catch (KernelException e) {
        out.set(k, Optional.of(e));
      }
    }
    return out;
  }

  /** The lines that make the bridge ({@code made}) or finish the one found there. */
  private static List<String> bridgeLines(Bridge b, boolean made) {
    String bridge = InterfaceName.require(b.name());
    if (b.alias().contains("\"") || b.alias().contains("\\") || b.alias().contains("\n")) {
      throw new KernelException(
          "the label of "
              + bridge
              + " may not contain quotes, backslashes or newlines: "
              + b.alias());
    }
    if (!b.cidr().matches("[0-9A-Fa-f:.]+/[0-9]{1,3}")) {
      throw new KernelException("not an address with a prefix length: " + b.cidr());
    }
    List<String> lines = new ArrayList<>();
    if (made) {
      lines.add(
          "link add "
              + bridge
              + " address "
              + StableMac.require(b.mac())
              + " mtu "
              + b.makeMtu()
              + " type bridge");
    }
    int mtu = made ? b.mtuIfMade() : b.mtuIfFound();
    if (mtu > 0) {
      lines.add("link set " + bridge + " mtu " + mtu);
    }
    lines.add("link set " + bridge + " alias \"" + b.alias() + "\"");
    lines.add("addr replace " + b.cidr() + " dev " + bridge);
    lines.add("link set " + bridge + " up");
    return lines;
  }

  /**
   * Runs many {@code ip} commands in one process ({@code ip -n NS -batch -}): one line each. ip
   * stops at the first line that fails; the error names that line.
   */
  public void batch(String purpose, List<String> lines) {
    if (!lines.isEmpty()) {
      CommandResult r = runBatch(purpose, lines);
      if (!r.ok()) {
        throw BatchFailure.of(r, lines);
      }
    }
  }

  /** One change's lines for {@link #batches}: what {@link #batch} takes. */
  public record Lines(String purpose, List<String> lines) {
    public Lines {
      lines = List.copyOf(lines);
    }
  }

  /**
   * Several changes' batches handed over at once, each with its own outcome, in order (empty: its
   * lines all ran; else what {@link #batch} would have thrown for it): with the namespace's queue
   * they go in one process unless a line fails, and then the changes before it are done, the one it
   * belongs to failed, and those after it run in the next process ({@link BatchQueue#runAll});
   * without one, one process after another.
   */
  public List<Optional<KernelException>> batches(List<Lines> each) {
    List<CommandResult> results = runBatches(each);
    List<Optional<KernelException>> out = new ArrayList<>();
    for (int i = 0; i < each.size(); i++) {
      CommandResult r = results.get(i);
      out.add(r.ok() ? Optional.empty() : Optional.of(failure(r, each.get(i).lines())));
    }
    return out;
  }

  /** Each change's batch result, run as {@link #batches} says. */
  private List<CommandResult> runBatches(List<Lines> each) {
    List<BatchQueue.Submission> submissions = new ArrayList<>();
    for (Lines l : each) {
      Command own = batchCommand(l.purpose(), l.lines());
      submissions.add(new BatchQueue.Submission(own, own, l.lines()));
    }
    if (queue == null) {
      return submissions.stream().map(q -> runner.run(q.alone())).toList();
    }
    return submissions.isEmpty() ? List.of() : queue.runAll(submissions);
  }

  /** A failed batch result as the exception {@link #batch} throws. */
  private static KernelException failure(CommandResult r, List<String> lines) {
    return r.exitCode() == BatchQueue.NOT_RUN_INTERRUPTED
        ? new KernelException(r.stderr())
        : BatchFailure.of(r, lines);
  }

  /** Runs the lines as one batch, with other callers' when they come at once (the queue). */
  private CommandResult runBatch(String purpose, List<String> lines) {
    Command own = batchCommand(purpose, lines);
    return queue == null ? runner.run(own) : queue.run(own, own, lines);
  }

  private Command batchCommand(String purpose, List<String> lines) {
    return Command.of(purpose + " in " + ns, List.of("ip", "-n", ns, "-batch", "-"))
        .withStdin(String.join("\n", lines) + "\n");
  }

  /** The line that puts a namespace's loopback up, for a caller's own batch. */
  public static final String LOOPBACK_UP = "link set lo up";

  /**
   * Policy routing rules in one process: packets arriving on each of {@code iifs} look up {@code
   * table} first ({@link #addRule} for each).
   */
  public void addRules(String purpose, int pref, List<String> iifs, int table) {
    List<String> lines = new ArrayList<>();
    for (String iif : iifs) {
      lines.add(
          "rule add pref " + pref + " iif " + InterfaceName.require(iif) + " lookup " + table);
    }
    batch(purpose, lines);
  }

  /**
   * Runs a program inside the namespace; the caller reads the result (a failed ping is an answer).
   */
  public CommandResult exec(String purpose, Duration timeout, String... argv) {
    List<String> a = concat(List.of("ip", "netns", "exec", ns), List.of(argv));
    return runner.run(Command.of(purpose, a).withTimeout(timeout));
  }

  /**
   * Runs a program inside the namespace with its output written to {@code out} and {@code err} as
   * it comes and {@code stdin} (or nothing, when null) as its input; returns its exit code. A
   * timeout of zero waits for as long as it runs. See {@link StreamingExec} for how it is stopped.
   */
  public int execStreaming(
      String purpose,
      Duration timeout,
      java.io.InputStream stdin,
      java.io.Writer out,
      java.io.Writer err,
      List<String> argv) {
    return StreamingExec.run(
        purpose, concat(List.of("ip", "netns", "exec", ns), argv), timeout, stdin, out, err);
  }

  private void ip(String purpose, String... args) {
    ip(purpose, List.of(args));
  }

  private void ip(String purpose, List<String> args) {
    runner.check(ipCommand(purpose, args));
  }

  private Command ipCommand(String purpose, List<String> args) {
    return Command.of(purpose, concat(List.of("ip", "-n", ns), args));
  }

  private JsonNode json(String purpose, String... args) {
    return parse(
        purpose, runner.check(ipCommand(purpose, concat(List.of("-j"), List.of(args)))).stdout());
  }

  private static JsonNode parse(String purpose, String out) {
    try {
      return out.isBlank() ? JsonNodeFactory.instance.arrayNode() : JsonTrees.read(out);
    } catch (IOException e) {
      throw new KernelException(
          "could not " + purpose + ": ip printed JSON jkops cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * Whether ip's {@code flags} array (e.g. ["BROADCAST","UP","LOWER_UP"]) holds {@code flag}; read
   * element by element, since a node's toString() builds databind's own mapper on first use.
   */
  static boolean hasFlag(JsonNode flags, String flag) {
    for (JsonNode f : flags) {
      if (flag.equals(f.asText())) {
        return true;
      }
    }
    return false;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }
}
