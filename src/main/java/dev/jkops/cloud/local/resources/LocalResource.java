package dev.jkops.cloud.local.resources;

import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.tasks.Resource;

/**
 * A resource of the local cloud: the VPC's router namespace, a subnet's bridge, a route table and
 * its routes, an instance's namespace and firewall, and each node's pod network pieces. The records
 * only describe; the local cloud target ({@code LocalCloudTarget}) finds and changes them. Each is
 * named after the kind it prints ({@code Subnet/...}), as {@code cloud.aws}'s records are: the same
 * kind in the two clouds is two records, since their fields differ. The one exception is {@link
 * LocalInstance}, which prints as {@code Instance/...}: it is this cloud's instance (a namespace),
 * named apart from the plan's {@code model.Instance} that it is made from.
 */
public sealed interface LocalResource extends Resource
    permits VpcRouter,
        Subnet,
        RouteTable,
        VpcRoute,
        LocalInstance,
        InstanceFirewall,
        NodeBridge,
        NodeCniConfig,
        NodeVxlan,
        NodePeers,
        NodeGeneration,
        SubnetIpv6,
        InstanceIpv6,
        VpcIpv6Route,
        SourceDestCheckIpv6 {

  ClusterNames names();
}
