package dev.jkops.cloud.local.handlers;

import dev.jkops.cloud.local.kernel.KernelException;
import dev.jkops.cloud.local.kernel.KernelRoute;
import dev.jkops.cloud.local.kernel.Link;
import dev.jkops.cloud.local.resources.RouteTable;
import dev.jkops.cloud.local.resources.Subnet;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Route tables: kernel tables in the VPC namespace plus one small file each under {@code
 * <runtime>/vpc/route-tables/} for what the kernel cannot hold (the table's name and quota).
 * Subnets are associated by {@code ip rule iif <bridge> lookup <table>}: by the bridge a packet
 * arrives on rather than its source address, since pod traffic carries pod addresses.
 */
public final class RouteTableHandler implements ResourceHandler<RouteTable> {
  private final LocalContext ctx;

  /** Counts this handler's changes to tables, so what VpcRouteHandler keeps of them goes stale. */
  private final java.util.concurrent.atomic.AtomicLong tableChanges =
      new java.util.concurrent.atomic.AtomicLong();

  public RouteTableHandler(LocalContext ctx) {
    this.ctx = ctx;
  }

  Path dir() {
    return ctx.names().runtimeDir().resolve("vpc").resolve("route-tables");
  }

  @Override
  public Optional<RouteTable> find(RouteTable desired) {
    return owned().stream().filter(t -> t.number() == desired.number()).findFirst();
  }

  @Override
  public List<RouteTable> owned() {
    if (!Files.isDirectory(dir()) || !ctx.vpcExists()) {
      return List.of();
    }
    Map<String, String> subnetOfBridge = new HashMap<>();
    for (Map.Entry<Link, Map<String, String>> e : ctx.labelledVpcLinks("subnet").entrySet()) {
      subnetOfBridge.put(e.getKey().name(), e.getValue().get("subnet"));
    }
    List<String> rules = ctx.vpc().rules();
    List<RouteTable> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir())) {
      // a hidden file is a write a killed run left half done (SafePaths.writeAtomically's
      // temporary)
      for (Path f :
          files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList()) {
        Properties p = read(f);
        int number = Integer.parseInt(p.getProperty("table"));
        List<String> subnets = new ArrayList<>();
        for (String rule : rules) {
          String[] w = rule.split(" ");
          if (w[3].equals("lookup") && w[4].equals(Integer.toString(number))) {
            subnets.add(subnetOfBridge.getOrDefault(w[2], w[2]));
          }
        }
        out.add(
            new RouteTable(
                ctx.names(),
                p.getProperty("name"),
                number,
                subnets,
                Integer.parseInt(p.getProperty("quota"))));
      }
    } catch (IOException e) {
      throw new KernelException(
          "could not read the route tables under " + dir() + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** How many times this handler made, changed or deleted a table. */
  long changes() {
    return tableChanges.get();
  }

  /** The quota of table {@code number}, as stored when the table was made. */
  int quotaOf(int number) {
    Path f = dir().resolve(number + ".properties");
    return Files.exists(f) ? Integer.parseInt(read(f).getProperty("quota")) : Integer.MAX_VALUE;
  }

  @Override
  public void create(RouteTable t) {
    write(t);
    tableChanges.incrementAndGet();
    // every subnet's rule in one process
    ctx.vpc()
        .addRules(
            "associate route table " + t.name() + " with its subnets",
            RouteTable.RULE_PRIORITY,
            t.subnets().stream().map(Subnet::bridgeOf).toList(),
            t.number());
  }

  @Override
  public void update(RouteTable live, RouteTable desired, List<dev.jkops.tasks.Change> changes) {
    write(desired);
    tableChanges.incrementAndGet();
    for (String s : live.subnets()) {
      if (!desired.subnets().contains(s)) {
        ctx.vpc().deleteRule(RouteTable.RULE_PRIORITY, Subnet.bridgeOf(s), live.number());
      }
    }
    for (String s : desired.subnets()) {
      if (!live.subnets().contains(s)) {
        ctx.vpc().addRule(RouteTable.RULE_PRIORITY, Subnet.bridgeOf(s), desired.number());
      }
    }
  }

  @Override
  public void delete(RouteTable live) {
    tableChanges.incrementAndGet();
    if (ctx.vpcExists()) {
      for (String s : live.subnets()) {
        ctx.vpc().deleteRule(RouteTable.RULE_PRIORITY, Subnet.bridgeOf(s), live.number());
      }
      for (KernelRoute r : ctx.vpc().routes(live.number())) {
        ctx.vpc().deleteRoute(r);
      }
    }
    try {
      Files.deleteIfExists(dir().resolve(live.number() + ".properties"));
    } catch (IOException e) {
      throw new KernelException(
          "could not delete route table " + live.name() + "'s file: " + e.getMessage(), e);
    }
  }

  private void write(RouteTable t) {
    try {
      dev.jkops.api.SafePaths.createPrivateDirs(dir());
      dev.jkops.api.SafePaths.writeAtomically(
          dir().resolve(t.number() + ".properties"),
          fileText(t).getBytes(java.nio.charset.StandardCharsets.UTF_8),
          dev.jkops.api.SafePaths.READABLE_FILE);
    } catch (IOException e) {
      throw new KernelException(
          "could not write route table " + t.name() + " under " + dir() + ": " + e.getMessage(), e);
    }
  }

  /**
   * A route table's file, as {@link Properties#load} reads it. Not {@link Properties#store}: its
   * date comment ({@code Date.toString()}) looks up the time zone's names and rules, and the JDK
   * looks for zone rule providers in every jar on the class path the first time: ~75 ms of CPU in
   * the first {@code update cluster --yes} (2026-12-07, docs/benchmarks.md).
   */
  static String fileText(RouteTable t) {
    return "# jkops local cloud route table (the kernel holds its routes and subnet rules)\n"
        + propertyLine("name", t.name())
        + propertyLine("table", Integer.toString(t.number()))
        + propertyLine("quota", Integer.toString(t.quota()));
  }

  /** {@code key=value}, escaped as {@link Properties#store(java.io.Writer, String)} escapes. */
  static String propertyLine(String key, String value) {
    return escaped(key, true) + "=" + escaped(value, false) + "\n";
  }

  private static String escaped(String s, boolean isKey) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\t' -> b.append("\\t");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\f' -> b.append("\\f");
        case '=', ':', '#', '!' -> b.append('\\').append(c);
        // a key's every space, and a value's leading one, would otherwise end or be trimmed
        case ' ' -> b.append(i == 0 || isKey ? "\\ " : " ");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static Properties read(Path f) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(f)) {
      p.load(r);
    } catch (IOException e) {
      throw new KernelException("could not read " + f + ": " + e.getMessage(), e);
    }
    return p;
  }
}
