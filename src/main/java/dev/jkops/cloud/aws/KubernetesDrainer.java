package dev.jkops.cloud.aws;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;

/**
 * Cordon and drain as {@code kubectl drain --ignore-daemonsets --delete-emptydir-data --force} does
 * for kops: the node (found by its {@code spec.providerID}, {@code aws:///<zone>/<instance>}) is
 * marked unschedulable, then every pod on it is deleted except DaemonSet pods and static (mirror)
 * pods, which die with the instance. An instance without a node (a bastion, or one that never
 * joined) has nothing to drain.
 */
public final class KubernetesDrainer implements NodeDrainer {
  static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

  private final KubernetesClient kube;

  public KubernetesDrainer(KubernetesClient kube) {
    this.kube = kube;
  }

  Optional<Node> nodeOf(String instanceId) {
    return kube.nodes().list().getItems().stream()
        .filter(
            n ->
                n.getSpec() != null
                    && n.getSpec().getProviderID() != null
                    && n.getSpec().getProviderID().endsWith("/" + instanceId))
        .findFirst();
  }

  @Override
  public void cordon(String instanceId) {
    nodeOf(instanceId)
        .ifPresent(
            n ->
                kube.nodes()
                    .withName(n.getMetadata().getName())
                    .edit(
                        node -> {
                          node.getSpec().setUnschedulable(true);
                          return node;
                        }));
  }

  @Override
  public void drain(String instanceId) {
    Optional<Node> node = nodeOf(instanceId);
    if (node.isEmpty()) {
      return;
    }
    String name = node.get().getMetadata().getName();
    List<Pod> pods =
        kube.pods().inAnyNamespace().list().getItems().stream()
            .filter(p -> p.getSpec() != null && name.equals(p.getSpec().getNodeName()))
            .toList();
    for (Pod p : pods) {
      if (ownedByDaemonSet(p) || isMirror(p)) {
        continue;
      }
      kube.pods()
          .inNamespace(p.getMetadata().getNamespace())
          .withName(p.getMetadata().getName())
          .delete();
    }
  }

  static boolean ownedByDaemonSet(Pod p) {
    List<OwnerReference> owners = p.getMetadata().getOwnerReferences();
    return owners != null && owners.stream().anyMatch(o -> "DaemonSet".equals(o.getKind()));
  }

  static boolean isMirror(Pod p) {
    return p.getMetadata().getAnnotations() != null
        && p.getMetadata().getAnnotations().containsKey(MIRROR_ANNOTATION);
  }
}
