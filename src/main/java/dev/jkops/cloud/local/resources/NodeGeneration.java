package dev.jkops.cloud.local.resources;

import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.tasks.ResourceId;
import java.nio.file.Path;
import java.util.Set;
import java.util.SortedMap;

/**
 * The node configuration an instance was built with, recorded in its runtime dir ({@code
 * <runtime>/nodes/<node>/generation.yaml}) when it is created: the configuration's hash (what
 * rolling-update compares with the group's current hash), the networking spec and Kubernetes
 * version it came from (so the node keeps running it until it is replaced).
 *
 * @param hash {@link dev.jkops.model.NodeConfigHash} of the node's configuration
 * @param mode the networking mode, e.g. kubenet
 * @param networking {@code spec.networking} as YAML
 * @param kubernetesVersion the cluster's Kubernetes version when the node was made
 * @param kubeProxy {@code spec.kubeProxy} as YAML, empty in records written before it was kept: it
 *     belongs with the networking (kube-router and cilium's node port mode need kube-proxy off), so
 *     planning the node's configuration again needs both
 */
public record NodeGeneration(
    ClusterNames names,
    String instance,
    String hash,
    String mode,
    String networking,
    String kubernetesVersion,
    String kubeProxy)
    implements LocalResource {
  public static final String KIND = "NodeConfiguration";
  public static final String FILE = "generation.yaml";

  public static Path pathOf(ClusterNames names, String instance) {
    return names.nodeDir(instance).resolve(FILE);
  }

  public Path path() {
    return pathOf(names, instance);
  }

  @Override
  public ResourceId id() {
    return new ResourceId(KIND, instance);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    return Set.of(LocalInstance.idOf(instance));
  }

  @Override
  public SortedMap<String, String> attributes() {
    return Attributes.of("hash", hash, "mode", mode);
  }
}
