package dev.jkops.cloud.local.validate;

import dev.jkops.api.ClusterBundle;
import dev.jkops.cloud.local.etcd.EtcdControlPlane;
import dev.jkops.cloud.local.kernel.CommandTrace;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.pods.NodeSite;
import dev.jkops.cloud.local.pods.Pod;
import dev.jkops.cloud.local.pods.PodAttachment;
import dev.jkops.cloud.local.pods.PodManager;
import dev.jkops.cloud.local.pods.PolicyProgrammer;
import dev.jkops.cloud.local.pods.PolicyStore;
import dev.jkops.cloud.local.pods.SystemPods;
import dev.jkops.cloud.report.EtcdHealth;
import dev.jkops.cloud.report.InstanceGroupRow;
import dev.jkops.cloud.report.NodeStatus;
import dev.jkops.cloud.report.Probe;
import dev.jkops.cloud.report.ProbeCheck;
import dev.jkops.cloud.report.ProbeCoverage;
import dev.jkops.cloud.report.ProbeResult;
import dev.jkops.cloud.report.ProbeSite;
import dev.jkops.cloud.report.ValidationFailure;
import dev.jkops.cloud.report.ValidationReport;
import dev.jkops.model.Instance;
import dev.jkops.model.InstanceLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One validation pass over a running local cluster, as kops' validate does it (instance groups have
 * their instances, nodes are ready, system pods run), followed by connectivity probes from pods it
 * starts: new client pods every run, server pods kept for the next run when this one passes and
 * {@code keepProbePods} is set ({@link ProbePods}), everything removed otherwise.
 */
public final class LocalClusterValidation {
  private final Kernel kernel;
  private final ClusterBundle bundle;
  private final PodManager pods;
  private final int mtu;
  private final Duration probeDeadline;
  private final boolean keepProbePods;

  public LocalClusterValidation(
      Kernel kernel,
      ClusterBundle bundle,
      PodManager pods,
      int mtu,
      Duration probeDeadline,
      boolean keepProbePods) {
    this.kernel = kernel;
    this.bundle = bundle;
    this.pods = pods;
    this.mtu = mtu;
    this.probeDeadline = probeDeadline;
    this.keepProbePods = keepProbePods;
  }

  public ValidationReport run(Consumer<String> progress) {
    List<ValidationFailure> failures = new ArrayList<>();
    List<ValidationFailure> warnings = new ArrayList<>();
    List<InstanceGroupRow> groups =
        bundle.instanceGroups().stream().map(InstanceGroupRow::of).toList();
    CommandTrace.phase("validate: etcd");
    Optional<EtcdHealth> etcd =
        EtcdControlPlane.existing(pods.cluster().runtimeDir()).map(EtcdControlPlane::health);
    etcd.ifPresent(h -> checkEtcd(h, failures, warnings));
    if (etcd.isPresent()) { // a cluster with a control plane serves the Kubernetes API
      CommandTrace.phase("validate: api server");
      dev.jkops.cloud.local.apiserver.ApiServerProcess.problem(
              pods.cluster().runtimeDir(), bundle.name(), progress)
          .ifPresent(p -> failures.add(new ValidationFailure("ControlPlane", "kube-apiserver", p)));
    }
    // with etcd's quorum held, a lost master is a warning (the cluster keeps working), not a
    // failure
    CommandTrace.phase("validate: nodes");
    List<NodeStatus> nodes =
        nodeStatus(failures, warnings, etcd.map(EtcdHealth::hasQuorum).orElse(false));
    if (etcd.isPresent() && !etcd.get().hasQuorum()) {
      // no probe pods: nothing can be recorded without a quorum
      return new ValidationReport(
          bundle.name(), groups, nodes, failures, List.of(), etcd, warnings);
    }
    CommandTrace.phase("validate: system pods");
    for (SystemPods.Pending p : SystemPods.ensure(pods)) {
      failures.add(
          new ValidationFailure(
              "Pod",
              SystemPods.NAMESPACE + "/" + p.name(),
              "system-cluster-critical pod \"" + p.name() + "\" is pending: " + p.reason()));
    }
    List<NodeSite> withNetwork =
        pods.cluster().nodes().stream()
            .filter(n -> !(n.attachment() instanceof PodAttachment.NoPodNetwork))
            .toList();
    // Probe the nodes pods are scheduled on, as conformance does: the control plane is tainted, and
    // kops' security groups let nodes reach masters only on TCP and UDP (no ICMP), as on AWS.
    List<NodeSite> workers = withNetwork.stream().filter(n -> !n.isControlPlane()).toList();
    List<NodeSite> probed = workers.isEmpty() ? withNetwork : workers;
    List<ProbeResult> results = new ArrayList<>();
    Optional<ProbeCoverage> coverage =
        probed.isEmpty()
            ? Optional.empty()
            : Optional.of(probe(probed, progress, results, failures.isEmpty()));
    for (ProbeResult r : results) {
      if (!r.passed()) {
        Probe p = r.probe();
        boolean policy =
            p.check() == ProbeCheck.POLICY_ALLOWED || p.check() == ProbeCheck.POLICY_DENIED;
        failures.add(
            new ValidationFailure(
                policy ? "NetworkPolicy" : "Network",
                p.check().words()
                    + ": "
                    + p.from().name()
                    + " -> "
                    + p.to().name()
                    + " "
                    + p.protocolText(),
                r.resultText()));
      }
    }
    CommandTrace.phase("validate: report");
    checkPodAddresses(failures);
    return new ValidationReport(
        bundle.name(), groups, nodes, failures, results, etcd, warnings, coverage);
  }

  static void checkEtcd(
      EtcdHealth h, List<ValidationFailure> failures, List<ValidationFailure> warnings) {
    if (!h.hasQuorum()) {
      failures.add(
          new ValidationFailure(
              "Etcd",
              "etcd",
              "etcd has lost quorum: "
                  + h.summary()
                  + "; the cluster"
                  + " refuses writes until the stopped control-plane instances are back ('jkops update cluster --yes')"));
      return;
    }
    for (EtcdHealth.MemberHealth m : h.unhealthy()) {
      warnings.add(
          new ValidationFailure(
              "Etcd",
              m.name(),
              "etcd member "
                  + m.name()
                  + " is down ("
                  + m.problem()
                  + "); the cluster keeps working on "
                  + h.healthyCount()
                  + " of "
                  + h.members().size()
                  + " members (quorum "
                  + h.quorum()
                  + "), and one more loss would stop it. Bring it back with 'jkops update cluster --yes'"));
    }
  }

  private List<NodeStatus> nodeStatus(
      List<ValidationFailure> failures, List<ValidationFailure> warnings, boolean etcdQuorum) {
    List<NodeStatus> out = new ArrayList<>();
    // laid out in the VPC's IPv6 block, so an instance of an IPv6-only subnet shows its address
    var ipv6Block =
        dev.jkops.cloud.local.runtime.ClusterNames.of(
                bundle.name(), pods.cluster().runtimeDir().getParent())
            .cloudFacts()
            .ipv6VpcBlock();
    for (Instance i : InstanceLayout.kubernetesNodes(InstanceLayout.of(bundle, ipv6Block))) {
      Optional<NodeSite> site = pods.cluster().node(i.name());
      String role = i.role() == dev.jkops.model.Role.CONTROL_PLANE ? "control-plane" : "node";
      if (site.isEmpty() && i.role() == dev.jkops.model.Role.CONTROL_PLANE && etcdQuorum) {
        warnings.add(
            new ValidationFailure(
                "Machine",
                i.name(),
                "control-plane machine \""
                    + i.name()
                    + "\" is down;"
                    + " the control plane keeps working without it while etcd has its quorum. 'jkops update cluster --yes'"
                    + " brings it back"));
        out.add(new NodeStatus(i.name(), role, false, i.zone(), i.privateAddress()));
        continue;
      }
      if (site.isEmpty()) {
        failures.add(
            new ValidationFailure(
                "Machine", i.name(), "machine \"" + i.name() + "\" has not yet joined cluster"));
        continue;
      }
      boolean ready =
          kernel.netns().exists(site.get().netns())
              && !(site.get().attachment() instanceof PodAttachment.NoPodNetwork);
      if (!ready) {
        String why =
            site.get().attachment() instanceof PodAttachment.NoPodNetwork none
                ? none.reason()
                : "its namespace " + site.get().netns() + " is gone";
        failures.add(
            new ValidationFailure(
                "Node",
                i.name(),
                "node \"" + i.name() + "\" of role \"" + role + "\" is not ready: " + why));
      }
      out.add(new NodeStatus(i.name(), role, ready, i.zone(), i.privateAddress()));
    }
    return out;
  }

  private void checkPodAddresses(List<ValidationFailure> failures) {
    for (Pod p : pods.list()) {
      Optional<NodeSite> node = pods.cluster().node(p.node());
      if (node.isPresent() && !node.get().podRange().contains(p.address())) {
        failures.add(
            new ValidationFailure(
                "Pod",
                p.qualifiedName(),
                "address "
                    + p.address()
                    + " is outside node "
                    + p.node()
                    + "'s pod range "
                    + node.get().podRange()));
      }
    }
  }

  private static String seconds(long sinceNanos) {
    return ProbePods.seconds(sinceNanos);
  }

  /**
   * Runs the probes into {@code results}; returns what the connectivity sample covered. The server
   * pods stay for the next run only when the checks before ({@code passedSoFar}) and every probe
   * passed.
   */
  private ProbeCoverage probe(
      List<NodeSite> nodes,
      Consumer<String> progress,
      List<ProbeResult> results,
      boolean passedSoFar) {
    CommandTrace.phase("validate: probes");
    Thread onInterrupt = new Thread(() -> ProbePods.removeAll(pods), "jkops-validate-cleanup");
    Runtime.getRuntime().addShutdownHook(onInterrupt);
    PolicyStore policies = new PolicyStore(pods.cluster().runtimeDir());
    long began = System.nanoTime();
    try (ProbePods probePods = new ProbePods(pods, progress)) {
      progress.accept("Starting probe pods on " + nodes.size() + " nodes");
      List<ProbeSite> sites = probePods.start(nodes);
      long probing = System.nanoTime();
      ProbeScheduler scheduler =
          new ProbeScheduler(
              new KernelProbeRunner(kernel.runner()),
              ProbeScheduler.DEFAULT_PARALLELISM,
              probeDeadline);
      List<Probe> plan = ProbePlan.connectivity(sites, mtu);
      ProbeCoverage coverage = ProbeCoverage.of(sites, plan);
      progress.accept(
          "Running "
              + plan.size()
              + " connectivity probes from "
              + sites.size()
              + " nodes, "
              + ProbeScheduler.DEFAULT_PARALLELISM
              + " nodes at a time: "
              + coverage.summary());
      results.addAll(scheduler.runAll(plan));
      boolean keep = keepProbePods && passedSoFar && results.stream().allMatch(ProbeResult::passed);
      if (pods.cluster().enforcesNetworkPolicy()) {
        policies.putPolicy(PolicyProbePlan.POLICY, PolicyProbePlan.POLICY_YAML);
        try {
          pods.reprogramPolicy();
          var world =
              PolicyProgrammer.world(
                  pods.list(),
                  policies.policies(),
                  policies.namespaceLabels(),
                  pods.cluster().nodes());
          List<Probe> policyPlan = PolicyProbePlan.probes(sites, world);
          progress.accept("Running " + policyPlan.size() + " NetworkPolicy probes");
          results.addAll(scheduler.runAll(policyPlan));
        } finally {
          policies.deletePolicy(PolicyProbePlan.POLICY.namespace(), PolicyProbePlan.POLICY.name());
        }
        keep = keep && results.stream().allMatch(ProbeResult::passed);
        if (keep) {
          // the servers stay: take the probe policy's isolation off them (a removed pod takes its
          // tables with it)
          pods.reprogramPolicy();
        }
      }
      if (keep) {
        probePods.keepServers();
      }
      progress.accept(
          "Ran "
              + results.size()
              + " probes in "
              + seconds(probing)
              + (keep ? "; removing the client pods" : "; removing the probe pods"));
      return coverage;
    } finally {
      progress.accept(
          "Connectivity checks took " + seconds(began) + " (probe pods, probes, clean-up)");
      try {
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or ran: it cleans up
      }
    }
  }
}
