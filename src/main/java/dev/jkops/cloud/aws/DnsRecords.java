package dev.jkops.cloud.aws;

import dev.jkops.api.Topology;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The API's Route 53 records the direct apply makes, as kops' {@code update cluster --yes} does
 * before its first instance boots: with a network load balancer in front of the API, an A and an
 * AAAA alias of each API name to it (as Terraform output writes them); a placeholder for {@code
 * spec.masterPublicName} (default {@code api.<cluster>}) when no load balancer serves the API, and
 * for {@code api.internal.<cluster>} unless the load balancer serves that too ({@code
 * useForInternalApi}); dns-controller on the control plane points them at the instances. None for
 * gossip clusters ({@code .k8s.local}) or {@code topology.dns.type: None}. (kops does not write
 * these placeholders to Terraform.)
 */
final class DnsRecords {
  private DnsRecords() {}

  /** Whether the cluster has Route 53 records at all, so a hosted zone is needed. */
  static boolean wanted(AwsCluster c) {
    return LoadBalancerTerraform.publishesDns(c);
  }

  /** True when kops looks for a private hosted zone ({@code topology.dns.type: Private}). */
  static boolean privateZone(AwsCluster c) {
    Topology t = c.spec().topology();
    return t != null && t.dns() != null && "Private".equalsIgnoreCase(t.dns().type());
  }

  static String publicName(AwsCluster c) {
    return LoadBalancerTerraform.apiNames(c).get(0);
  }

  static String internalName(AwsCluster c) {
    return "api.internal." + c.name();
  }

  /**
   * The records in {@code zoneId}: kops' A and AAAA aliases of the API's names to its network load
   * balancer when {@code resources} hold one (as the Terraform output writes them), and the
   * placeholders for the names no load balancer serves; none when the cluster publishes no DNS.
   */
  static List<AwsResource> build(
      AwsCluster c, Optional<String> zoneId, List<AwsResource> resources) {
    List<AwsResource> out = new ArrayList<>();
    if (!wanted(c) || zoneId.isEmpty()) {
      return out;
    }
    boolean balancer = c.apiLoadBalancer().isPresent();
    boolean balancerServesInternal = LoadBalancerTerraform.apiNames(c).contains(internalName(c));
    // The API's load balancer, Network or Classic.
    Optional<DnsRecord.Balancer> api =
        resources.stream()
            .<DnsRecord.Balancer>mapMulti(
                (r, found) -> {
                  if (r instanceof NetworkLoadBalancer lb && lb.name().equals("api." + c.name())) {
                    found.accept(new DnsRecord.Balancer(lb.id(), lb.loadBalancerName()));
                  } else if (r instanceof ClassicLoadBalancer lb
                      && lb.name().equals("api." + c.name())) {
                    found.accept(new DnsRecord.Balancer(lb.id(), lb.loadBalancerName()));
                  }
                })
            .findFirst();
    if (api.isPresent()) {
      DnsRecord.Balancer target = api.get();
      for (String name : LoadBalancerTerraform.apiNames(c)) {
        for (String type : List.of("A", "AAAA")) {
          out.add(DnsRecord.aliasOf(name, type, zoneId.get(), target));
        }
      }
    }
    if (!balancer) {
      out.add(DnsRecord.placeholder(publicName(c), "A", zoneId.get()));
    }
    if (!balancerServesInternal && !internalName(c).equals(publicName(c))) {
      out.add(DnsRecord.placeholder(internalName(c), "A", zoneId.get()));
    }
    return out;
  }

  /**
   * The names whose A and AAAA records are the cluster's, deleted with it: its API names, as kops'
   * delete cluster finds them.
   */
  static Set<String> ownedNames(String cluster, String publicName) {
    Set<String> names = new LinkedHashSet<>();
    names.add(publicName);
    names.add("api." + cluster);
    names.add("api.internal." + cluster);
    return names;
  }
}
