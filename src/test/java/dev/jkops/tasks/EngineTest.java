package dev.jkops.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EngineTest {

  record Thing(String kind, String name, String cidr, Set<ResourceId> dependsOn)
      implements Resource {
    @Override
    public ResourceId id() {
      return new ResourceId(kind, name);
    }

    @Override
    public SortedMap<String, String> attributes() {
      return new TreeMap<>(Map.of("CIDR", cidr));
    }
  }

  /** A cloud kept in a map, recording the calls made to it. */
  static class MapCloud implements Target<Thing> {
    final Map<ResourceId, Thing> live = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();

    @Override
    public Optional<Thing> find(Thing desired) {
      return Optional.ofNullable(live.get(desired.id()));
    }

    @Override
    public List<Thing> owned() {
      return List.copyOf(live.values());
    }

    @Override
    public void create(Thing d) {
      for (ResourceId dep : d.dependsOn()) {
        if (!live.containsKey(dep)) {
          throw new IllegalStateException(dep + " does not exist yet");
        }
      }
      calls.add("create " + d.id());
      live.put(d.id(), d);
    }

    @Override
    public void update(Thing l, Thing d, List<Change> changes) {
      calls.add("update " + d.id() + " " + changes);
      live.put(d.id(), d);
    }

    @Override
    public void delete(Thing l) {
      boolean inUse = live.values().stream().anyMatch(t -> t.dependsOn().contains(l.id()));
      if (inUse) {
        throw new IllegalStateException("DependencyViolation: " + l.id() + " is still in use");
      }
      calls.add("delete " + l.id());
      live.remove(l.id());
    }
  }

  static final ResourceId VPC = new ResourceId("VPC", "c");
  final Thing vpc = new Thing("VPC", "c", "172.20.0.0/16", Set.of());
  final Thing subnetA = new Thing("Subnet", "a", "172.20.0.0/18", Set.of(VPC));
  final Thing subnetB = new Thing("Subnet", "b", "172.20.64.0/18", Set.of(VPC));

  @Test
  void createsInDependencyOrderAndASecondRunChangesNothing() {
    MapCloud cloud = new MapCloud();
    Engine.converge(List.of(subnetB, subnetA, vpc), cloud, ProgressListener.NONE);

    assertThat(cloud.calls).containsExactly("create VPC/c", "create Subnet/a", "create Subnet/b");
    Plan<Thing> again = Engine.plan(List.of(subnetB, subnetA, vpc), cloud);
    assertThat(again.isEmpty()).isTrue();
    assertThat(DryRun.render(again)).isEqualTo("No changes need to be applied\n");
  }

  @Test
  void dryRunShowsCreatesModifiesAndDeletesAsKopsDoes() {
    MapCloud cloud = new MapCloud();
    Engine.converge(List.of(vpc, subnetA, subnetB), cloud, ProgressListener.NONE);
    Thing changedA = new Thing("Subnet", "a", "172.20.0.0/19", Set.of(VPC));
    Thing subnetC = new Thing("Subnet", "c", "172.20.128.0/18", Set.of(VPC));

    Plan<Thing> plan = Engine.plan(List.of(vpc, changedA, subnetC), cloud);
    String text = DryRun.render(plan);

    assertThat(text).contains("Will create resources:\n  Subnet/c\n  \tCIDR\t172.20.128.0/18\n");
    assertThat(text)
        .contains(
            "Will modify resources:\n  Subnet/a\n  \tCIDR\t 172.20.0.0/18 -> 172.20.0.0/19\n");
    assertThat(text).contains("Will delete items:").contains("Subnet\tb");
    assertThat(text).endsWith("Must specify --yes to apply changes\n");
    assertThat(cloud.calls).hasSize(3); // planning changed nothing
  }

  @Test
  void deletesDependentsBeforeWhatTheyDependOn() {
    MapCloud cloud = new MapCloud();
    Engine.converge(List.of(vpc, subnetA, subnetB), cloud, ProgressListener.NONE);
    cloud.calls.clear();

    Engine.converge(List.of(), cloud, ProgressListener.NONE);

    assertThat(cloud.calls).containsExactly("delete Subnet/b", "delete Subnet/a", "delete VPC/c");
    assertThat(cloud.live).isEmpty();
  }

  @Test
  void aFailedStepNamesTheResourceAndStopsThere() {
    MapCloud cloud =
        new MapCloud() {
          @Override
          public void create(Thing d) {
            if (d.name().equals("a")) {
              throw new IllegalStateException("RouteLimitExceeded");
            }
            super.create(d);
          }
        };
    assertThatThrownBy(
            () -> Engine.converge(List.of(vpc, subnetA, subnetB), cloud, ProgressListener.NONE))
        .isInstanceOf(TaskException.class)
        .hasMessageContaining("creating Subnet/a failed: RouteLimitExceeded");
    assertThat(cloud.live).containsOnlyKeys(VPC);
  }

  @Test
  void refusesCyclesAndDuplicateIds() {
    Thing x = new Thing("X", "x", "1", Set.of(new ResourceId("Y", "y")));
    Thing y = new Thing("Y", "y", "1", Set.of(new ResourceId("X", "x")));
    assertThatThrownBy(() -> DependencyOrder.sort(List.of(x, y))).hasMessageContaining("cycle");
    assertThatThrownBy(() -> DependencyOrder.sort(List.of(vpc, vpc)))
        .hasMessageContaining("share the id VPC/c");
  }

  @Test
  void reportsProgressForEachChange() {
    MapCloud cloud = new MapCloud();
    List<String> events = new ArrayList<>();
    Engine.converge(
        List.of(vpc, subnetA),
        cloud,
        e -> events.add(e.getClass().getSimpleName() + " " + e.action().id()));
    assertThat(events)
        .containsExactly(
            "Starting VPC/c", "Finished VPC/c", "Starting Subnet/a", "Finished Subnet/a");
  }
}
