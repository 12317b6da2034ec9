package dev.jkops.cloud.local.design;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.Cidr;
import dev.jkops.api.ClusterBundle;
import dev.jkops.cloud.local.LocalTestClusters;
import dev.jkops.cloud.local.resources.InstanceFirewall;
import dev.jkops.cloud.local.resources.LocalResource;
import dev.jkops.cloud.local.resources.NodePeers;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.model.DataPlane;
import dev.jkops.model.FirewallRule;
import dev.jkops.model.Instance;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.Role;
import dev.jkops.model.ipam.IpamState;
import dev.jkops.tasks.Change;
import dev.jkops.tasks.Engine;
import dev.jkops.tasks.Plan;
import dev.jkops.tasks.ResourceId;
import dev.jkops.tasks.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each security group's members and each subnet's peers are one list shared by every instance, but
 * every namespace still gets its own complete copy when applied, and a change of one node reaches
 * exactly the instances whose rules or routes name it: planned against what the kernel gives back
 * (a ruleset's comment, a node's routes), so shared and read-back digests must agree.
 */
class SharedListsTest {
  static final String NAME = "shared.jkops.local";
  static final ClusterNames NAMES = ClusterNames.of(NAME, Path.of("/nonexistent"));

  static ClusterBundle cluster(String networking, int nodes) {
    return LocalTestClusters.twoZones(NAME, networking, "1.32.0", nodes);
  }

  static List<LocalResource> design(NetworkPlan plan, ClusterBundle b) {
    return LocalDesign.of(NAMES, plan, b.cluster().spec().subnetsOrEmpty()).resources();
  }

  @ParameterizedTest
  @ValueSource(strings = {"kubenet", "flannel", "calico", "romana", "weave"})
  void everyNamespaceGetsEveryMemberAndEveryOtherNodesRoute(String networking) {
    ClusterBundle b = cluster(networking, 5);
    NetworkPlan plan = NetworkPlanner.plan(b, IpamState.empty());
    List<LocalResource> desired = design(plan, b);
    for (InstanceFirewall f : kinds(desired, InstanceFirewall.class)) {
      Instance i = instance(plan, f.instance());
      for (FirewallRule r : plan.firewallRules()) {
        if (r.direction() == FirewallRule.Direction.INGRESS
            && r.toRole().orElse(null) == i.role()
            && r.cidr().isEmpty()) {
          assertThat(f.ruleset())
              .as("%s admits every member of %s", i.name(), r.fromRole())
              .contains("ip saddr { " + String.join(", ", members(plan, r.fromRole())) + " } ");
        }
      }
    }
    Map<String, NodePeers> peers =
        kinds(desired, NodePeers.class).stream()
            .collect(Collectors.toMap(NodePeers::instance, p -> p));
    for (Instance n : plan.instances()) {
      List<String> expected = expectedRoutes(plan, n);
      List<String> got =
          Optional.ofNullable(peers.get(n.name()))
              .map(p -> p.peers().stream().map(NodePeers.Peer::route).toList())
              .orElse(List.of());
      assertThat(got).as("%s's routes", n.name()).containsExactlyInAnyOrderElementsOf(expected);
      Optional.ofNullable(peers.get(n.name()))
          .ifPresent(p -> assertThat(p.routes()).isEqualTo(expected.size()));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"flannel", "calico", "romana"})
  void movingOneNodesPodRangeUpdatesExactlyTheInstancesThatNameIt(String networking) {
    ClusterBundle b = cluster(networking, 5);
    NetworkPlan before = NetworkPlanner.plan(b, IpamState.empty());
    KernelLike kernel = new KernelLike();
    Engine.converge(design(before, b), kernel, e -> {});
    assertThat(Engine.plan(design(before, b), kernel).isEmpty())
        .as("a rerun plans nothing")
        .isTrue();

    Instance moved =
        before.instances().stream()
            .filter(i -> i.role() == Role.NODE)
            .reduce((x, y) -> y)
            .orElseThrow();
    Map<String, Cidr> ranges = new LinkedHashMap<>(before.ipam().podRanges());
    ranges.put(moved.name(), Cidr.parse("100.127.250.0/24"));
    NetworkPlan after = NetworkPlanner.plan(b, new IpamState(ranges));
    assertThat(after.podRange(moved.name())).contains(Cidr.parse("100.127.250.0/24"));
    Plan<LocalResource> change = Engine.plan(design(after, b), kernel);

    assertThat(modified(change, InstanceFirewall.KIND)).isEqualTo(admitting(after, moved.role()));
    assertThat(modified(change, NodePeers.KIND)).isEqualTo(routeChanged(before, after));
    assertThat(modified(change, NodePeers.KIND)).doesNotContain(moved.name()).isNotEmpty();
    Engine.apply(change, kernel, e -> {});
    assertThat(Engine.plan(design(after, b), kernel).isEmpty())
        .as("a rerun after the change plans nothing")
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"flannel", "calico"})
  void addingANodeUpdatesEveryInstanceThatAdmitsOrRoutesToIt(String networking) {
    ClusterBundle small = cluster(networking, 4);
    NetworkPlan before = NetworkPlanner.plan(small, IpamState.empty());
    KernelLike kernel = new KernelLike();
    Engine.converge(design(before, small), kernel, e -> {});
    ClusterBundle grown = cluster(networking, 5);
    NetworkPlan after = NetworkPlanner.plan(grown, before.ipam());
    Instance added =
        after.instances().stream()
            .filter(i -> before.instances().stream().noneMatch(o -> o.name().equals(i.name())))
            .findFirst()
            .orElseThrow();
    Plan<LocalResource> change = Engine.plan(design(after, grown), kernel);

    Set<String> expectedFirewalls = admitting(after, added.role());
    expectedFirewalls.remove(added.name());
    assertThat(modified(change, InstanceFirewall.KIND)).isEqualTo(expectedFirewalls);
    assertThat(modified(change, NodePeers.KIND)).isEqualTo(routeChanged(before, after));
    assertThat(change.creates())
        .extracting(a -> a.id())
        .contains(
            new ResourceId(InstanceFirewall.KIND, added.name()),
            new ResourceId(NodePeers.KIND, added.name()));
    Engine.apply(change, kernel, e -> {});
    assertThat(Engine.plan(design(after, grown), kernel).isEmpty()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"calico", "flannel"})
  void thePreviewPrintsEachListOnceAndPerInstanceACountAndDigest(String networking) {
    ClusterBundle b = cluster(networking, 5);
    NetworkPlan plan = NetworkPlanner.plan(b, IpamState.empty());
    String text = SharedLists.dryRun(Engine.plan(design(plan, b), new KernelLike()));
    Instance node =
        plan.instances().stream().filter(i -> i.role() == Role.NODE).findFirst().orElseThrow();
    String range = plan.podRange(node.name()).orElseThrow() + " via ";
    Set<String> routesToNode =
        plan.instances().stream()
            .flatMap(i -> expectedRoutes(plan, i).stream())
            .filter(r -> r.startsWith(range))
            .collect(Collectors.toSet());
    assertThat(routesToNode).isNotEmpty();
    for (String route : routesToNode) {
      assertThat(count(text, route)).as("%s is printed once", route).isEqualTo(1);
    }
    assertThat(count(text, "SecurityGroupMembers/" + Role.NODE.securityGroup(NAME) + "\n"))
        .isEqualTo(1);
    assertThat(text)
        .contains(
            "  PodRoutes/" + node.name() + "\n",
            "\troutes    \t" + (plan.ipam().podRanges().size() - 1) + "\n")
        .contains("Shared lists (")
        .endsWith("Must specify --yes to apply changes\n");
  }

  // ---- what the kernel gets, per the old per-node design

  static List<String> members(NetworkPlan plan, Role role) {
    List<String> out = new ArrayList<>();
    for (Instance i : plan.instances()) {
      if (i.role() == role) {
        out.add(i.privateAddress());
        plan.podRange(i.name()).ifPresent(r -> out.add(r.toString()));
      }
    }
    return out;
  }

  static List<String> expectedRoutes(NetworkPlan plan, Instance n) {
    List<String> out = new ArrayList<>();
    if (plan.podRange(n.name()).isEmpty()) {
      return out;
    }
    for (Instance p : plan.instances()) {
      Optional<Cidr> r = plan.podRange(p.name());
      if (p == n || r.isEmpty()) {
        continue;
      }
      String overlay = r.get() + " via " + r.get().addressString(0) + " dev %s onlink";
      String direct = r.get() + " via " + p.privateAddress() + " dev eth0";
      DataPlane dp = plan.dataPlane();
      if (dp instanceof DataPlane.Vxlan v) {
        out.add(overlay.formatted(v.device()));
      } else if (dp instanceof DataPlane.CalicoRouted) {
        out.add(p.subnet().equals(n.subnet()) ? direct : overlay.formatted("vxlan.calico"));
      } else if (dp instanceof DataPlane.HostRoutes && p.subnet().equals(n.subnet())) {
        out.add(direct);
      }
    }
    return out;
  }

  static Set<String> routeChanged(NetworkPlan before, NetworkPlan after) {
    Set<String> out = new TreeSet<>();
    for (Instance n : after.instances()) {
      boolean existed = before.instances().stream().anyMatch(i -> i.name().equals(n.name()));
      List<String> was = existed ? expectedRoutes(before, instance(before, n.name())) : null;
      List<String> now = expectedRoutes(after, n);
      if (existed && !new TreeSet<>(was).equals(new TreeSet<>(now)) && !now.isEmpty()) {
        out.add(n.name());
      }
    }
    return out;
  }

  /**
   * Instances with a rule admitting {@code role}'s group: a change of one of its members changes
   * theirs.
   */
  static Set<String> admitting(NetworkPlan plan, Role role) {
    Set<Role> to =
        plan.firewallRules().stream()
            .filter(
                r ->
                    r.direction() == FirewallRule.Direction.INGRESS
                        && r.fromRole() == role
                        && r.cidr().isEmpty())
            .map(r -> r.toRole().orElseThrow())
            .collect(Collectors.toSet());
    return plan.instances().stream()
        .filter(i -> to.contains(i.role()))
        .map(Instance::name)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static Set<String> modified(Plan<LocalResource> plan, String kind) {
    return plan.modifies().stream()
        .filter(m -> m.id().kind().equals(kind))
        .map(m -> m.id().name())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static Instance instance(NetworkPlan plan, String name) {
    return plan.instances().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
  }

  static <T> List<T> kinds(Collection<LocalResource> rs, Class<T> kind) {
    return rs.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  /**
   * Keeps what the kernel would give back: a ruleset's comment (not its rules) and a node's routes
   * as one list of its own, as the handlers read them.
   */
  static final class KernelLike implements Target<LocalResource> {
    final Map<ResourceId, LocalResource> live = new HashMap<>();

    static LocalResource readBack(LocalResource r) {
      if (r instanceof InstanceFirewall f) {
        return InstanceFirewall.live(
            f.names(), f.instance(), f.securityGroup(), f.rules(), f.digest());
      } else if (r instanceof NodePeers p) {
        return new NodePeers(p.names(), p.instance(), p.peers());
      }
      return r;
    }

    @Override
    public Optional<LocalResource> find(LocalResource desired) {
      return Optional.ofNullable(live.get(desired.id()));
    }

    @Override
    public List<LocalResource> owned() {
      return List.copyOf(live.values());
    }

    @Override
    public void create(LocalResource desired) {
      live.put(desired.id(), readBack(desired));
    }

    @Override
    public void update(LocalResource l, LocalResource desired, List<Change> changes) {
      live.put(desired.id(), readBack(desired));
    }

    @Override
    public void delete(LocalResource l) {
      live.remove(l.id());
    }
  }
}
