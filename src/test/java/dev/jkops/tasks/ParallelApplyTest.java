package dev.jkops.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The engine's apply with more than one change at a time: order, failures and what it reports. */
class ParallelApplyTest {

  record Thing(String kind, String name, Set<ResourceId> dependsOn, Set<String> every)
      implements Resource {
    Thing(String kind, String name, ResourceId... deps) {
      this(kind, name, Set.of(deps), Set.of());
    }

    @Override
    public ResourceId id() {
      return new ResourceId(kind, name);
    }

    @Override
    public Set<String> dependsOnEvery() {
      return every;
    }

    @Override
    public SortedMap<String, String> attributes() {
      return new TreeMap<>(Map.of("name", name));
    }
  }

  static ResourceId id(String kind, String name) {
    return new ResourceId(kind, name);
  }

  /**
   * A cloud safe to call from several threads that refuses to create a resource before what it
   * depends on exists, or to delete one while something that depends on it still exists.
   */
  static class StrictCloud implements Target<Thing> {
    final Map<ResourceId, Thing> live = new ConcurrentHashMap<>();
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());

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
      for (String kind : d.dependsOnEvery()) {
        // the test's desired sets hold three of each kind named "every"
        long have = live.keySet().stream().filter(i -> i.kind().equals(kind)).count();
        if (have < 3) {
          throw new IllegalStateException("only " + have + " of kind " + kind + " exist yet");
        }
      }
      calls.add("create " + d.id());
      live.put(d.id(), d);
    }

    @Override
    public void update(Thing l, Thing d, List<Change> changes) {
      calls.add("update " + d.id());
      live.put(d.id(), d);
    }

    @Override
    public void delete(Thing l) {
      for (Thing other : live.values()) {
        if (other.dependsOn().contains(l.id()) || other.dependsOnEvery().contains(l.id().kind())) {
          throw new IllegalStateException(other.id() + " still depends on " + l.id());
        }
      }
      calls.add("delete " + l.id());
      live.remove(l.id());
    }
  }

  /** A VPC, three subnets on it, an instance on each subnet, a route table after every subnet. */
  static List<Thing> cluster() {
    List<Thing> out = new ArrayList<>();
    out.add(new Thing("VPC", "v"));
    for (String z : List.of("a", "b", "c")) {
      out.add(new Thing("Subnet", z, id("VPC", "v")));
      out.add(new Thing("Instance", z, id("Subnet", z)));
    }
    out.add(new Thing("RouteTable", "main", Set.of(id("VPC", "v")), Set.of("Subnet")));
    return out;
  }

  @Test
  void createsEachResourceAfterWhatItDependsOnAndASecondRunChangesNothing() {
    StrictCloud cloud = new StrictCloud();
    Plan<Thing> plan = Engine.converge(cluster(), cloud, ProgressListener.NONE, 4);
    assertThat(plan.creates()).hasSize(8);
    assertThat(cloud.live).hasSize(8);
    assertThat(Engine.plan(cluster(), cloud, 4).isEmpty()).isTrue();
  }

  @Test
  void independentChangesRunAtTheSameTime() throws InterruptedException {
    // each of two unrelated creates waits for the other to have started: one at a time, neither
    // would ever see the other, and both would give up
    CountDownLatch bothStarted = new CountDownLatch(2);
    List<Boolean> sawTheOther = Collections.synchronizedList(new ArrayList<>());
    StrictCloud cloud =
        new StrictCloud() {
          @Override
          public void create(Thing d) {
            bothStarted.countDown();
            try {
              sawTheOther.add(bothStarted.await(20, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            super.create(d);
          }
        };
    Engine.converge(List.of(new Thing("Subnet", "a"), new Thing("Subnet", "b")), cloud, e -> {}, 2);
    assertThat(sawTheOther).containsExactly(true, true);
  }

  @Test
  void eventsComeOnTheCallingThreadNumberedInTheOrderTheyHappen() {
    Thread caller = Thread.currentThread();
    List<String> events = new ArrayList<>();
    Engine.converge(
        cluster(),
        new StrictCloud(),
        e -> {
          assertThat(Thread.currentThread()).isSameAs(caller);
          if (e instanceof ProgressListener.Finished f) {
            events.add(f.index() + "/" + f.total());
          }
        },
        4);
    assertThat(events).containsExactly("1/8", "2/8", "3/8", "4/8", "5/8", "6/8", "7/8", "8/8");
  }

  @Test
  void aFailureStopsWhatDependsOnItWithTheSameMessageAndReportsWhatFinished() {
    StrictCloud cloud =
        new StrictCloud() {
          @Override
          public void create(Thing d) {
            if (d.id().equals(id("Subnet", "b"))) {
              throw new IllegalStateException("address range taken");
            }
            super.create(d);
          }
        };
    List<ResourceId> finished = Collections.synchronizedList(new ArrayList<>());
    assertThatThrownBy(() -> Engine.converge(cluster(), cloud, recordingFinished(finished), 4))
        .isInstanceOf(TaskException.class)
        .hasMessage(
            "creating Subnet/b failed: address range taken; nothing after it was changed, and"
                + " rerunning the command continues from here");
    // what depends on the failed subnet never started: its instance, and the route table that
    // comes after every subnet
    assertThat(cloud.live).doesNotContainKeys(id("Instance", "b"), id("RouteTable", "main"));
    // everything that was made was reported finished
    assertThat(finished).containsExactlyInAnyOrderElementsOf(cloud.live.keySet());
    // and the rerun makes the rest
    StrictCloud healed = new StrictCloud();
    healed.live.putAll(cloud.live);
    Engine.converge(cluster(), healed, ProgressListener.NONE, 4);
    assertThat(healed.live).hasSize(8);
  }

  @Test
  void aTaskExceptionFromTheTargetPassesThroughAsItIs() {
    StrictCloud cloud =
        new StrictCloud() {
          @Override
          public void create(Thing d) {
            throw new TaskException("quota of route tables reached (5)");
          }
        };
    assertThatThrownBy(() -> Engine.converge(List.of(new Thing("VPC", "v")), cloud, e -> {}, 4))
        .hasMessage("quota of route tables reached (5)");
  }

  @Test
  void deletesWhatDependsOnAResourceBeforeIt() {
    StrictCloud cloud = new StrictCloud();
    Engine.converge(cluster(), cloud, ProgressListener.NONE, 4);
    Plan<Thing> plan = Engine.converge(List.of(), cloud, ProgressListener.NONE, 4);
    assertThat(plan.deletes()).hasSize(8);
    assertThat(cloud.live).isEmpty();
    List<String> deletes = List.copyOf(cloud.calls).subList(8, 16);
    assertThat(deletes.indexOf("delete VPC/v"))
        .isGreaterThan(deletes.indexOf("delete Subnet/a"))
        .isGreaterThan(deletes.indexOf("delete RouteTable/main"));
    assertThat(deletes.indexOf("delete Subnet/c"))
        .isGreaterThan(deletes.indexOf("delete Instance/c"));
  }

  @Test
  void createsAndModifiesAllFinishBeforeAnyDelete() {
    StrictCloud cloud = new StrictCloud();
    cloud.live.put(id("Old", "x"), new Thing("Old", "x"));
    Engine.converge(cluster(), cloud, ProgressListener.NONE, 4);
    assertThat(cloud.calls.get(cloud.calls.size() - 1)).isEqualTo("delete Old/x");
  }

  /**
   * A cloud that makes the creates of {@code kinds} together: it records each group handed over,
   * makes the whole group, then tells every outcome (the failing name fails on its own).
   */
  static class TogetherCloud extends StrictCloud {
    final Set<String> kinds;
    final String failing;
    final List<List<String>> groups = Collections.synchronizedList(new ArrayList<>());

    TogetherCloud(Set<String> kinds, String failing) {
      this.kinds = kinds;
      this.failing = failing;
    }

    @Override
    public boolean appliesTogether(Action<Thing> change) {
      return change instanceof Action.Create && kinds.contains(change.id().kind());
    }

    @Override
    public void applyTogether(List<Action<Thing>> changes, Outcomes outcomes) {
      groups.add(changes.stream().map(a -> a.id().toString()).toList());
      List<Optional<RuntimeException>> results = new ArrayList<>();
      for (Action<Thing> a : changes) {
        try {
          if (a.id().toString().equals(failing)) {
            throw new IllegalStateException("address range taken");
          }
          create(((Action.Create<Thing>) a).desired());
          results.add(Optional.empty());
        } catch (RuntimeException e) {
          results.add(Optional.of(e));
        }
      }
      for (int i = 0; i < changes.size(); i++) {
        outcomes.done(i, results.get(i));
      }
    }
  }

  @Test
  void readyChangesOfAKindTheTargetAppliesTogetherAreHandedOverInOneCall() {
    TogetherCloud cloud = new TogetherCloud(Set.of("Subnet"), "");
    List<String> finished = Collections.synchronizedList(new ArrayList<>());
    Engine.converge(
        cluster(),
        cloud,
        e -> {
          if (e instanceof ProgressListener.Finished f) {
            finished.add(f.action().id().toString());
          }
        },
        4);
    // the three subnets were ready at one moment (when the VPC was made): one call
    assertThat(cloud.groups).containsExactly(List.of("Subnet/a", "Subnet/b", "Subnet/c"));
    assertThat(cloud.live).hasSize(8);
    // each change of the group is reported finished on its own, and what depends on it ran after
    assertThat(finished).hasSize(8).contains("Subnet/a", "Subnet/b", "Subnet/c");
    assertThat(finished.indexOf("Instance/b")).isGreaterThan(finished.indexOf("Subnet/b"));
    assertThat(Engine.plan(cluster(), cloud, 4).isEmpty()).isTrue();
  }

  @Test
  void aFailureInAGroupIsReportedForThatChangeAloneAndTheOthersAreAppliedAndReported() {
    TogetherCloud cloud = new TogetherCloud(Set.of("Subnet"), "Subnet/b");
    List<ResourceId> finished = Collections.synchronizedList(new ArrayList<>());
    assertThatThrownBy(() -> Engine.converge(cluster(), cloud, recordingFinished(finished), 4))
        .isInstanceOf(TaskException.class)
        .hasMessage(
            "creating Subnet/b failed: address range taken; nothing after it was changed, and"
                + " rerunning the command continues from here");
    // the failing subnet's group mates were made and reported; nothing made went unreported
    assertThat(cloud.live).containsKeys(id("Subnet", "a"), id("Subnet", "c"));
    assertThat(cloud.live).doesNotContainKeys(id("Subnet", "b"), id("Instance", "b"));
    assertThat(finished).containsExactlyInAnyOrderElementsOf(cloud.live.keySet());
    // and the rerun makes the rest
    StrictCloud healed = new StrictCloud();
    healed.live.putAll(cloud.live);
    Engine.converge(cluster(), healed, ProgressListener.NONE, 4);
    assertThat(healed.live).hasSize(8);
  }

  @Test
  void aChangeTheTargetSaysNothingOfIsReportedFailedNotLeftHanging() {
    TogetherCloud cloud =
        new TogetherCloud(Set.of("Subnet"), "") {
          @Override
          public void applyTogether(List<Action<Thing>> changes, Outcomes outcomes) {
            // makes all three, tells of the first only
            for (Action<Thing> a : changes) {
              create(((Action.Create<Thing>) a).desired());
            }
            outcomes.done(0, Optional.empty());
          }
        };
    assertThatThrownBy(() -> Engine.converge(cluster(), cloud, ProgressListener.NONE, 4))
        .isInstanceOf(TaskException.class)
        .hasMessageStartingWith("creating Subnet/b failed: the target returned without saying")
        .hasMessageEndingWith("rerunning the command continues from here");
    // a rerun finds what was made and finishes the rest
    StrictCloud healed = new StrictCloud();
    healed.live.putAll(cloud.live);
    Engine.converge(cluster(), healed, ProgressListener.NONE, 4);
    assertThat(healed.live).hasSize(8);
  }

  @Test
  void aTargetThatAppliesNothingTogetherGetsEveryChangeAlone() {
    List<Integer> together = Collections.synchronizedList(new ArrayList<>());
    StrictCloud cloud =
        new StrictCloud() {
          @Override
          public void applyTogether(List<Action<Thing>> changes, Outcomes outcomes) {
            together.add(changes.size());
            super.applyTogether(changes, outcomes);
          }
        };
    Engine.converge(cluster(), cloud, ProgressListener.NONE, 4);
    assertThat(together).isEmpty();
    assertThat(cloud.live).hasSize(8);
  }

  @Test
  void theDefaultApplyTogetherAppliesEachOnItsOwnWithItsOwnOutcome() {
    StrictCloud cloud = new StrictCloud();
    List<String> told = new ArrayList<>();
    cloud.applyTogether(
        List.of(
            new Action.Create<>(new Thing("Subnet", "a")),
            new Action.Create<>(new Thing("Instance", "x", id("Subnet", "missing"))),
            new Action.Create<>(new Thing("Subnet", "b"))),
        (i, failure) -> told.add(i + (failure.isPresent() ? " failed" : " applied")));
    assertThat(told).containsExactly("0 applied", "1 failed", "2 applied");
    assertThat(cloud.live).containsOnlyKeys(id("Subnet", "a"), id("Subnet", "b"));
  }

  /** A listener that notes every change reported finished, in the order they are reported. */
  private static ProgressListener recordingFinished(List<ResourceId> finished) {
    return e -> {
      if (e instanceof ProgressListener.Finished f) {
        finished.add(f.action().id());
      }
    };
  }
}
