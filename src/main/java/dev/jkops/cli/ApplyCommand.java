package dev.jkops.cli;

import dev.jkops.api.FieldError;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.api.store.ClusterStore;
import dev.jkops.cloud.Cloud;
import dev.jkops.cloud.local.pods.PodManager;
import dev.jkops.cloud.local.pods.PolicyStore;
import dev.jkops.cloud.local.policy.ManifestDocument;
import dev.jkops.cloud.local.policy.ManifestException;
import dev.jkops.cloud.local.policy.ManifestReader;
import dev.jkops.cloud.local.policy.NetworkPolicy;
import dev.jkops.cloud.local.policy.NetworkPolicyReader;
import dev.jkops.cloud.local.provider.ProviderManifests;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jkops apply -f FILE}: Kubernetes objects for a local cluster. NetworkPolicy is stored and
 * programmed into the affected pods when the provider enforces policy (stored, with a warning, when
 * it does not, as on a real cluster); Namespace sets the labels namespace selectors see. Every
 * object is read and checked before anything is stored. Any other objects are taken as a networking
 * provider's manifest (recognised by its DaemonSet images) and installed on a cni or external
 * cluster, as {@code kubectl create -f} would.
 */
@Command(
    name = "apply",
    description =
        "Apply NetworkPolicy and Namespace objects, or a networking provider's manifest (cni and external"
            + " clusters), to a local cluster.")
final class ApplyCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption cluster;

  @Option(
      names = {"-f", "--filename"},
      required = true,
      paramLabel = "FILE",
      description = "YAML or JSON manifest.")
  Path file;

  @CommandLine.Parameters(
      arity = "0..1",
      paramLabel = "CLUSTER",
      description = ClusterNameOption.POSITIONAL)
  String clusterArg;

  private record Policy(NetworkPolicy policy, String yaml) {}

  private record Namespace(String name, Map<String, String> labels) {}

  @Override
  public Integer call() {
    // read and parse before taking the lock: a large file costs this command time, not everyone's
    String text = InputFiles.read(file, "apply -f takes Kubernetes YAML or JSON");
    List<Policy> policies = new ArrayList<>();
    List<Namespace> namespaces = new ArrayList<>();
    List<ManifestDocument> providerObjects = new ArrayList<>();
    LocalPods.call(
        () -> {
          for (ManifestDocument doc : ManifestReader.read(text, file.toString())) {
            switch (doc.kind()) {
              case "NetworkPolicy" ->
                  policies.add(new Policy(NetworkPolicyReader.read(doc), doc.yaml()));
              case "Namespace" -> namespaces.add(namespace(doc));
              default -> providerObjects.add(doc);
            }
          }
          return null;
        });
    try (StoreOptions.Held lock = store.lock(cluster.resolve(clusterArg))) {
      return callLocked(policies, namespaces, providerObjects);
    }
  }

  private Integer callLocked(
      List<Policy> policies, List<Namespace> namespaces, List<ManifestDocument> providerObjects) {
    if (!providerObjects.isEmpty()) {
      NetworkingSpec provider =
          LocalPods.call(() -> ProviderManifests.recognise(providerObjects, file.toString()));
      installProvider(provider, providerObjects);
    }
    if (policies.isEmpty() && namespaces.isEmpty()) {
      return 0;
    }
    PodManager pods = LocalPods.open(store, cluster.resolve(clusterArg));
    PolicyStore stored = new PolicyStore(pods.cluster().runtimeDir());
    PrintWriter out = spec.commandLine().getOut();
    // one atomic write: with the control plane's etcd, every object of the file or (no quorum) none
    java.util.Map<dev.jkops.cloud.local.policy.NetworkPolicy, String> policyDocs =
        new java.util.LinkedHashMap<>();
    policies.forEach(p -> policyDocs.put(p.policy(), p.yaml()));
    java.util.Map<String, java.util.Map<String, String>> labels = new java.util.LinkedHashMap<>();
    namespaces.forEach(ns -> labels.put(ns.name(), ns.labels()));
    // what was there before, under the same lock as the write, to say what kubectl says of each
    // object: created, configured or unchanged
    java.util.Map<PolicyStore.PolicyName, String> docsBefore =
        policies.isEmpty() ? java.util.Map.of() : LocalPods.call(stored::policyDocuments);
    java.util.Map<String, java.util.Map<String, String>> labelsBefore =
        namespaces.isEmpty() ? java.util.Map.of() : LocalPods.call(stored::namespaceLabels);
    LocalPods.call(
        () -> {
          stored.putAll(policyDocs, labels);
          return null;
        });
    for (Namespace ns : namespaces) {
      java.util.Map<String, String> before = labelsBefore.get(ns.name());
      boolean existed = before != null || KubeObjectDeletion.SYSTEM_NAMESPACES.contains(ns.name());
      out.println("namespace/" + ns.name() + " " + outcome(existed, ns.labels().equals(before)));
    }
    for (Policy p : policies) {
      String before =
          docsBefore.get(new PolicyStore.PolicyName(p.policy().namespace(), p.policy().name()));
      out.println(
          "networkpolicy.networking.k8s.io/"
              + p.policy().name()
              + " "
              + outcome(before != null, p.yaml().equals(before)));
    }
    int isolated = LocalPods.call(pods::reprogramPolicy);
    if (!policies.isEmpty() && !pods.cluster().enforcesNetworkPolicy()) {
      spec.commandLine()
          .getErr()
          .println(
              Warnings.PREFIX
                  + "this cluster's networking does not enforce NetworkPolicy, so the"
                  + " policy is stored but has no effect (as on a real cluster). calico, canal, weave and romana enforce it.");
    } else if (!policies.isEmpty()) {
      out.println("NetworkPolicy programmed: " + isolated + " pod(s) isolated");
    }
    out.flush();
    spec.commandLine().getErr().flush();
    return 0;
  }

  /**
   * Installs a networking provider on a cni or external cluster, as {@code kubectl create -f} of
   * its manifest does on a real one: the local cloud converges to the provider's data plane on
   * every node, and the provider is recorded so later updates keep it.
   */
  private void installProvider(NetworkingSpec provider, List<ManifestDocument> objects) {
    String name = cluster.resolve(clusterArg);
    ClusterStore clusters = store.open();
    ClusterStore.Stored stored = clusters.require(name);
    Cloud cloud = CloudCommands.cloud(clusters, stored, store.env());
    Cloud.ProviderInstall done = cloud.installProvider(provider, file.toString());
    // the manifest's objects in the cluster's API too, as kubectl create -f leaves them
    java.nio.file.Path runtimeDir = LocalPods.open(store, name).cluster().runtimeDir();
    LocalPods.call(
        () ->
            dev.jkops.cloud.local.apiserver.ManifestObjects.storeNew(
                runtimeDir,
                objects.stream()
                    .<com.fasterxml.jackson.databind.JsonNode>map(ManifestDocument::body)
                    .toList()));
    PrintWriter out = spec.commandLine().getOut();
    for (ManifestDocument doc : objects) {
      out.println(
          doc.kind().toLowerCase(java.util.Locale.ROOT)
              + "/"
              + doc.name()
              + (done.alreadyInstalled() ? " unchanged" : " created"));
    }
    out.println(
        "Networking provider "
            + done.provider()
            + " "
            + (done.alreadyInstalled() ? "already installed" : "installed")
            + " on cluster "
            + name
            + " ("
            + done.changes()
            + " changes to the local"
            + " cloud); check it with: jkops validate cluster --name "
            + name);
    out.flush();
  }

  /**
   * What kubectl apply says of an object: created when it did not exist, unchanged when it is
   * stored exactly as applied before, configured otherwise.
   */
  private static String outcome(boolean existed, boolean same) {
    return !existed ? "created" : same ? "unchanged" : "configured";
  }

  private static Namespace namespace(ManifestDocument doc) {
    String name = doc.name();
    if (name.isEmpty()) {
      throw new ManifestException(
          doc.describe() + " is not a valid Namespace",
          List.of(FieldError.required("metadata.name", "every Namespace needs a name")));
    }
    Map<String, String> labels = new java.util.TreeMap<>();
    List<FieldError> errors =
        new ArrayList<>(dev.jkops.api.KubernetesNames.dnsLabel("metadata.name", name));
    com.fasterxml.jackson.databind.JsonNode given = doc.body().path("metadata").path("labels");
    if (!given.isMissingNode() && !given.isNull() && !given.isObject()) {
      errors.add(
          FieldError.invalid(
              "metadata.labels", given.toString(), "must be a map of label keys to values"));
    }
    given
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                labels.put(e.getKey(), e.getValue().asText());
              } else {
                errors.add(
                    FieldError.invalid(
                        "metadata.labels[\"" + e.getKey() + "\"]",
                        e.getValue().toString(),
                        "a label value must be a string"));
              }
            });
    errors.addAll(dev.jkops.api.KubernetesNames.labels("metadata.labels", labels));
    if (!errors.isEmpty()) {
      throw new ManifestException(doc.describe() + " is not a valid Namespace", errors);
    }
    return new Namespace(name, labels);
  }
}
