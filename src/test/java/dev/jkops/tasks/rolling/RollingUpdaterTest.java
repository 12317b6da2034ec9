package dev.jkops.tasks.rolling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.RollingUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RollingUpdaterTest {

  /** A cloud of groups whose instances become current when replaced; records every call. */
  static final class FakeCloud implements InstanceReplacer {
    final Map<String, GroupRole> roles = new LinkedHashMap<>();
    final Map<String, List<String>> members = new LinkedHashMap<>();
    final Set<String> current = new java.util.HashSet<>();
    final Map<String, RollingUpdate> limits = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    int failValidations;
    String failReplaceOf;

    FakeCloud group(String name, GroupRole role, String... instances) {
      roles.put(name, role);
      members.put(name, List.of(instances));
      return this;
    }

    @Override
    public List<CloudGroup> groups() {
      List<CloudGroup> out = new ArrayList<>();
      roles.forEach(
          (g, role) -> {
            List<CloudInstance> is =
                members.get(g).stream()
                    .map(i -> new CloudInstance(i, g, !current.contains(i), true))
                    .toList();
            out.add(
                new CloudGroup(
                    g,
                    role,
                    is.size(),
                    is.size(),
                    is.size(),
                    is,
                    RollingLimits.resolve(null, limits.get(g), is.size(), role)));
          });
      return out;
    }

    @Override
    public void cordon(CloudInstance i) {
      calls.add("cordon " + i.id());
    }

    @Override
    public void drain(CloudInstance i) {
      calls.add("drain " + i.id());
    }

    @Override
    public void replace(CloudInstance i) {
      if (i.id().equals(failReplaceOf)) {
        failReplaceOf = null;
        throw new RollingUpdateException("interrupted while replacing " + i.id());
      }
      calls.add("replace " + i.id());
      current.add(i.id());
    }

    @Override
    public Validation validate() {
      calls.add("validate");
      return failValidations-- > 0
          ? new Validation(List.of("node not ready"))
          : new Validation(List.of());
    }
  }

  /** Time that passes only when the roll sleeps. */
  static final class FakeTicker implements Ticker {
    long now;
    final List<Duration> slept = new ArrayList<>();

    @Override
    public long nanos() {
      return now;
    }

    @Override
    public void sleep(Duration d) {
      slept.add(d);
      now += d.toNanos();
    }
  }

  static RollingOptions options(
      boolean force, boolean cloudOnly, int validateCount, boolean failOnError, String... groups) {
    return new RollingOptions(
        force,
        cloudOnly,
        Set.of(groups),
        Duration.ofSeconds(20),
        Duration.ofSeconds(10),
        failOnError,
        validateCount,
        Duration.ofMinutes(1),
        Duration.ofSeconds(5));
  }

  static FakeCloud cluster() {
    return new FakeCloud()
        .group("nodes", GroupRole.NODE, "n1", "n2")
        .group("control-plane-a", GroupRole.CONTROL_PLANE, "m1")
        .group("bastions", GroupRole.BASTION, "b1");
  }

  @Test
  void replacesBastionsThenControlPlaneThenNodesEachCordonedDrainedAndValidatedTwice() {
    FakeCloud cloud = cluster();
    FakeTicker ticker = new FakeTicker();
    int n = new RollingUpdater(cloud, options(false, false, 2, true), e -> {}, ticker).run();

    assertThat(n).isEqualTo(4);
    assertThat(cloud.calls)
        .containsExactly(
            "cordon b1",
            "drain b1",
            "replace b1",
            "validate",
            "validate",
            "cordon m1",
            "drain m1",
            "replace m1",
            "validate",
            "validate",
            "cordon n1",
            "drain n1",
            "replace n1",
            "validate",
            "validate",
            "cordon n2",
            "drain n2",
            "replace n2",
            "validate",
            "validate");
    assertThat(ticker.slept)
        .containsExactly(
            Duration.ofSeconds(10),
            Duration.ofSeconds(20),
            Duration.ofSeconds(10),
            Duration.ofSeconds(10));
  }

  @Test
  void maxUnavailableAndMaxSurgeReplaceNodesInBatches() {
    FakeCloud cloud = new FakeCloud().group("nodes", GroupRole.NODE, "n1", "n2", "n3", "n4", "n5");
    cloud.limits.put("nodes", new RollingUpdate("1", "50%"));
    new RollingUpdater(cloud, options(false, false, 1, true), e -> {}, new FakeTicker()).run();

    // 50% of 5 rounds down to 2 unavailable, plus 1 surge: batches of 3
    assertThat(cloud.calls)
        .containsExactly(
            "cordon n1",
            "drain n1",
            "cordon n2",
            "drain n2",
            "cordon n3",
            "drain n3",
            "replace n1",
            "replace n2",
            "replace n3",
            "validate",
            "cordon n4",
            "drain n4",
            "cordon n5",
            "drain n5",
            "replace n4",
            "replace n5",
            "validate");
  }

  @Test
  void controlPlaneIsReplacedOneAtATimeWhateverTheClusterSays() {
    FakeCloud cloud =
        new FakeCloud().group("control-plane-a", GroupRole.CONTROL_PLANE, "m1", "m2", "m3");
    cloud.limits.put("control-plane-a", new RollingUpdate("2", "3"));
    new RollingUpdater(cloud, options(false, false, 1, true), e -> {}, new FakeTicker()).run();

    assertThat(cloud.calls)
        .containsExactly(
            "cordon m1",
            "drain m1",
            "replace m1",
            "validate",
            "cordon m2",
            "drain m2",
            "replace m2",
            "validate",
            "cordon m3",
            "drain m3",
            "replace m3",
            "validate");
  }

  @Test
  void anInterruptedRollResumesWithTheInstancesNotYetReplaced() {
    FakeCloud cloud = cluster();
    cloud.failReplaceOf = "n2";
    RollingUpdater first =
        new RollingUpdater(cloud, options(false, false, 1, true), e -> {}, new FakeTicker());
    assertThatThrownBy(first::run).hasMessageContaining("n2");
    cloud.calls.clear();

    new RollingUpdater(cloud, options(false, false, 1, true), e -> {}, new FakeTicker()).run();

    assertThat(cloud.calls).containsExactly("cordon n2", "drain n2", "replace n2", "validate");
  }

  @Test
  void upToDateInstancesAreLeftAloneUnlessForced() {
    FakeCloud cloud = cluster();
    cloud.current.addAll(List.of("b1", "m1", "n1", "n2"));
    assertThat(
            new RollingUpdater(cloud, options(false, false, 1, true), e -> {}, new FakeTicker())
                .run())
        .isZero();
    assertThat(cloud.calls).isEmpty();

    assertThat(
            new RollingUpdater(
                    cloud, options(true, false, 1, true, "nodes"), e -> {}, new FakeTicker())
                .run())
        .isEqualTo(2);
    assertThat(cloud.calls)
        .containsExactly(
            "cordon n1",
            "drain n1",
            "replace n1",
            "validate",
            "cordon n2",
            "drain n2",
            "replace n2",
            "validate");
  }

  @Test
  void cloudOnlyReplacesWithoutDrainingOrValidating() {
    FakeCloud cloud = cluster();
    new RollingUpdater(cloud, options(false, true, 2, true, "nodes"), e -> {}, new FakeTicker())
        .run();
    assertThat(cloud.calls).containsExactly("replace n1", "replace n2");
  }

  @Test
  void validationMustPassTheGivenNumberOfTimesInARow() {
    FakeCloud cloud = new FakeCloud().group("nodes", GroupRole.NODE, "n1");
    cloud.failValidations = 2;
    List<RollEvent> events = new ArrayList<>();
    new RollingUpdater(cloud, options(false, false, 3, true), events::add, new FakeTicker()).run();

    assertThat(cloud.calls)
        .containsExactly(
            "cordon n1",
            "drain n1",
            "replace n1",
            "validate",
            "validate",
            "validate",
            "validate",
            "validate");
    assertThat(events)
        .filteredOn(e -> e instanceof RollEvent.Validated v && v.passedInARow() == 3)
        .hasSize(1);
  }

  @Test
  void aClusterThatNeverValidatesStopsTheRollWithTheProblems() {
    FakeCloud cloud = new FakeCloud().group("nodes", GroupRole.NODE, "n1", "n2");
    cloud.failValidations = Integer.MAX_VALUE;
    RollingUpdater roll =
        new RollingUpdater(cloud, options(false, false, 2, true), e -> {}, new FakeTicker());

    assertThatThrownBy(roll::run)
        .isInstanceOf(RollingUpdateException.class)
        .hasMessageContaining("node not ready")
        .hasMessageContaining("run rolling-update again");
    assertThat(cloud.calls).doesNotContain("replace n2");
  }

  @Test
  void withFailOnValidateErrorOffTheRollGoesOn() {
    FakeCloud cloud = new FakeCloud().group("nodes", GroupRole.NODE, "n1", "n2");
    cloud.failValidations = Integer.MAX_VALUE;
    assertThat(
            new RollingUpdater(cloud, options(false, false, 2, false), e -> {}, new FakeTicker())
                .run())
        .isEqualTo(2);
  }

  @Test
  void anUnknownInstanceGroupIsNamedWithTheGroupsThatExist() {
    RollingUpdater roll =
        new RollingUpdater(
            cluster(), options(false, false, 1, true, "nodez"), e -> {}, new FakeTicker());
    assertThatThrownBy(roll::groups)
        .hasMessageContaining("nodez")
        .hasMessageContaining("nodes, control-plane-a");
  }

  @Test
  void bothLimitsZeroDisablesTheGroupsRoll() {
    FakeCloud cloud = new FakeCloud().group("nodes", GroupRole.NODE, "n1");
    cloud.limits.put("nodes", new RollingUpdate(0, 0));
    List<RollEvent> events = new ArrayList<>();
    assertThat(
            new RollingUpdater(cloud, options(false, false, 1, true), events::add, new FakeTicker())
                .run())
        .isZero();
    assertThat(events).anyMatch(e -> e instanceof RollEvent.GroupSkipped);
  }

  @Test
  void aLimitThatIsNeitherACountNorAPercentageNamesTheField() {
    assertThatThrownBy(
            () -> RollingLimits.resolve(new RollingUpdate("lots", null), null, 3, GroupRole.NODE))
        .hasMessageContaining("rollingUpdate.maxSurge")
        .hasMessageContaining("\"lots\"");
  }
}
