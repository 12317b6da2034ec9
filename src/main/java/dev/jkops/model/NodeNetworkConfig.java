package dev.jkops.model;

import dev.jkops.api.Cidr;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one node needs to take part in the pod network.
 *
 * @param instance the instance's name
 * @param podRange its pod range (empty for bastions)
 * @param kubeletFlags networking flags for the kubelet, in order (only before Kubernetes 1.24;
 *     empty from 1.24 on, when the kubelet reads CNI files instead)
 * @param cniFiles CNI config files jkops itself puts into {@code /etc/cni/net.d}: kops'
 *     kubenet-style conflist for kubenet, external and kopeio from 1.24
 * @param providerCni the CNI config the provider's own agent installs on this node once its
 *     DaemonSet runs, written with the standard plugins (bridge, host-local, portmap) so the local
 *     cloud can realise it; empty for cni/external
 * @param configureCbr0 classic only: the kubelet builds bridge cbr0 itself, without CNI
 * @param masqueradeExcept when present, the node itself masquerades pod traffic leaving for any
 *     address outside this CIDR (the non-masquerade CIDR), as the kubelet's --non-masquerade-cidr
 *     did and kops' nodeup rule does under containerd; empty where the provider's agent masquerades
 *     (flannel, calico, ...)
 */
public record NodeNetworkConfig(
    String instance,
    Optional<Cidr> podRange,
    Map<String, String> kubeletFlags,
    List<CniConfigFile> cniFiles,
    Optional<CniConfigFile> providerCni,
    boolean configureCbr0,
    Optional<Cidr> masqueradeExcept) {

  public NodeNetworkConfig {
    kubeletFlags =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(kubeletFlags));
    cniFiles = List.copyOf(cniFiles);
  }

  /** The kubelet flags as a command line fragment, e.g. {@code --network-plugin=kubenet}. */
  public List<String> kubeletArgs() {
    return kubeletFlags.entrySet().stream()
        .map(e -> "--" + e.getKey() + "=" + e.getValue())
        .toList();
  }
}
