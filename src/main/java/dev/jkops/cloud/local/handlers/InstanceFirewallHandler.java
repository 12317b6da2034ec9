package dev.jkops.cloud.local.handlers;

import dev.jkops.cloud.local.resources.InstanceFirewall;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies an instance's security group as table {@code inet jk-sg} in its namespace, replaced
 * atomically.
 */
public final class InstanceFirewallHandler implements ResourceHandler<InstanceFirewall> {
  private static final Pattern COMMENT =
      Pattern.compile("comment \"sg=(\\S+) rules=(\\d+) digest=(\\w+)\"");
  private final LocalContext ctx;

  public InstanceFirewallHandler(LocalContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Optional<InstanceFirewall> find(InstanceFirewall desired) {
    String ns = ctx.names().instanceNamespace(desired.instance());
    if (!ctx.kernel().netns().exists(ns)) {
      return Optional.empty();
    }
    return read(ns, desired.instance());
  }

  @Override
  public List<InstanceFirewall> owned() {
    List<InstanceFirewall> out = new ArrayList<>();
    for (String ns : ctx.instanceNamespaces()) {
      read(ns, ctx.instanceOf(ns)).ifPresent(out::add);
    }
    return out;
  }

  private Optional<InstanceFirewall> read(String ns, String instance) {
    if (!ctx.kernel().nft().hasTable(ns, "inet", InstanceFirewall.TABLE)) {
      return Optional.empty();
    }
    Matcher m = COMMENT.matcher(ctx.kernel().nft().list(ns, "inet", InstanceFirewall.TABLE));
    if (!m.find()) {
      return Optional.of(InstanceFirewall.live(ctx.names(), instance, "unknown", 0, "unknown"));
    }
    return Optional.of(
        InstanceFirewall.live(
            ctx.names(), instance, m.group(1), Integer.parseInt(m.group(2)), m.group(3)));
  }

  @Override
  public void create(InstanceFirewall f) {
    String t = InstanceFirewall.TABLE;
    String script =
        "table inet "
            + t
            + " {}\ndelete table inet "
            + t
            + "\ntable inet "
            + t
            + " {\n  comment \""
            + f.comment()
            + "\"\n"
            + f.ruleset()
            + "}\n";
    ctx.kernel()
        .nft()
        .apply(
            ctx.names().instanceNamespace(f.instance()),
            "apply security group " + f.securityGroup() + " to " + f.instance(),
            script);
  }

  @Override
  public void update(
      InstanceFirewall live, InstanceFirewall desired, List<dev.jkops.tasks.Change> c) {
    create(desired);
  }

  @Override
  public void delete(InstanceFirewall live) {
    String ns = ctx.names().instanceNamespace(live.instance());
    if (ctx.kernel().netns().exists(ns)) {
      ctx.kernel().nft().deleteTable(ns, "inet", InstanceFirewall.TABLE);
    }
  }
}
