package dev.jkops.model.provider;

import dev.jkops.api.Cidr;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.FieldError;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.api.ZoneNames;
import dev.jkops.model.AddonManifest;
import dev.jkops.model.CloudNeeds;
import dev.jkops.model.CniConfigFile;
import dev.jkops.model.ControlPlaneNetworkConfig;
import dev.jkops.model.DataPlane;
import dev.jkops.model.Instance;
import dev.jkops.model.NetworkContext;
import dev.jkops.model.NetworkProvider;
import dev.jkops.model.NodeNetworkConfig;
import dev.jkops.model.addon.AddonTemplates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * amazonvpc (amazon-vpc-routed-eni): the AWS VPC CNI's aws-node on every node attaches ENIs and
 * gives pods secondary addresses of the node's own VPC subnet, so the VPC routes pod traffic with
 * no overlay and no route per node; pods get the instance MTU (9001). AWS only among kops' clouds,
 * as kops validates; jkops' local cloud models it too (see {@link #podsTakeSubnetAddresses}).
 * kube-proxy gets no cluster CIDR (pod addresses are VPC addresses, never SNATed for cluster IPs),
 * and the network policy agent runs with enforcement off, as kops ships it: no NetworkPolicy is
 * enforced.
 */
public final class AmazonVpcProvider implements NetworkProvider {
  static final String VERSION = "v1.23.0";
  static final String REGISTRY = "602401143452.dkr.ecr.us-west-2.amazonaws.com/";
  public static final String IMAGE = REGISTRY + "amazon-k8s-cni:" + VERSION;
  public static final String INIT_IMAGE = REGISTRY + "amazon-k8s-cni-init:" + VERSION;
  public static final String POLICY_AGENT_IMAGE =
      REGISTRY + "amazon/aws-network-policy-agent:v1.4.1";

  /**
   * What the CNI calls to attach ENIs and assign their addresses (kops'
   * addAmazonVPCCNIPermissions).
   */
  static final List<String> IAM =
      List.of(
          "ec2:AssignPrivateIpAddresses",
          "ec2:AttachNetworkInterface",
          "ec2:CreateNetworkInterface",
          "ec2:DeleteNetworkInterface",
          "ec2:DescribeInstanceTypes",
          "ec2:DescribeInstances",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DescribeSecurityGroups",
          "ec2:DescribeSubnets",
          "ec2:DescribeTags",
          "ec2:DetachNetworkInterface",
          "ec2:ModifyNetworkInterfaceAttribute",
          "ec2:UnassignPrivateIpAddresses");

  private final NetworkingSpec.AmazonVpc spec;

  public AmazonVpcProvider(NetworkingSpec.AmazonVpc spec) {
    this.spec = spec;
  }

  @Override
  public String mode() {
    return "amazonvpc";
  }

  @Override
  public NetworkingSpec spec() {
    return spec;
  }

  @Override
  public String kubeletNetworkPlugin() {
    return CNI;
  }

  @Override
  public List<FieldError> validate(ClusterBundle bundle) {
    List<FieldError> errors = new ArrayList<>();
    String cloud = bundle.cluster().spec().cloudProvider();
    if (!"aws".equals(cloud) && !ZoneNames.LOCAL.equals(cloud)) {
      errors.add(
          FieldError.forbidden(
              "spec.networking.amazonVPC",
              "amazon-vpc-routed-eni networking is supported"
                  + " only in AWS: pods take secondary addresses of ENIs attached to their instance, and the "
                  + bundle.cluster().spec().cloudProvider()
                  + " cloud has no ENIs; use a routed provider such as kindnet, kube-router or calico"
                  + " there"));
    }
    if (spec.extra().get("env") != null && !(spec.extra().get("env") instanceof List<?>)) {
      errors.add(
          FieldError.invalid(
              "spec.networking.amazonVPC.env",
              spec.extra().get("env"),
              "must be a list of {name, value}"));
    }
    return errors;
  }

  /** kube-proxy gets no cluster CIDR: pod addresses are VPC addresses and must not be SNATed. */
  @Override
  public ControlPlaneNetworkConfig controlPlane(NetworkContext ctx) {
    String pod = ctx.podCIDR().toString();
    return new ControlPlaneNetworkConfig(true, false, pod, ctx.nodeCIDRMaskSize(), true, null);
  }

  @Override
  public NodeNetworkConfig nodeConfig(
      NetworkContext ctx, Instance instance, Optional<Cidr> podRange) {
    if (ctx.isAws()) {
      // aws-node writes its own aws-cni conflist once it has attached the node's ENIs
      return ProviderSupport.cniNode(ctx, instance, podRange, Optional.empty());
    }
    return ProviderSupport.cniNode(
        ctx, instance, podRange, podRange.map(block -> localConflist(block, mtu(ctx))));
  }

  /**
   * On the local cloud each node's pods take addresses of a block of the node's own subnet ({@link
   * dev.jkops.model.ipam.SubnetPodBlocks}), the stand-in for the secondary addresses of its ENIs.
   */
  @Override
  public boolean podsTakeSubnetAddresses(NetworkContext ctx) {
    return !ctx.isAws();
  }

  /**
   * The local cloud's stand-in for aws-node's aws-cni plugin, with the same shape: a point-to-point
   * veth per pod and a /32 host route to the pod on the node (the aws-cni's routed ENI mode, no
   * bridge), addresses from the node's block of its subnet, the node's MTU.
   */
  static CniConfigFile localConflist(Cidr block, int mtu) {
    return new CniConfigFile(
        "10-aws.conflist",
        // Locale.ROOT: the MTU in ASCII digits whatever the user's locale (see NodeDesign)
        String.format(
            java.util.Locale.ROOT,
            """
            {"cniVersion": "0.4.0", "name": "aws-cni", "plugins": [
              {"type": "ptp", "mtu": %d, "ipMasq": false,
               "ipam": {"type": "host-local", "ranges": [[{"subnet": "%s", "gateway": "%s"}]]}}]}
            """,
            mtu,
            block,
            block.addressString(1)));
  }

  /**
   * The pods' addresses are the ENIs' own, so the source/dest check stays on, on AWS and on the
   * local cloud, whose VPC counts each node's block as the node's own secondary addresses.
   */
  @Override
  public CloudNeeds cloudNeeds(NetworkContext ctx) {
    return new CloudNeeds(List.of(), false, IAM, false);
  }

  /** The instance's own MTU: AWS' jumbo frames (AWS_VPC_ENI_MTU 9001). */
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
    if (!ctx.isAws()) {
      return new DataPlane.HostRoutes(mtu(ctx));
    }
    return new DataPlane.None(
        "amazonvpc: pods take secondary addresses of their node's VPC subnet on ENIs, and the"
            + " VPC routes them; only AWS has ENIs",
        mtu(ctx));
  }

  @Override
  public Optional<AddonManifest> addon(NetworkContext ctx) {
    TreeMap<String, String> env =
        new TreeMap<>(
            Map.ofEntries(
                Map.entry("ADDITIONAL_ENI_TAGS", "{}"),
                Map.entry("AWS_VPC_CNI_NODE_PORT_SUPPORT", "true"),
                Map.entry("AWS_VPC_ENI_MTU", Integer.toString(mtu(ctx))),
                Map.entry("AWS_VPC_K8S_CNI_CONFIGURE_RPFILTER", "false"),
                Map.entry("AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG", "false"),
                Map.entry("AWS_VPC_K8S_CNI_EXTERNALSNAT", "false"),
                Map.entry("AWS_VPC_K8S_CNI_LOG_FILE", "/host/var/log/aws-routed-eni/ipamd.log"),
                Map.entry("AWS_VPC_K8S_CNI_LOGLEVEL", "DEBUG"),
                Map.entry("AWS_VPC_K8S_CNI_RANDOMIZESNAT", "prng"),
                Map.entry("AWS_VPC_K8S_CNI_VETHPREFIX", "eni"),
                Map.entry("AWS_VPC_K8S_PLUGIN_LOG_FILE", "/var/log/aws-routed-eni/plugin.log"),
                Map.entry("AWS_VPC_K8S_PLUGIN_LOG_LEVEL", "DEBUG"),
                Map.entry("DISABLE_INTROSPECTION", "false"),
                Map.entry("DISABLE_METRICS", "false"),
                Map.entry("ENABLE_POD_ENI", "false"),
                Map.entry("ENABLE_PREFIX_DELEGATION", "false"),
                Map.entry("ENABLE_SUBNET_DISCOVERY", "true"),
                Map.entry("NETWORK_POLICY_ENFORCING_MODE", "standard"),
                Map.entry("WARM_ENI_TARGET", "1")));
    if (spec.extra().get("env") instanceof List<?> overrides) {
      for (Object o : overrides) {
        if (o instanceof Map<?, ?> m && m.get("name") != null) {
          env.put(
              String.valueOf(m.get("name")),
              m.get("value") == null ? "" : String.valueOf(m.get("value")));
        }
      }
    }
    StringBuilder envYaml = new StringBuilder();
    env.forEach(
        (k, v) ->
            envYaml
                .append("\n            - name: ")
                .append(quote(k))
                .append("\n              value: ")
                .append(quote(v)));
    return Optional.of(
        AddonTemplates.networking(
            "networking.amazon-vpc-routed-eni",
            "k8s-1.16",
            "amazon-vpc.yaml",
            Map.of(
                "image",
                or(spec.imageName(), IMAGE),
                "initImage",
                or(spec.initImageName(), INIT_IMAGE),
                "policyAgentImage",
                or(spec.networkPolicyAgentImage(), POLICY_AGENT_IMAGE),
                "version",
                VERSION,
                "clusterName",
                ctx.clusterName(),
                "env",
                envYaml.toString())));
  }

  private static String or(String value, String fallback) {
    return value == null || value.isEmpty() ? fallback : value;
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
