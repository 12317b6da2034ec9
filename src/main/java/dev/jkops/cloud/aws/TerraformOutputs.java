package dev.jkops.cloud.aws;

import dev.jkops.cloud.terraform.TfExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** The outputs (and locals) kops writes: what other Terraform code needs of the cluster. */
final class TerraformOutputs {
  private TerraformOutputs() {}

  static SortedMap<String, Object> of(AwsCluster c, List<AwsResource> resources) {
    SortedMap<String, Object> out = new TreeMap<>();
    out.put("cluster_name", c.name());
    out.put("region", c.region());
    List<Object> nodeSubnets = new ArrayList<>();
    for (AwsResource r : resources) {
      if (r instanceof Vpc v) {
        out.put("vpc_id", AwsTerraform.ref(v.ref()));
        // An existing VPC's ranges are what the data source read of it (kops writes these for
        // every existing VPC); a VPC the cluster makes, its resource's.
        out.put(
            "vpc_cidr_block",
            v.shared()
                ? AwsTerraform.dataRef(v.id(), "cidr_block")
                : AwsTerraform.ref(v.id(), "cidr_block"));
        if (v.shared() || c.spec().isIpv6Only()) {
          // kops' locals for the VPC's IPv6 block, which subnets' /64#N blocks are carved from
          // (cidrsubnet) once AWS has assigned it.
          out.put(
              "vpc_ipv6_cidr_block",
              v.shared()
                  ? AwsTerraform.dataRef(v.id(), "ipv6_cidr_block")
                  : AwsTerraform.ref(v.id(), "ipv6_cidr_block"));
          out.put(
              "vpc_ipv6_cidr_length",
              new TfExpr(
                  "local.vpc_ipv6_cidr_block == \"\" ? null :"
                      + " tonumber(regex(\".*/(\\\\d+)\", local.vpc_ipv6_cidr_block)[0])"));
        }
      } else if (r instanceof SecurityGroup g && g.name().startsWith("masters.")) {
        out.put("master_security_group_ids", List.of(AwsTerraform.ref(g.id(), "id")));
      } else if (r instanceof SecurityGroup g && g.name().startsWith("nodes.")) {
        out.put("node_security_group_ids", List.of(AwsTerraform.ref(g.id(), "id")));
      } else if (r instanceof Subnet s) {
        String subnetName = s.name().substring(0, s.name().length() - c.name().length() - 1);
        out.put("subnet_" + subnetName + "_id", AwsTerraform.ref(s.ref()));
      } else if (r instanceof AutoscalingGroup g && g.tags().containsKey("k8s.io/role/node")) {
        g.subnets()
            .forEach(
                s -> {
                  Object ref = AwsTerraform.ref(s);
                  if (!nodeSubnets.contains(ref)) {
                    nodeSubnets.add(ref);
                  }
                });
      } else if (r instanceof RouteTable t && "public".equals(t.tags().get(Tags.KOPS_ROLE))) {
        out.put("route_table_public_id", AwsTerraform.ref(t.id(), "id"));
      }
    }
    if (!nodeSubnets.isEmpty()) {
      out.put("node_subnet_ids", nodeSubnets);
    }
    return out;
  }
}
