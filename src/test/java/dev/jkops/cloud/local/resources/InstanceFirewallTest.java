package dev.jkops.cloud.local.resources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.runtime.ClusterNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The security group table's comment fits nftables' 128 bytes with a 253-character cluster name.
 */
class InstanceFirewallTest {
  static final String CLUSTER =
      "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);

  @Test
  void aGroupNamedAfterTheLongestClusterNameFitsTheCommentAndReadsBackEqual() {
    ClusterNames names = ClusterNames.of(CLUSTER, Path.of("/tmp/unused"));
    InstanceFirewall planned =
        InstanceFirewall.of(names, "nodes-zone-a-1", "nodes." + CLUSTER, List.of(), List.of(), 9);
    assertThat(planned.comment().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(128);
    String sg = planned.comment().substring("sg=".length(), planned.comment().indexOf(' '));
    InstanceFirewall live = InstanceFirewall.live(names, "nodes-zone-a-1", sg, 9, planned.digest());
    assertThat(live.attributes()).isEqualTo(planned.attributes());
    InstanceFirewall otherGroup =
        InstanceFirewall.of(names, "nodes-zone-a-1", "masters." + CLUSTER, List.of(), List.of(), 9);
    assertThat(otherGroup.attributes()).isNotEqualTo(planned.attributes());
  }

  @Test
  void aShortGroupNameIsCarriedWhole() {
    InstanceFirewall f =
        InstanceFirewall.of(
            ClusterNames.of("c.local", Path.of("/tmp/unused")),
            "nodes-zone-a-1",
            "nodes.c.local",
            List.of(),
            List.of(),
            9);
    assertThat(f.comment()).startsWith("sg=nodes.c.local rules=9 digest=");
  }
}
