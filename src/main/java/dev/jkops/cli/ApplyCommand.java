package dev.jkops.cli;

import dev.jkops.api.FieldError;
import dev.jkops.cloud.local.policy.ManifestDocument;
import dev.jkops.cloud.local.policy.ManifestException;
import dev.jkops.cloud.local.policy.ManifestReader;
import dev.jkops.cloud.local.policy.NetworkPolicy;
import dev.jkops.cloud.local.policy.NetworkPolicyReader;
import dev.jkops.cloud.local.policy.PolicyStore;
import dev.jkops.cloud.local.pods.PodManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
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
 * object is read and checked before anything is stored.
 */
@Command(name = "apply", description = "Apply NetworkPolicy and Namespace objects to a local cluster.")
final class ApplyCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption cluster;

  @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE", description = "YAML or JSON manifest.")
  Path file;

  private record Policy(NetworkPolicy policy, String yaml) {}

  private record Namespace(String name, Map<String, String> labels) {}

  @Override
  public Integer call() {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new CommandException("cannot read " + file + ": " + e.getMessage() + "; check the path", e);
    }
    List<Policy> policies = new ArrayList<>();
    List<Namespace> namespaces = new ArrayList<>();
    LocalPods.call(() -> {
      for (ManifestDocument doc : ManifestReader.read(text, file.toString())) {
        switch (doc.kind()) {
          case "NetworkPolicy" -> policies.add(new Policy(NetworkPolicyReader.read(doc), doc.yaml()));
          case "Namespace" -> namespaces.add(namespace(doc));
          default -> throw new ManifestException(doc.describe() + ": kind \"" + doc.kind() + "\" is not one jkops"
              + " applies on the local cloud; it applies NetworkPolicy (networking.k8s.io/v1) and Namespace", List.of());
        }
      }
      return null;
    });
    PodManager pods = LocalPods.open(store, cluster.resolve(null));
    PolicyStore stored = new PolicyStore(pods.cluster().runtimeDir());
    PrintWriter out = spec.commandLine().getOut();
    for (Namespace ns : namespaces) {
      stored.putNamespaceLabels(ns.name(), ns.labels());
      out.println("namespace/" + ns.name() + " configured");
    }
    for (Policy p : policies) {
      stored.putPolicy(p.policy(), p.yaml());
      out.println("networkpolicy.networking.k8s.io/" + p.policy().name() + " configured");
    }
    int isolated = LocalPods.call(pods::reprogramPolicy);
    if (!policies.isEmpty() && !pods.cluster().enforcesNetworkPolicy()) {
      spec.commandLine().getErr().println("Warning: this cluster's networking does not enforce NetworkPolicy, so the"
          + " policy is stored but has no effect (as on a real cluster). calico, canal, weave and romana enforce it.");
    } else if (!policies.isEmpty()) {
      out.println("NetworkPolicy programmed: " + isolated + " pod(s) isolated");
    }
    out.flush();
    spec.commandLine().getErr().flush();
    return 0;
  }

  private static Namespace namespace(ManifestDocument doc) {
    String name = doc.name();
    if (name.isEmpty()) {
      throw new ManifestException(doc.describe() + " is not a valid Namespace",
          List.of(FieldError.required("metadata.name", "every Namespace needs a name")));
    }
    Map<String, String> labels = new java.util.TreeMap<>();
    doc.body().path("metadata").path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return new Namespace(name, labels);
  }
}
