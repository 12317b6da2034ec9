package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.testing.RequiresRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code rolling-update --yes} drains as kops does (with force), so a pod made with {@code create
 * pod} is deleted for good: the roll names each such pod, the node's log keeps the record across
 * the replacement, and the pods the cluster runs itself (kube-dns) come back (issue 21, item 3).
 */
@RequiresRoot
class RollingUpdateBarePodsTest {
  @RegisterExtension final LocalClusterFixture cluster = new LocalClusterFixture("bare");
  final Cli cli = cluster.cli();
  final String name = cluster.name();

  @Test
  void theRollSaysWhichPodsItDeletesAndTheNodeLogKeepsIt() throws Exception {
    ok(
        cli.run(
            "create",
            "cluster",
            name,
            "--zones",
            "zone-a,zone-b",
            "--node-count",
            "2",
            "--networking",
            "kubenet"));
    ok(cli.run("update", "cluster", name, "-y"));
    ok(cli.run("create", "pod", "pa", "--name", name, "--node", "nodes-zone-a-1"));
    // places kube-dns, one replica per worker, and keeps a probe server pod on each worker
    ok(cli.run("validate", "cluster", name));
    String keptServer =
        ok(cli.run("get", "pods", name, "-n", "jkops-validate", "-o", "json")).out();
    String rolledCreated = created(keptServer, "vs-nodes-zone-a-1");
    String otherCreated = created(keptServer, "vs-nodes-zone-b-1");

    Cli.Result roll =
        ok(
            cli.run(
                "rolling-update",
                "cluster",
                name,
                "-y",
                "--force",
                "--instance-group",
                "nodes-zone-a",
                "--node-interval",
                "0s",
                "--validate-count",
                "1"));
    assertThat(roll.err())
        .contains("deleting pod default/pa: not managed by a controller")
        .containsPattern("evicting pod kube-system/kube-dns-\\d: the cluster starts it again")
        .contains(
            "evicting pod jkops-validate/vs-nodes-zone-a-1: validate makes it again on the node's"
                + " replacement");
    assertThat(roll.out()).contains("Replaced instance \"nodes-zone-a-1\"");

    String log = ok(cli.run("logs", "node", "nodes-zone-a-1", "--name", name)).out();
    assertThat(log)
        .contains("DRAIN deleting pod default/pa: not managed by a controller")
        .contains("DEL default/pa")
        .contains("REPLACED instance nodes-zone-a-1");
    assertThat(log.indexOf("DRAIN")).isLessThan(log.indexOf("REPLACED"));

    String pods = ok(cli.run("get", "pods", name)).out();
    assertThat(pods).doesNotContainPattern("\\spa\\s").contains("kube-dns-1", "kube-dns-2");
    // the roll's validation made the replacement's probe server pod again and kept the other
    // group's
    String after = ok(cli.run("get", "pods", name, "-n", "jkops-validate", "-o", "json")).out();
    assertThat(created(after, "vs-nodes-zone-a-1")).isNotEqualTo(rolledCreated);
    assertThat(created(after, "vs-nodes-zone-b-1")).isEqualTo(otherCreated);
    assertThat(ok(cli.run("get", "nodes", name)).out()).contains("nodes-zone-a-1");

    // kubectl's shapes: a List with items, and "No resources found" for nothing
    com.fasterxml.jackson.databind.JsonNode nodes =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(ok(cli.run("get", "nodes", name, "-o", "json")).out());
    assertThat(nodes.path("kind").asText()).isEqualTo("List");
    assertThat(nodes.path("items")).hasSize(3);
    assertThat(nodes.path("items").get(0).path("kind").asText()).isEqualTo("Node");
    Cli.Result none = ok(cli.run("get", "pods", name, "-n", "empty"));
    assertThat(none.out()).isEmpty();
    assertThat(none.err()).isEqualTo("No resources found in empty namespace.\n");
    assertThat(ok(cli.run("get", "pods", name, "-A")).out()).contains("kube-dns-1");
  }

  /** The creation time of pod {@code name} in a {@code get pods -o json} list. */
  private static String created(String listJson, String name) throws Exception {
    for (com.fasterxml.jackson.databind.JsonNode item :
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(listJson).path("items")) {
      if (item.path("metadata").path("name").asText().equals(name)) {
        return item.path("metadata").path("creationTimestamp").asText();
      }
    }
    throw new AssertionError("no pod " + name + " in " + listJson);
  }

  private static Cli.Result ok(Cli.Result r) {
    assertThat(r.code()).as(r.toString()).isZero();
    return r;
  }
}
