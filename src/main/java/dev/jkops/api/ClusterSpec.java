package dev.jkops.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The networking-relevant part of a kops cluster spec, with field names as kops spells them. Every
 * other field is kept in {@link #extra} and written back unchanged.
 */
public record ClusterSpec(
    String cloudProvider,
    String kubernetesVersion,
    @JsonProperty("networkCIDR") String networkCIDR,
    @JsonProperty("additionalNetworkCIDRs") List<String> additionalNetworkCIDRs,
    @JsonProperty("networkID") String networkID,
    @JsonProperty("nonMasqueradeCIDR") String nonMasqueradeCIDR,
    @JsonProperty("podCIDR") String podCIDR,
    String serviceClusterIPRange,
    List<ClusterSubnet> subnets,
    Topology topology,
    NetworkingSpec networking,
    ApiSpec api,
    List<String> sshAccess,
    List<String> kubernetesApiAccess,
    KubeControllerManagerConfig kubeControllerManager,
    KubeProxyConfig kubeProxy,
    KubeletConfig kubelet,
    RollingUpdate rollingUpdate,
    CloudConfig cloudConfig,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public ClusterSpec {
    extra = Extras.copy(extra);
    additionalNetworkCIDRs =
        additionalNetworkCIDRs == null ? null : List.copyOf(additionalNetworkCIDRs);
    subnets = subnets == null ? null : List.copyOf(subnets);
    // stored as checked: the CIDR check trims, so keep the trimmed text (no tab or newline reaches
    // a rule's comment)
    sshAccess = stripped(sshAccess);
    kubernetesApiAccess = stripped(kubernetesApiAccess);
  }

  /**
   * Each CIDR stripped, in an unmodifiable list; a loop rather than a stream, whose pipeline and
   * lambdas every stored spec read started in a cold JVM.
   */
  private static List<String> stripped(List<String> cidrs) {
    if (cidrs == null) {
      return null;
    }
    String[] out = new String[cidrs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = cidrs.get(i).strip();
    }
    return List.of(out);
  }

  public List<ClusterSubnet> subnetsOrEmpty() {
    return subnets == null ? List.of() : subnets;
  }

  /**
   * kops' IsIPv6Only: an IPv6 nonMasqueradeCIDR ({@code ::/0}) makes pods, services and nodes IPv6;
   * the VPC keeps its IPv4 networkCIDR beside.
   */
  @JsonIgnore
  public boolean isIpv6Only() {
    return Cidr.isIpv6(nonMasqueradeCIDR);
  }

  public ClusterSpecBuilder toBuilder() {
    return new ClusterSpecBuilder(this);
  }
}
