package dev.jkops.cloud.aws;

import dev.jkops.api.ApiSpec;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterSpec;
import dev.jkops.api.ClusterSubnet;
import dev.jkops.api.InstanceGroup;
import java.util.List;
import java.util.Optional;

/**
 * The facts about a cluster that every AWS resource builder reads: its name, region, VPC and
 * subnets, and whether it has API and bastion load balancers. Computed once from the spec.
 */
public record AwsCluster(ClusterBundle bundle, String region) {

  /** The API load balancer class kops assumes when the spec does not name one. */
  public static final String CLASSIC = "Classic";

  public static final String NETWORK = "Network";

  public static AwsCluster of(ClusterBundle bundle) {
    return new AwsCluster(bundle, regionOf(bundle));
  }

  /** The region of the cluster's zones: {@code us-test-1a} is in {@code us-test-1}. */
  static String regionOf(ClusterBundle bundle) {
    List<ClusterSubnet> subnets = bundle.cluster().spec().subnetsOrEmpty();
    if (subnets.isEmpty() || subnets.get(0).zone() == null) {
      throw new AwsException(
          "cluster "
              + bundle.name()
              + " has no spec.subnets with a zone; an AWS"
              + " cluster needs at least one subnet (its zone gives the region)");
    }
    String region = null;
    for (int i = 0; i < subnets.size(); i++) {
      String zone = subnets.get(i).zone();
      String r = zone == null ? null : zone.replaceAll("[a-z]+$", "");
      if (r == null || r.equals(zone)) {
        throw new AwsException(
            "spec.subnets["
                + i
                + "].zone \""
                + zone
                + "\" is not an AWS zone"
                + " (a region followed by a letter, e.g. us-east-1a)");
      }
      if (region != null && !region.equals(r)) {
        throw new AwsException(
            "spec.subnets["
                + i
                + "].zone "
                + zone
                + " is in region "
                + r
                + " but the other subnets are in "
                + region
                + "; a cluster lives in one region");
      }
      region = r;
    }
    return region;
  }

  public String name() {
    return bundle.name();
  }

  public ClusterSpec spec() {
    return bundle.cluster().spec();
  }

  /** {@code <prefix>.<cluster>}, kops' names for per-cluster resources. */
  public String named(String prefix) {
    return prefix + "." + name();
  }

  public List<ClusterSubnet> subnets() {
    return spec().subnetsOrEmpty();
  }

  public boolean sharedVpc() {
    return spec().networkID() != null && !spec().networkID().isBlank();
  }

  public boolean hasPrivateSubnets() {
    return subnets().stream().anyMatch(s -> ClusterSubnet.PRIVATE.equals(s.type()));
  }

  /** A private topology, today's way (Private subnets) or 2017's (topology.masters: private). */
  public boolean privateTopology() {
    return hasPrivateSubnets()
        || (spec().topology() != null && "private".equalsIgnoreCase(spec().topology().masters()));
  }

  public boolean hasBastion() {
    return bundle.instanceGroups().stream().anyMatch(ig -> ig.spec().isBastion());
  }

  /**
   * The API load balancer, if any: the spec's, or kops' default of a public one for a private
   * topology (a public topology reaches the API by DNS).
   */
  public Optional<ApiSpec.LoadBalancer> apiLoadBalancer() {
    ApiSpec api = spec().api();
    if (api != null && api.loadBalancer() != null) {
      return Optional.of(api.loadBalancer());
    }
    boolean apiEmpty = api == null || api.extra().isEmpty();
    return apiEmpty && privateTopology()
        ? Optional.of(new ApiSpec.LoadBalancer("Public", null))
        : Optional.empty();
  }

  /** {@code Network} or {@code Classic} (kops' API default when the spec names no class). */
  public String apiLoadBalancerClass() {
    return apiLoadBalancer()
        .map(lb -> lb.extra().get("class"))
        .map(Object::toString)
        .orElse(CLASSIC);
  }

  /**
   * kops' autoscaling group (and launch template) name: {@code <group>.<cluster>}, {@code
   * <group>.masters.<cluster>}.
   */
  public String autoscalingGroupName(InstanceGroup ig) {
    return ig.spec().isControlPlane() ? ig.name() + ".masters." + name() : named(ig.name());
  }

  public List<InstanceGroup> instanceGroups() {
    return bundle.instanceGroups();
  }

  public Optional<ClusterSubnet> subnet(String name) {
    return subnets().stream().filter(s -> name.equals(s.name())).findFirst();
  }

  /**
   * kops' Terraform spelling of a name: dots to dashes, {@code /} to {@code --}, {@code :} to
   * {@code _}.
   */
  public static String tfSanitize(String name) {
    return name.replace(".", "-").replace("/", "--").replace(":", "_");
  }
}
