package dev.jkops.model.provider;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterSpecBuilder;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.model.CloudFacts;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.TestClusters;
import dev.jkops.model.ipam.IpamState;

/** Plans for the provider tests: a one-zone cluster on AWS or on the local cloud. */
final class Plans {
  private Plans() {}

  static NetworkPlan aws(String mode, String k8s) {
    return NetworkPlanner.plan(
        TestClusters.oneZone("c.example.com", mode, k8s, 2, 2),
        IpamState.empty(),
        CloudFacts.forCloud("aws"));
  }

  static NetworkPlan local(String mode, String k8s) {
    ClusterBundle b = onCloud(TestClusters.oneZone("c.example.com", mode, k8s, 2, 2), "local");
    return NetworkPlanner.plan(b, IpamState.empty(), CloudFacts.forCloud("local"));
  }

  static NetworkPlan aws(NetworkingSpec spec) {
    return NetworkPlanner.plan(
        with(TestClusters.oneZone("c.example.com", "kubenet"), spec), IpamState.empty());
  }

  static NetworkPlan local(NetworkingSpec spec) {
    ClusterBundle b =
        onCloud(with(TestClusters.oneZone("c.example.com", "kubenet"), spec), "local");
    return NetworkPlanner.plan(b, IpamState.empty(), CloudFacts.forCloud("local"));
  }

  static ClusterBundle with(ClusterBundle b, NetworkingSpec spec) {
    ClusterSpecBuilder s = b.cluster().spec().toBuilder();
    s.networking = spec;
    return new ClusterBundle(b.cluster().withSpec(s.build()), b.instanceGroups());
  }

  static ClusterBundle onCloud(ClusterBundle b, String cloud) {
    ClusterSpecBuilder s = b.cluster().spec().toBuilder();
    s.cloudProvider = cloud;
    return new ClusterBundle(b.cluster().withSpec(s.build()), b.instanceGroups());
  }
}
