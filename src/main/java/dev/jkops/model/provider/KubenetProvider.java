package dev.jkops.model.provider;

import dev.jkops.api.Cidr;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.FieldError;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.model.AddonManifest;
import dev.jkops.model.CloudNeeds;
import dev.jkops.model.DataPlane;
import dev.jkops.model.Instance;
import dev.jkops.model.NetworkContext;
import dev.jkops.model.NetworkProvider;
import dev.jkops.model.NodeNetworkConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * kubenet, the default: each node bridges its pod range on {@code cbr0}, and the cloud routes every
 * node's range to it (one route per node in the cluster's single route table, which caps the
 * cluster at the table's quota). kube-controller-manager allocates the ranges and creates the
 * routes, so the instances must not drop forwarded traffic (source/dest check off).
 */
public final class KubenetProvider implements NetworkProvider {
  /** What the route controller calls: create and delete routes, read tables, flip the check. */
  static final List<String> ROUTE_IAM =
      List.of(
          "ec2:CreateRoute",
          "ec2:DeleteRoute",
          "ec2:DescribeRouteTables",
          "ec2:ModifyInstanceAttribute");

  private final NetworkingSpec.Kubenet spec;

  public KubenetProvider(NetworkingSpec.Kubenet spec) {
    this.spec = spec;
  }

  @Override
  public String mode() {
    return "kubenet";
  }

  @Override
  public NetworkingSpec spec() {
    return spec;
  }

  @Override
  public String kubeletNetworkPlugin() {
    return KUBENET;
  }

  @Override
  public List<FieldError> validate(ClusterBundle bundle) {
    List<FieldError> errors = new ArrayList<>();
    ProviderSupport.refusePrivateTopology(bundle, "kubenet", errors);
    return errors;
  }

  @Override
  public NodeNetworkConfig nodeConfig(
      NetworkContext ctx, Instance instance, Optional<Cidr> podRange) {
    return ProviderSupport.kubenetStyleNode(ctx, instance, podRange, mtu(ctx));
  }

  @Override
  public CloudNeeds cloudNeeds(NetworkContext ctx) {
    return new CloudNeeds(List.of(), true, ROUTE_IAM, true);
  }

  /**
   * No encapsulation: pods get the link's MTU (kops gave kubenet --network-plugin-mtu=9001 on AWS).
   */
  @Override
  public int mtu(NetworkContext ctx) {
    return ctx.cloud().linkMtu();
  }

  @Override
  public boolean enforcesNetworkPolicy() {
    return false;
  }

  @Override
  public DataPlane dataPlane(NetworkContext ctx) {
    return new DataPlane.VpcRoutes("cbr0", mtu(ctx));
  }

  @Override
  public Optional<AddonManifest> addon(NetworkContext ctx) {
    return Optional.empty();
  }
}
