package dev.jkops.cloud.local.handlers;

import dev.jkops.cloud.local.kernel.InterfaceName;
import dev.jkops.cloud.local.kernel.KernelException;
import dev.jkops.cloud.local.kernel.KernelRoute;
import dev.jkops.cloud.local.kernel.Link;
import dev.jkops.cloud.local.kernel.NamespaceReading;
import dev.jkops.cloud.local.kernel.NetnsIp;
import dev.jkops.cloud.local.kernel.NetnsIpv6;
import dev.jkops.cloud.local.kernel.StableMac;
import dev.jkops.cloud.local.resources.LocalInstance;
import dev.jkops.cloud.local.resources.Subnet;
import dev.jkops.cloud.local.runtime.Parallel;
import dev.jkops.tasks.Change;
import dev.jkops.tasks.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Instances: a namespace each, eth0 a veth into the subnet's bridge; the VPC end is labelled {@code
 * jk instance=<name> group=.. role=.. subnet=.. address=..} so a later run can read it back.
 */
public final class InstanceHandler implements ResourceHandler<LocalInstance> {
  static final String ETH0 = "eth0";
  private static final Set<String> IN_PLACE =
      Set.of("sourceDestCheck", "routes", "mtu", "secondaryAddresses");

  private final LocalContext ctx;

  public InstanceHandler(LocalContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Reads only the desired instance: listing every instance per find made a rerun quadratic in the
   * node count.
   */
  @Override
  public Optional<LocalInstance> find(LocalInstance desired) {
    for (Map.Entry<Link, Map<String, String>> e : ctx.labelledVpcLinks("instance").entrySet()) {
      if (desired.name().equals(e.getValue().get("instance"))) {
        return read(e.getKey(), e.getValue());
      }
    }
    return Optional.empty();
  }

  /**
   * Every instance. The VPC's nftables tables (the source/dest checks) are listed once for all of
   * them, not once per instance, and instances are read {@value #READ_PARALLELISM} at a time: each
   * is four short processes in its own namespace, independent of the others, and reading them one
   * after another made every command that reads the cluster (validate, pods) wait seconds on 25
   * nodes.
   */
  @Override
  public List<LocalInstance> owned() {
    List<Map.Entry<Link, Map<String, String>>> ports =
        new ArrayList<>(ctx.labelledVpcLinks("instance").entrySet());
    if (ports.isEmpty()) {
      return List.of();
    }
    Set<String> vpcTables = Set.copyOf(ctx.kernel().nft().tables(ctx.names().vpcNamespace()));
    List<Optional<LocalInstance>> read =
        Parallel.map(
            ports,
            READ_PARALLELISM,
            "jkops-read-instances",
            e -> read(e.getKey(), e.getValue(), vpcTables),
            "reading the cluster",
            KernelException::new);
    List<LocalInstance> out = new ArrayList<>();
    read.forEach(i -> i.ifPresent(out::add));
    out.sort(Comparator.comparing(LocalInstance::name));
    return out;
  }

  /** Instances read at once by {@link #owned()}; bounded for a small machine. */
  static final int READ_PARALLELISM = 4;

  private Optional<LocalInstance> read(Link vpcPort, Map<String, String> a) {
    return read(vpcPort, a, Set.copyOf(ctx.kernel().nft().tables(ctx.names().vpcNamespace())));
  }

  private Optional<LocalInstance> read(Link vpcPort, Map<String, String> a, Set<String> vpcTables) {
    String name = a.get("instance");
    String ns = ctx.names().instanceNamespace(name);
    if (!ctx.kernel().netns().exists(ns)) {
      return Optional.empty();
    }
    NetnsIp ip = ctx.kernel().ip(ns);
    return Optional.of(
        read(
            vpcPort,
            a,
            vpcTables,
            ip,
            new Reads(
                () -> ip.link(ETH0),
                () -> Sysctls.isRouter(ip),
                () -> ip.addresses(ETH0),
                () -> ip.routes(0),
                () -> SecondaryAddresses.answered(ip))));
  }

  /**
   * The instance whose VPC port is {@code vpcPort} (labelled {@code label}), from one reading of
   * its namespace ({@link NamespaceReading}) instead of a process per fact: what {@code LocalNodes}
   * lists for every command that reads the nodes.
   */
  public LocalInstance read(
      Link vpcPort, Map<String, String> label, Set<String> vpcTables, NamespaceReading r) {
    return read(
        vpcPort,
        label,
        vpcTables,
        ctx.kernel().ip(r.namespace()),
        new Reads(
            () -> r.link(ETH0),
            r::routesIpv4,
            () -> r.addresses(ETH0),
            r::routes,
            () -> r.proxyArp(ETH0)));
  }

  /** What {@link #read} asks of an instance's namespace, live or from one reading. */
  private record Reads(
      Supplier<Optional<Link>> eth0,
      BooleanSupplier forwards,
      Supplier<List<String>> addresses,
      Supplier<List<KernelRoute>> routes,
      BooleanSupplier proxyArp) {}

  private LocalInstance read(
      Link vpcPort, Map<String, String> a, Set<String> vpcTables, NetnsIp ip, Reads reads) {
    String name = a.get("instance");
    // An instance whose creator was killed part way (eth0 without its address or still down, or
    // forwarding never turned on) reads back as having no address, so the next run rebuilds it.
    Optional<Link> eth0 = reads.eth0().get();
    boolean complete = eth0.isPresent() && eth0.get().up() && reads.forwards().getAsBoolean();
    List<String> addrs = complete ? reads.addresses().get() : List.of();
    List<String> ranges = new ArrayList<>();
    String router = "";
    for (KernelRoute r : reads.routes().get()) {
      if (r.via() != null && ETH0.equals(r.dev()) && r.protocol() == null) {
        ranges.add(r.destination());
        router = r.via();
      }
    }
    if (complete && addrs.isEmpty()) {
      // an instance of an IPv6-only subnet: its address and routes are IPv6 (asked for only when
      // eth0 has no IPv4 address, so reading an IPv4 instance costs what it did)
      NetnsIpv6 ip6 = new NetnsIpv6(ip);
      addrs = ip6.addresses(ETH0).stream().map(Ipv6Handlers::canonical).toList();
      for (KernelRoute r : ip6.gatewayRoutes()) {
        if (ETH0.equals(r.dev())) {
          ranges.add(Ipv6Handlers.canonical(r.destination()));
          router = Ipv6Handlers.canonical(r.via());
        }
      }
    }
    // Secondary ranges as its label records them, while eth0 still answers ARP for them.
    List<String> secondaries =
        complete && a.containsKey(SECONDARY_LABEL) && reads.proxyArp().getAsBoolean()
            ? List.of(a.get(SECONDARY_LABEL).split(","))
            : List.of();
    return new LocalInstance(
        ctx.names(),
        name,
        a.get("group"),
        a.get("role"),
        a.get("subnet"),
        addrs.isEmpty() ? "none" : addrs.get(0),
        router,
        ranges,
        vpcPort.mtu(),
        SourceDestCheck.isOn(vpcTables, vpcPort.name()),
        secondaries);
  }

  /** The VPC port label's key for the instance's secondary ranges (comma-separated). */
  static final String SECONDARY_LABEL = "secondary";

  private static Map<String, String> label(LocalInstance i) {
    Map<String, String> label = new LinkedHashMap<>();
    label.put("instance", i.name());
    label.put("group", i.instanceGroup());
    label.put("role", i.role());
    label.put("subnet", i.subnet());
    label.put("address", i.ip());
    if (!i.secondaryRanges().isEmpty()) {
      label.put(SECONDARY_LABEL, String.join(",", i.secondaryRanges()));
    }
    return label;
  }

  /**
   * Three processes for the whole instance (namespace with its sysctls, the VPC end, the instance
   * end with its loopback; plus the source/dest check when on): each {@code ip} change is one line
   * of an {@code ip -batch}.
   */
  @Override
  public void create(LocalInstance i) {
    createAsGroupOfOne(i);
  }

  @Override
  public boolean createsTogether() {
    return true;
  }

  /**
   * Instances handed over at once, in the steps {@link #create} takes for one, each step for all of
   * them together: their namespaces with their sysctls in one root {@code ip -batch}, their VPC
   * ports in one batch in the VPC (where, made one by one, each instance's port was a process of
   * its own unless others came while two ran), then each instance's own end, up to {@value
   * #FINISH_PARALLELISM} at once. An instance whose step fails stops there, as its own create would
   * have, and the others go on; each gets its own outcome.
   */
  @Override
  public void createTogether(List<LocalInstance> instances, Target.Outcomes outcomes) {
    List<Optional<RuntimeException>> out = new ArrayList<>();
    List<NetnsIp.Lines> attach = new ArrayList<>();
    for (LocalInstance i : instances) {
      try {
        attach.add(attachLines(i));
        out.add(Optional.empty());
      } catch (RuntimeException e) {
        attach.add(null);
        out.add(Optional.of(e));
      }
    }
    // the namespaces, with their sysctls; lo goes up in the batch inside, with eth0
    List<Integer> step = going(out);
    List<Optional<RuntimeException>> made =
        Sysctls.makeRouters(
            ctx.kernel().netns(),
            step.stream().map(k -> instances.get(k).namespace()).toList(),
            false);
    fail(out, step, made);
    for (int k : going(out)) {
      LocalInstance i = instances.get(k);
      if (i.isIpv6Only()) {
        // before eth0 exists: it comes up with IPv6 on, no router advertisements and no duplicate
        // address detection, so its address works at once (the control plane's etcd binds it
        // next)
        try {
          new NetnsIpv6(ctx.kernel().ip(i.namespace())).enable(true);
        } catch (RuntimeException e) {
          out.set(k, Optional.of(e));
        }
      }
    }
    // the VPC ends
    step = going(out);
    List<Optional<KernelException>> attached =
        ctx.vpc().batches(step.stream().map(attach::get).toList());
    for (int n = 0; n < step.size(); n++) {
      Optional<KernelException> e = attached.get(n);
      if (e.isEmpty()) {
        continue;
      }
      int k = step.get(n);
      LocalInstance i = instances.get(k);
      if (!e.get().getMessage().contains("File exists")) {
        out.set(k, Optional.of(e.get()));
        continue;
      }
      // Only the first line (the veth) can fail so, and then nothing of the instance's lines was
      // done: an end of the instance's old veth is still there. Deleting either end takes the
      // other with it.
      try {
        clearStaleVeth(i, ctx.kernel().ip(i.namespace()));
        ctx.vpc().batch(attach.get(k).purpose(), attach.get(k).lines());
      } catch (RuntimeException again) {
        out.set(k, Optional.of(again));
      }
    }
    // what failed so far is told now; each instance's own end, in its own namespace, is told as
    // it finishes (what depends on an instance, such as the control plane's etcd, starts then)
    Map<Integer, Optional<RuntimeException>> failed = new HashMap<>();
    for (int k = 0; k < out.size(); k++) {
      if (out.get(k).isPresent()) {
        failed.put(k, out.get(k));
      }
    }
    if (!failed.isEmpty()) {
      outcomes.done(failed);
    }
    Parallel.map(
        going(out),
        FINISH_PARALLELISM,
        "jkops-finish-instances",
        k -> {
          try {
            finishInside(instances.get(k));
            outcomes.done(k, Optional.empty());
          } catch (RuntimeException e) {
            outcomes.done(k, Optional.of(e));
          }
          return k;
        },
        "making instances",
        KernelException::new);
  }

  /**
   * How many instances handed over together finish their own ends at once: as many as the local
   * cloud's engine applies changes at once on a small machine, so a group takes no more of the
   * machine than the same instances made one by one did.
   */
  static final int FINISH_PARALLELISM = 8;

  /** The indexes of the instances whose every step so far succeeded. */
  private static List<Integer> going(List<Optional<RuntimeException>> out) {
    List<Integer> ok = new ArrayList<>();
    for (int k = 0; k < out.size(); k++) {
      if (out.get(k).isEmpty()) {
        ok.add(k);
      }
    }
    return ok;
  }

  /** Records the failures of a step that ran for the instances {@code step}. */
  private static void fail(
      List<Optional<RuntimeException>> out,
      List<Integer> step,
      List<Optional<RuntimeException>> results) {
    for (int n = 0; n < step.size(); n++) {
      if (results.get(n).isPresent()) {
        out.set(step.get(n), results.get(n));
      }
    }
  }

  /** The lines that make and label the instance's VPC end, its label checked first. */
  private NetnsIp.Lines attachLines(LocalInstance i) {
    String alias = LocalContext.alias(label(i));
    if (alias.contains("\"") || alias.contains("\n")) {
      throw new KernelException("instance label " + alias + " may not contain quotes or newlines");
    }
    int bytes = alias.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (bytes > MAX_LABEL_BYTES) {
      // the group's name is in the label twice: as the group and as the start of the instance's
      // name
      int shorter = (bytes - MAX_LABEL_BYTES + 1) / 2;
      throw new KernelException(
          "cannot make instance "
              + i.name()
              + ": the local cloud labels its VPC port with"
              + " its own and its instance group's names, "
              + bytes
              + " bytes here, and the kernel keeps at most "
              + MAX_LABEL_BYTES
              + " bytes of a label; rename instance group \""
              + i.instanceGroup()
              + "\" ("
              + i.instanceGroup().length()
              + " characters) to at most "
              + Math.max(1, i.instanceGroup().length() - shorter));
    }
    String port = InterfaceName.require(i.vpcPort());
    String mtu = Integer.toString(i.mtu());
    return new NetnsIp.Lines(
        "attach instance " + i.name() + " to subnet " + i.subnet(),
        List.of(
            // MACs from the address: a replacement answers where its predecessor did (see
            // StableMac)
            "link add "
                + port
                + " address "
                + StableMac.VPC_PORT.of(i.ip())
                + " mtu "
                + mtu
                + " type veth peer name "
                + ETH0
                + " address "
                + StableMac.INSTANCE.of(i.ip())
                + " mtu "
                + mtu
                + " netns "
                + i.namespace(),
            "link set " + port + " master " + InterfaceName.require(Subnet.bridgeOf(i.subnet())),
            "link set " + port + " alias \"" + alias + "\"",
            "link set " + port + " up"));
  }

  /** The instance's own end: loopback, address and routes, then its secondaries and check. */
  private void finishInside(LocalInstance i) {
    NetnsIp ip = ctx.kernel().ip(i.namespace());
    List<String> inside =
        new ArrayList<>(
            List.of(
                NetnsIp.LOOPBACK_UP,
                "addr replace " + i.address() + " dev " + ETH0 + (i.isIpv6Only() ? " nodad" : ""),
                "link set " + ETH0 + " up"));
    for (String range : i.vpcRanges()) {
      inside.add(
          "route replace "
              + String.join(" ", KernelRoute.via(range, i.router()).withDev(ETH0).args()));
    }
    ip.batch("address and route instance " + i.name(), inside);
    if (!i.secondaryRanges().isEmpty()) {
      SecondaryAddresses.answer(ip, i.name(), true);
    }
    if (i.sourceDestCheck()) {
      SourceDestCheck.turnOn(ctx, i.vpcPort(), i.name(), i.ip(), i.secondaryRanges());
    }
  }

  /**
   * Removes what is left of an instance's previous veth, by exact name: its VPC port, when its
   * namespace was deleted (the kernel frees a deleted namespace's devices in the background on
   * newer kernels, and never while a process, such as the instance's etcd member, still runs in
   * it), and its eth0, when the VPC namespace was the one deleted.
   */
  private void clearStaleVeth(LocalInstance i, NetnsIp instance) {
    ctx.vpc().deleteLinkIfPresent(i.vpcPort());
    instance.deleteLinkIfPresent(ETH0);
  }

  /** The longest ifalias the kernel keeps (IFALIASZ is 256 with its NUL). */
  static final int MAX_LABEL_BYTES = 255;

  @Override
  public void update(LocalInstance live, LocalInstance desired, List<Change> changes) {
    if (!changes.stream().allMatch(c -> IN_PLACE.contains(c.field()))) {
      delete(live);
      create(desired);
      return;
    }
    NetnsIp ip = ctx.kernel().ip(desired.namespace());
    if (live.mtu() != desired.mtu()) {
      ctx.vpc().setMtu(desired.vpcPort(), desired.mtu());
      ip.setMtu(ETH0, desired.mtu());
    }
    if (!live.routes().equals(desired.routes())) {
      for (String range : live.vpcRanges()) {
        ip.deleteRoute(KernelRoute.via(range, live.router()).withDev(ETH0));
      }
      for (String range : desired.vpcRanges()) {
        ip.replaceRoute(KernelRoute.via(range, desired.router()).withDev(ETH0));
      }
    }
    if (!live.secondaryRanges().equals(desired.secondaryRanges())) {
      ctx.vpc().setAlias(desired.vpcPort(), LocalContext.alias(label(desired)));
      SecondaryAddresses.answer(ip, desired.name(), !desired.secondaryRanges().isEmpty());
    }
    if (desired.sourceDestCheck()) {
      SourceDestCheck.turnOn(
          ctx, desired.vpcPort(), desired.name(), desired.ip(), desired.secondaryRanges());
    } else {
      SourceDestCheck.turnOff(ctx, desired.vpcPort());
    }
  }

  /**
   * Deletes the VPC end of the instance's veth (which takes eth0 with it at once; a deleted
   * namespace's devices go in the background, so the port would otherwise keep its name for a
   * while), the namespace, the VPC's check for it, and its runtime files.
   */
  @Override
  public void delete(LocalInstance live) {
    SourceDestCheck.turnOff(ctx, live.vpcPort());
    if (ctx.vpcExists()) {
      ctx.vpc().deleteLinkIfPresent(live.vpcPort());
    }
    ctx.kernel().netns().delete(live.namespace());
    deleteTree(ctx.names().nodeDir(live.name()));
  }

  /**
   * Deletes a node's dir without following a link (also a rolling-update's rebuild, before it
   * recreates it).
   */
  public static void deleteTree(Path dir) {
    try {
      dev.jkops.api.SafePaths.deleteTree(dir); // no link followed, inside or at the top
    } catch (IOException e) {
      throw new KernelException("could not delete " + dir + ": " + e.getMessage(), e);
    }
  }
}
