package dev.jkops.cloud.local.pods;

import dev.jkops.cloud.local.pods.PodAttachment.NoPodNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster's system pods: kube-dns with two replicas, spread over the worker nodes, as kops'
 * kube-dns addon runs them. They are placed once the pod network works; until then they are
 * pending, with the reason a kubelet would give.
 */
public final class SystemPods {
  public static final String NAMESPACE = "kube-system";
  public static final int KUBE_DNS_REPLICAS = 2;
  public static final Map<String, String> KUBE_DNS_LABELS = Map.of("k8s-app", "kube-dns");

  /** A system pod that cannot run, and why. */
  public record Pending(String name, String reason) {}

  private SystemPods() {}

  public static String kubeDnsName(int replica) {
    return "kube-dns-" + replica;
  }

  /** Places the kube-dns replicas that are missing; returns those that cannot start. */
  public static List<Pending> ensure(PodManager pods) {
    List<NodeSite> ready =
        pods.cluster().nodes().stream()
            .filter(n -> !(n.attachment() instanceof NoPodNetwork))
            .toList();
    List<NodeSite> workers = ready.stream().filter(n -> !n.isControlPlane()).toList();
    List<NodeSite> candidates = workers.isEmpty() ? ready : workers;
    List<Pending> pending = new ArrayList<>();
    List<PodSpec> missing = new ArrayList<>();
    for (int i = 1; i <= KUBE_DNS_REPLICAS; i++) {
      String name = kubeDnsName(i);
      if (pods.list().stream()
          .anyMatch(p -> p.namespace().equals(NAMESPACE) && p.name().equals(name))) {
        continue;
      }
      if (candidates.isEmpty()) {
        String reason =
            pods.cluster().nodes().stream()
                .map(NodeSite::attachment)
                .filter(a -> a instanceof NoPodNetwork)
                .map(a -> ((NoPodNetwork) a).reason())
                .findFirst()
                .orElse("no node can run pods");
        pending.add(new Pending(name, reason));
        continue;
      }
      NodeSite node = candidates.get((i - 1) % candidates.size());
      missing.add(new PodSpec(name, NAMESPACE, KUBE_DNS_LABELS, Optional.of(node.node())));
    }
    if (!missing.isEmpty()) {
      pods.createAll(missing);
    }
    return pending;
  }
}
