package dev.jkops.cli;

import dev.jkops.cloud.local.pods.Pod;
import dev.jkops.cloud.local.pods.PodManager;
import dev.jkops.cloud.local.pods.PolicyStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;

/**
 * What {@code delete networkpolicy}, {@code delete namespace} and {@code delete -f} share, as
 * kubectl does it: a namespace takes its pods and policies with it; the system namespaces may not
 * be deleted; one atomic write to the runtime store, then every pod's NetworkPolicy ruleset is
 * compiled again, on every node, so traffic a deleted policy blocked flows again when the command
 * returns.
 */
final class KubeObjectDeletion {
  /** kubectl refuses these: "this namespace may not be deleted". */
  static final Set<String> SYSTEM_NAMESPACES =
      Set.of("default", "kube-system", "kube-public", "kube-node-lease");

  private KubeObjectDeletion() {}

  /**
   * Deletes them; returns the number not found (each reported on {@code err} as kubectl does:
   * {@code Error from server (NotFound): ...}).
   */
  static int delete(
      PodManager pods,
      List<PolicyStore.PolicyName> policies,
      List<String> namespaces,
      PrintWriter out,
      PrintWriter err) {
    for (String ns : namespaces) {
      if (SYSTEM_NAMESPACES.contains(ns)) {
        throw new CommandException(
            "namespace \""
                + ns
                + "\" may not be deleted: it is a system namespace (as in"
                + " Kubernetes); delete the objects in it instead (delete networkpolicy NAME -n "
                + ns
                + ", delete pod NAME -n "
                + ns
                + ")");
      }
    }
    PolicyStore store = new PolicyStore(pods.cluster().runtimeDir());
    List<Pod> podsInNamespaces =
        LocalPods.call(
            () -> pods.list().stream().filter(p -> namespaces.contains(p.namespace())).toList());
    List<String> gone = LocalPods.call(() -> store.deleteAll(policies, namespaces));
    if (!podsInNamespaces.isEmpty()) {
      LocalPods.call(
          () -> {
            pods.deleteAll(podsInNamespaces); // reprograms policy once at the end
            return null;
          });
    }
    int missing = 0;
    for (PolicyStore.PolicyName p : policies) {
      if (gone.contains("networkpolicy " + p)) {
        out.println("networkpolicy.networking.k8s.io \"" + p.name() + "\" deleted");
      } else {
        err.println(
            "Error from server (NotFound): networkpolicies.networking.k8s.io \""
                + p.name()
                + "\" not found in namespace \""
                + p.namespace()
                + "\" (see: jkops get networkpolicies -A)");
        missing++;
      }
    }
    for (String ns : namespaces) {
      boolean hadPods = podsInNamespaces.stream().anyMatch(p -> p.namespace().equals(ns));
      if (gone.contains("namespace " + ns) || hadPods) {
        out.println("namespace \"" + ns + "\" deleted");
      } else {
        err.println(
            "Error from server (NotFound): namespaces \""
                + ns
                + "\" not found (see: jkops get namespaces)");
        missing++;
      }
    }
    int isolated = LocalPods.call(pods::reprogramPolicy);
    if (!gone.isEmpty() && pods.cluster().enforcesNetworkPolicy()) {
      out.println("NetworkPolicy programmed: " + isolated + " pod(s) isolated");
    }
    out.flush();
    err.flush();
    return missing;
  }
}
