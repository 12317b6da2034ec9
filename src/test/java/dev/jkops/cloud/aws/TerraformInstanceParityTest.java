package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.InstanceGroup;
import dev.jkops.api.InstanceGroupSpec;
import dev.jkops.cloud.terraform.TerraformJsonWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The instance side of today's kops cases, field by field: each launch template's root volume,
 * monitoring and metadata options (the group's hop limit and tokens), and each autoscaling group's
 * sizes, subnets, metrics, {@code max_instance_lifetime} and the load balancer target groups its
 * instances join (without them the API and bastion load balancers have no targets).
 */
class TerraformInstanceParityTest {
  static final Map<String, List<String>> FIELDS =
      Map.of(
          "aws_launch_template",
              List.of(
                  "block_device_mappings",
                  "metadata_options",
                  "monitoring",
                  "instance_type",
                  "name"),
          "aws_autoscaling_group",
              List.of(
                  "enabled_metrics",
                  "metrics_granularity",
                  "max_instance_lifetime",
                  "max_size",
                  "min_size",
                  "name",
                  "target_group_arns",
                  "vpc_zone_identifier",
                  "launch_template"));

  @ParameterizedTest
  @ValueSource(strings = {"minimal-aws@HEAD", "privatecalico@HEAD", "privateflannel@HEAD"})
  void launchTemplatesAndGroupsMatchKops(String caseName) throws Exception {
    ClusterBundle bundle = AwsCases.bundle(caseName);
    ObjectMapper m = new ObjectMapper();
    JsonNode ours =
        m.readTree(
                TerraformJsonWriter.write(
                    AwsTerraform.config(AwsCluster.of(bundle), AwsCases.resources(bundle))))
            .path("resource");
    JsonNode theirs = m.readTree(AwsCases.expectedJson(caseName)).path("resource");
    int compared = 0;
    for (var type : FIELDS.entrySet()) {
      var names = theirs.path(type.getKey()).fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        for (String field : type.getValue()) {
          JsonNode want = theirs.path(type.getKey()).path(name).path(0).path(field);
          if (field.equals("block_device_mappings")) {
            want = withoutInstanceStore(want);
          }
          JsonNode got = ours.path(type.getKey()).path(name).path(0).path(field);
          assertThat(got).as("%s.%s %s", type.getKey(), name, field).isEqualTo(want);
          compared++;
        }
      }
    }
    assertThat(compared).isGreaterThan(20);
    System.out.printf(
        "terraform instance parity %-22s %d fields identical to kops%n", caseName, compared);
  }

  /**
   * kops maps an instance type's instance-store volumes ({@code ephemeral0} on {@code /dev/sdc} for
   * m3.medium) from its table of EC2 instance types; jkops has no such table, so these are left
   * out.
   */
  private static JsonNode withoutInstanceStore(JsonNode mappings) {
    var out = new ObjectMapper().createArrayNode();
    mappings.forEach(
        mapping -> {
          if (!mapping.has("virtual_name")) {
            out.add(mapping);
          }
        });
    return out;
  }

  @Test
  void theGroupsHopLimitIsWritten() {
    ClusterBundle bundle = AwsCases.bundle("privatecalico@HEAD");
    InstanceGroup nodes =
        bundle.instanceGroups().stream()
            .filter(ig -> ig.name().equals("nodes"))
            .findFirst()
            .orElseThrow();
    assertThat(InstanceSettings.of(nodes).hopLimit())
        .as("privatecalico asks for 3 on nodes")
        .isEqualTo(3);
  }

  @Test
  void lifetimesAreGoDurationsWithinWhatAwsTakes() {
    List<String> errors = new ArrayList<>();
    assertThat(InstanceSettings.lifetime("48h20m", "f", errors)).isEqualTo(174_000);
    assertThat(InstanceSettings.lifetime("0", "f", errors)).isZero();
    assertThat(InstanceSettings.lifetime("0s", "f", errors)).isZero();
    assertThat(InstanceSettings.lifetime(null, "f", errors)).isZero();
    assertThat(errors).isEmpty();
    InstanceSettings.lifetime("1h", "spec.maxInstanceLifetime", errors);
    InstanceSettings.lifetime("two days", "spec.maxInstanceLifetime", errors);
    assertThat(errors)
        .containsExactly(
            "spec.maxInstanceLifetime 1h is 3600 s; AWS takes 0 (no limit) or from 24h to 8760h (a year)",
            "spec.maxInstanceLifetime \"two days\" is not a duration; write it as 48h20m or 720h");
  }

  @Test
  void badInstanceSettingsNameTheFieldAndTheFix() {
    ClusterBundle b = AwsCases.bundle("privatecalico@HEAD");
    InstanceGroup ig = b.instanceGroups().get(0);
    Map<String, Object> extra = new HashMap<>(ig.spec().extra());
    extra.put("instanceMetadata", Map.of("httpPutResponseHopLimit", 99, "httpTokens", "maybe"));
    extra.put("rootVolume", Map.of("size", "big"));
    InstanceGroupSpec s = ig.spec();
    InstanceGroup bad =
        new InstanceGroup(
            ig.apiVersion(),
            ig.kind(),
            ig.metadata(),
            new InstanceGroupSpec(
                s.role(),
                s.subnets(),
                s.machineType(),
                s.minSize(),
                s.maxSize(),
                s.rollingUpdate(),
                s.nodeLabels(),
                s.additionalSecurityGroups(),
                extra),
            ig.extra());
    assertThatThrownBy(() -> InstanceSettings.of(bad))
        .isInstanceOf(AwsException.class)
        .hasMessageContaining(
            "instance group " + ig.name() + ": spec.rootVolume.size \"big\" is not a whole number")
        .hasMessageContaining("instanceMetadata.httpPutResponseHopLimit 99 is outside AWS' 1 to 64")
        .hasMessageContaining("instanceMetadata.httpTokens \"maybe\" must be required or optional")
        .hasMessageContaining("jkops edit");
  }
}
