package dev.jkops.bench;

import dev.jkops.api.ClusterBundle;
import dev.jkops.cloud.aws.AwsCluster;
import dev.jkops.cloud.aws.AwsResource;
import dev.jkops.cloud.aws.AwsResources;
import dev.jkops.cloud.aws.AwsTerraform;
import dev.jkops.cloud.local.design.LocalDesign;
import dev.jkops.cloud.local.design.SharedLists;
import dev.jkops.cloud.local.resources.LocalResource;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.cloud.terraform.TerraformConfig;
import dev.jkops.cloud.terraform.TerraformFormat;
import dev.jkops.model.ClusterCompletion;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.ipam.IpamState;
import dev.jkops.tasks.Change;
import dev.jkops.tasks.DryRun;
import dev.jkops.tasks.Engine;
import dev.jkops.tasks.Resource;
import dev.jkops.tasks.Target;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What {@code update cluster} does before it touches a cloud, for clusters of 10 to 5000 nodes in 1
 * to 100 instance groups: complete the spec and plan the network ({@link #plan}), then render it as
 * kops' dry run ({@link #awsDryRun}: every AWS resource diffed against an empty account) or as
 * Terraform ({@link #terraform}: HCL and its data files), or design the local cloud's resources and
 * their dry run ({@link #localDryRun}). Each benchmark includes the planning, since a user never
 * renders without it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PlannerBenchmark {

  @Param({"10", "100", "1000", "5000"})
  public int nodes;

  /** Node instance groups; a cluster smaller than this gets one group per node. */
  @Param({"1", "10", "100"})
  public int groups;

  @Param({"calico"})
  public String networking;

  private ClusterBundle created;

  @Setup
  public void setUp() {
    created = PlannerFixture.created(nodes, Math.min(groups, nodes), networking);
  }

  private record Planned(ClusterBundle completed, NetworkPlan plan) {}

  private Planned planned() {
    ClusterBundle completed =
        new ClusterBundle(ClusterCompletion.complete(created), created.instanceGroups());
    return new Planned(completed, NetworkPlanner.plan(completed, IpamState.empty()));
  }

  @Benchmark
  public NetworkPlan plan() {
    return planned().plan();
  }

  @Benchmark
  public String awsDryRun() {
    Planned p = planned();
    AwsCluster cluster = AwsCluster.of(p.completed());
    return DryRun.render(
        Engine.plan(AwsResources.build(cluster, p.plan()), new EmptyCloud<AwsResource>()));
  }

  @Benchmark
  public int terraform() {
    Planned p = planned();
    AwsCluster cluster = AwsCluster.of(p.completed());
    TerraformConfig config = AwsTerraform.config(cluster, AwsResources.build(cluster, p.plan()));
    int chars = TerraformFormat.HCL.render(config).length();
    for (String data : config.dataFiles().values()) {
      chars += data.length();
    }
    return chars;
  }

  @Benchmark
  public String localDryRun() {
    Planned p = planned();
    ClusterNames names = ClusterNames.of(p.completed().name(), Path.of("/nonexistent"));
    LocalDesign.Result design =
        LocalDesign.of(names, p.plan(), p.completed().cluster().spec().subnetsOrEmpty());
    return SharedLists.dryRun(Engine.plan(design.resources(), new EmptyCloud<LocalResource>()));
  }

  /**
   * A cloud with nothing in it yet: every desired resource is a create, as on a first {@code
   * update}.
   */
  static final class EmptyCloud<R extends Resource> implements Target<R> {
    @Override
    public Optional<R> find(R desired) {
      return Optional.empty();
    }

    @Override
    public List<R> owned() {
      return List.of();
    }

    @Override
    public void create(R desired) {
      throw new UnsupportedOperationException("a benchmark never applies");
    }

    @Override
    public void update(R live, R desired, List<Change> changes) {
      throw new UnsupportedOperationException("a benchmark never applies");
    }

    @Override
    public void delete(R live) {
      throw new UnsupportedOperationException("a benchmark never applies");
    }
  }
}
