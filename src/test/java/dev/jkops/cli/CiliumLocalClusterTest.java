package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.kernel.Command;
import dev.jkops.cloud.local.kernel.CommandRunner;
import dev.jkops.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * cilium on the local cloud, as a user runs it: kops' flag value, update --yes, and {@code validate
 * cluster} green with every connectivity probe and the NetworkPolicy probes passing (cilium
 * enforces policy), in its default VXLAN tunnel across zones (the kernel holds a cilium_vxlan
 * device on UDP 8472 in every node) and in its native-routing mode within one subnet (no tunnel
 * device, routes to the peers' pod ranges; across subnets kops configures no routes for cilium, so
 * the provider warns instead). A pod is then isolated by a policy and a client is refused, as
 * cilium would.
 */
@RequiresRoot
class CiliumLocalClusterTest {
  @RegisterExtension final LocalClusterFixture cluster = new LocalClusterFixture("cil");
  final Cli cli = cluster.cli();
  final String name = cluster.name();

  void createAndUpdate(String zones, String tunnelEdit) throws Exception {
    Cli.Result created =
        cli.run(
            "create",
            "cluster",
            name,
            "--zones",
            zones,
            "--node-count",
            "2",
            "--networking",
            "cilium");
    assertThat(created.code()).as(created.toString()).isZero();
    if (tunnelEdit != null) { // as a user picks native routing: edit cluster
      Path editor = cluster.dir().resolve("tunnel.sh");
      Files.writeString(
          editor,
          "#!/bin/sh\nsed -i 's/^\\( *\\)enableNodePort: true$/&\\n\\1tunnel: "
              + tunnelEdit
              + "/' \"$1\"\n");
      editor.toFile().setExecutable(true);
      Cli.Result edit = cli.env("EDITOR", editor.toString()).run("edit", "cluster", name);
      assertThat(edit.code()).as(edit.toString()).isZero();
      assertThat(cli.run("get", "cluster", name, "-o", "yaml").out())
          .contains("tunnel: " + tunnelEdit);
    }
    Cli.Result up = cli.run("update", "cluster", name, "--yes");
    assertThat(up.code()).as(up.toString()).isZero();
  }

  void validatesGreenWithPolicyProbes(String across) {
    Cli.Result valid = cli.run("validate", "cluster", name);
    assertThat(valid.code()).as(valid.toString()).isZero();
    assertThat(valid.out())
        .contains("Your cluster " + name + " is ready")
        .contains(across)
        .contains("policy allows")
        .contains("policy denies");
    var m = EveryModeValidatesTest.PASSED.matcher(valid.out());
    assertThat(m.find()).as(valid.out()).isTrue();
    assertThat(m.group(1)).isEqualTo(m.group(2));
  }

  String link(String node, String device) {
    String ns = cluster.names().instanceNamespace(node);
    return CommandRunner.system()
        .run(
            Command.of(
                "read " + device, List.of("ip", "-n", ns, "-d", "link", "show", "dev", device)))
        .stdout();
  }

  @Test
  void tunnelsInVxlanOnPort8472AndEnforcesNetworkPolicy() throws Exception {
    createAndUpdate("zone-a,zone-b", null);
    Cli.Result net = cli.run("get", "networking", name);
    assertThat(net.out()).contains("cilium", "cilium_vxlan", "enforced");

    assertThat(link("nodes-zone-a-1", "cilium_vxlan"))
        .contains("vxlan id 2", "dstport 8472", "mtu 1450");
    validatesGreenWithPolicyProbes("pod-to-pod, across zones");

    Cli.Result web =
        cli.run(
            "create",
            "pod",
            "web",
            "--name",
            name,
            "--labels",
            "app=web",
            "--node",
            "nodes-zone-b-1");
    assertThat(web.code()).as(web.toString()).isZero();
    assertThat(
            cli.run("create", "pod", "client", "--name", name, "--node", "nodes-zone-a-1").code())
        .isZero();
    String webIp = web.out().replaceAll("(?s).*with address (\\S+).*", "$1").trim();
    assertThat(
            cli.run("exec", "client", "--name", name, "--", "ping", "-c", "1", "-W", "2", webIp)
                .code())
        .as("before")
        .isZero();
    Path policy = cluster.dir().resolve("deny.yaml");
    Files.writeString(
        policy,
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-web}\n"
            + "spec:\n  podSelector: {matchLabels: {app: web}}\n");
    Cli.Result applied = cli.run("apply", "--name", name, "-f", policy.toString());
    assertThat(applied.code()).as(applied.toString()).isZero();
    assertThat(applied.out()).contains("1 pod(s) isolated");
    assertThat(
            cli.run("exec", "client", "--name", name, "--", "ping", "-c", "1", "-W", "1", webIp)
                .code())
        .as("denied")
        .isNotZero();
  }

  @Test
  void nativeRoutingCarriesPodsWithoutATunnel() throws Exception {
    createAndUpdate("zone-a", "disabled");
    Cli.Result net = cli.run("get", "networking", name);
    assertThat(net.out()).contains("host-routes").doesNotContain("cilium_vxlan");
    String ns = cluster.names().instanceNamespace("nodes-zone-a-1");
    assertThat(
            CommandRunner.system()
                .run(Command.of("links", List.of("ip", "-n", ns, "-o", "link")))
                .stdout())
        .doesNotContain("cilium_vxlan");
    validatesGreenWithPolicyProbes("pod-to-pod");
  }
}
