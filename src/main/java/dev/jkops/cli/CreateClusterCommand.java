package dev.jkops.cli;

import dev.jkops.api.Cluster;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterDefaults;
import dev.jkops.api.CreateClusterOptions;
import dev.jkops.api.InstanceGroup;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.api.ZoneNames;
import dev.jkops.api.store.ClusterStore;
import dev.jkops.model.ClusterCompletion;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jkops create cluster}: kops' create cluster. Fills in the defaults, validates, stores the
 * spec, instance groups and completed spec, and prints the next steps; {@code --yes} also applies.
 */
@Command(name = "cluster", description = "Create a cluster spec from flags and store it.")
final class CreateClusterCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption clusterName;

  @Parameters(
      arity = "0..1",
      paramLabel = "NAME",
      description = ClusterNameOption.POSITIONAL_NO_CONTEXT)
  String positionalName;

  /**
   * The local cloud's zone when none is named: the networking guide's {@code create cluster
   * --networking X} names none.
   */
  static final String DEFAULT_LOCAL_ZONE = "zone-a";

  @Option(
      names = "--zones",
      split = ",",
      paramLabel = "ZONE",
      description =
          "Zones for the nodes, comma-separated (e.g. us-east-1a,us-east-1b; any other name means the local cloud)."
              + " Default on the local cloud: one zone, "
              + DEFAULT_LOCAL_ZONE
              + ".")
  List<String> zones;

  @Option(
      names = {"--master-zones", "--control-plane-zones"},
      split = ",",
      paramLabel = "ZONE",
      description = "Zones for the control plane (default: the first zone). Use an odd count.")
  List<String> controlPlaneZones;

  @Option(
      names = {"--control-plane-count", "--master-count"},
      paramLabel = "N",
      description = "Number of control-plane instances, spread over the control-plane zones.")
  Integer controlPlaneCount;

  @Option(
      names = "--networking",
      paramLabel = "MODE",
      completionCandidates = NetworkingModes.class,
      description =
          "Networking mode: ${COMPLETION-CANDIDATES}. Default: kubenet (kops now defaults to cilium:"
              + " ask for it with --networking cilium); with --ipv6, cilium.")
  String networking;

  @Option(
      names = "--topology",
      paramLabel = "public|private",
      description = "public (default) or private (the default with --ipv6).")
  String topology;

  @Option(names = "--bastion", description = "Add a bastion instance group (private topology).")
  boolean bastion;

  @Option(
      names = "--network-cidr",
      split = ",",
      paramLabel = "CIDR",
      description = "VPC CIDR; further CIDRs, comma-separated, are additional VPC CIDRs.")
  List<String> networkCidrs;

  @Option(names = "--network-id", paramLabel = "ID", description = "An existing VPC to use.")
  String networkId;

  @Option(names = "--node-count", paramLabel = "N", description = "Number of nodes.")
  Integer nodeCount;

  @Option(
      names = {"--master-size", "--control-plane-size"},
      paramLabel = "TYPE",
      description = "Control-plane machine type.")
  String controlPlaneSize;

  @Option(names = "--node-size", paramLabel = "TYPE", description = "Node machine type.")
  String nodeSize;

  @Option(
      names = "--ssh-access",
      split = ",",
      paramLabel = "CIDR",
      description = "CIDRs allowed to SSH (default: --admin-access).")
  List<String> sshAccess;

  @Option(
      names = "--admin-access",
      split = ",",
      paramLabel = "CIDR",
      description = "CIDRs allowed to reach the API (default: everywhere).")
  List<String> adminAccess;

  @Option(
      names = "--kubernetes-version",
      paramLabel = "VERSION",
      description = "Kubernetes version, e.g. v1.32.0.")
  String kubernetesVersion;

  @Option(
      names = "--cloud",
      paramLabel = "aws|local",
      description = "Cloud: aws when the zones are AWS zones, local otherwise.")
  String cloud;

  @Option(
      names = "--node-security-groups",
      split = ",",
      paramLabel = "SG",
      description = "Extra security groups for nodes.")
  List<String> nodeSecurityGroups;

  @Option(
      names = {"--master-security-groups", "--control-plane-security-groups"},
      split = ",",
      paramLabel = "SG",
      description = "Extra security groups for the control plane.")
  List<String> controlPlaneSecurityGroups;

  @Option(
      names = "--egress",
      paramLabel = "ID",
      description =
          "Egress for private subnets: a NAT gateway id (nat-...) or instance (i-...) to reuse, or External.")
  String egress;

  @Option(
      names = "--ipv6",
      description =
          "Make an IPv6 cluster, as kops' --ipv6 does: nonMasqueradeCIDR ::/0, each subnet the next"
              + " /64 of the VPC's IPv6 range (ipv6CIDR /64#N), the external cloud controller"
              + " manager, and a private topology unless --topology public: nodes in IPv6-only"
              + " Private subnets, the control plane in a DualStack twin (dualstack-<zone>)."
              + " Networking calico, cilium (the default here) or kindnet. The layout is kops'"
              + " exactly, on aws and on the local cloud alike.")
  boolean ipv6;

  @Option(names = "--dry-run", description = "Print the spec (-o yaml|json) without storing it.")
  boolean dryRun;

  @Mixin OutputOption.SpecOnly output;

  @Option(
      names = {"-y", "--yes"},
      description = "Also apply the cluster (runs 'update cluster NAME --yes').")
  boolean yes;

  @Override
  public Integer call() {
    String name = clusterName.resolveWithoutKubeconfig(positionalName);
    OutputFormat format = null;
    if (output.given()) {
      if (!dryRun) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "-o prints the spec only with --dry-run;"
                + " add --dry-run, or drop -o to store the cluster");
      }
      format = output.format();
    } else if (dryRun) {
      format = OutputFormat.YAML;
    }
    if (dryRun && yes) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--dry-run and --yes contradict each other; pick one");
    }
    ClusterStore.checkName("cluster", name);
    if (zones == null || zones.isEmpty()) {
      zones = defaultZones();
    }
    if (nodeCount != null && nodeCount < 0) {
      throw new CommandException(
          "--node-count " + nodeCount + " is negative; give 0 or more nodes");
    }
    if (controlPlaneCount != null && controlPlaneCount < 1) {
      throw new CommandException(
          "--control-plane-count "
              + controlPlaneCount
              + " leaves the cluster without a control plane; give 1, 3 or 5");
    }
    CreateClusterOptions options =
        CreateClusterOptions.builder(name, zones)
            .cloud(cloud)
            .controlPlaneZones(controlPlaneZones)
            .controlPlaneCount(controlPlaneCount)
            .networking(networking)
            .topology(topology)
            .bastion(bastion)
            .networkCidrs(networkCidrs)
            .networkId(networkId)
            .nodeCount(nodeCount)
            .controlPlaneSize(controlPlaneSize)
            .nodeSize(nodeSize)
            .sshAccess(sshAccess)
            .adminAccess(adminAccess)
            .kubernetesVersion(kubernetesVersion)
            .nodeSecurityGroups(nodeSecurityGroups)
            .controlPlaneSecurityGroups(controlPlaneSecurityGroups)
            .egress(egress)
            .ipv6(ipv6)
            .build();
    ClusterBundle bundle = ClusterDefaults.create(options);
    checkAwsZones(bundle.cluster().spec().cloudProvider());
    SpecCheck.check(bundle);
    Warnings.validation(spec.commandLine().getErr(), bundle);
    PrintWriter out = spec.commandLine().getOut();
    if (dryRun) {
      List<Object> objects = new ArrayList<>();
      objects.add(bundle.cluster());
      objects.addAll(bundle.instanceGroups());
      out.print(format.render(objects));
      out.flush();
      return 0;
    }
    Cluster completed = ClusterCompletion.complete(bundle);
    // as kops: create --yes exports the context with an admin credential of kops' default
    // lifetime; the kubeconfig is read (and refused if unreadable) before anything is written
    KubecfgExport kubecfg =
        yes
            ? KubecfgExport.prepare(
                spec.commandLine(), Kubeconfig.ADMIN_LIFETIME_TEXT, null, store.env(), null)
            : null;
    try (StoreOptions.Held lock = store.lock(name)) {
      return store(bundle, completed, kubecfg, out);
    }
  }

  private int store(
      ClusterBundle bundle, Cluster completed, KubecfgExport kubecfg, PrintWriter out) {
    String name = bundle.name();
    ClusterStore clusters = store.open();
    if (clusters.exists(name)) {
      throw new CommandException(
          "cluster \""
              + name
              + "\" already exists in state store "
              + clusters.location()
              + "; see it with 'jkops get cluster "
              + name
              + " -o yaml', change it with 'jkops edit cluster "
              + name
              + "', or delete it first with 'jkops delete cluster "
              + name
              + " --yes'");
    }
    clusters.put(bundle, completed);
    printNextSteps(out, bundle);
    // exactly as 'update cluster NAME --yes' would, under the lock this command holds
    return yes
        ? UpdateClusterCommand.update(
            store, name, "direct", true, null, "hcl", kubecfg, spec.commandLine())
        : 0;
  }

  /**
   * No --zones: the local cloud gets one zone (its zones are only names), said on stderr; AWS and a
   * cluster whose control-plane zones are named need the node zones named, as kops does (a usage
   * error).
   */
  private List<String> defaultZones() {
    if (ZoneNames.AWS.equals(ZoneNames.cloudFor(cloud, List.of())) || controlPlaneZones != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "no zones given; name the nodes' zones with --zones"
              + " (e.g. --zones us-east-1a,us-east-1b on aws, or any names such as --zones zone-a,zone-b on the local cloud)");
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println(
        "No --zones given: the local cloud cluster gets one zone, "
            + DEFAULT_LOCAL_ZONE
            + " (name zones with --zones for more)");
    err.flush();
    return List.of(DEFAULT_LOCAL_ZONE);
  }

  /** An AWS cluster's zones must be AWS zones of one region; the local cloud takes any names. */
  private void checkAwsZones(String cloudProvider) {
    if (!ZoneNames.AWS.equals(cloudProvider)) {
      return;
    }
    List<String> all = new ArrayList<>(zones);
    if (controlPlaneZones != null) {
      all.addAll(controlPlaneZones);
    }
    String region = null;
    String first = null;
    for (String z : all) {
      if (!ZoneNames.isAwsZone(z)) {
        throw new CommandException(
            "--zones: \""
                + z
                + "\" is not an AWS zone (AWS zones look like us-east-1a);"
                + " use AWS zones with --cloud aws, or drop --cloud aws to use the local cloud");
      }
      String r = z.substring(0, z.length() - 1);
      if (region == null) {
        region = r;
        first = z;
      } else if (!region.equals(r)) {
        throw new CommandException(
            "--zones: "
                + first
                + " and "
                + z
                + " are in different regions ("
                + region
                + ", "
                + r
                + "); an AWS cluster lives in one region, so pick zones of one region");
      }
    }
  }

  private static void printNextSteps(PrintWriter out, ClusterBundle bundle) {
    String name = bundle.name();
    out.println("Cluster configuration has been created.");
    out.println();
    out.println("Suggestions:");
    out.println(" * list clusters with: jkops get clusters");
    out.println(" * edit this cluster with: jkops edit cluster " + name);
    bundle.instanceGroups().stream()
        .filter(ig -> ig.spec().isNode())
        .map(InstanceGroup::name)
        .findFirst()
        .ifPresent(
            ig ->
                out.println(
                    " * edit your node instance group: jkops edit instancegroup --name "
                        + name
                        + " "
                        + ig));
    bundle.instanceGroups().stream()
        .filter(ig -> ig.spec().isControlPlane())
        .map(InstanceGroup::name)
        .findFirst()
        .ifPresent(
            ig ->
                out.println(
                    " * edit your control-plane instance group: jkops edit instancegroup --name "
                        + name
                        + " "
                        + ig));
    out.println();
    out.println(
        "Finally configure your cluster with: jkops update cluster --name " + name + " --yes");
    out.println();
    out.flush();
  }

  /** Completion candidates for --networking. */
  static final class NetworkingModes implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return NetworkingSpec.FLAG_VALUES.iterator();
    }
  }
}
