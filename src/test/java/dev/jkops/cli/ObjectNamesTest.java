package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.policy.ManifestException;
import dev.jkops.cloud.local.policy.NetworkPolicyReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names and labels reach a store key, etcd and logs only as Kubernetes would accept them: before, a
 * Namespace named {@code $(id)} or labelled with a newline was stored as given, and a policy's
 * {@code metadata.namespace: ..} ended in an internal error. sshAccess is stored as it was checked.
 */
class ObjectNamesTest {
  @TempDir Path dir;

  Cli cli() {
    return new Cli(dir, "file://" + dir.resolve("state"));
  }

  @Test
  void aNamespaceWithAShellNameOrAMultiLineLabelIsRefusedNamingTheField() throws Exception {
    Path ns =
        Files.writeString(
            dir.resolve("ns.yaml"),
            """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: "$(id)"
          labels:
            "team\\"x": "a\\nb"
        """);
    Cli.Result r = cli().run("apply", "-f", ns.toString(), "--name", "a.example.com");
    assertThat(r.code()).as(r.toString()).isNotZero();
    assertThat(r.err())
        .contains(
            "is not a valid Namespace",
            "metadata.name",
            "DNS label",
            "not a valid label key",
            "not a valid label value")
        .doesNotContain("internal error");
  }

  @Test
  void aPolicysNamespaceMustBeADnsLabel() {
    for (String bad : new String[] {"..", "a/b", "\"x\\ny\"", "UPPER"}) {
      String yaml =
          "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: "
              + bad
              + "\nspec:\n  podSelector: {}\n";
      try {
        NetworkPolicyReader.readAll(yaml, "policy.yaml");
        throw new AssertionError("accepted namespace " + bad);
      } catch (ManifestException e) {
        assertThat(e.getMessage()).as(bad).contains("metadata.namespace", "DNS label");
      }
    }
  }

  @Test
  void sshAccessIsStoredTrimmedAsItWasChecked() throws Exception {
    Cli cli = cli();
    assertThat(
            cli.run("create", "cluster", "a.example.com", "--zones", "us-test-1a", "--cloud", "aws")
                .code())
        .isZero();
    Path config = dir.resolve("state/a.example.com/config");
    String spec =
        Files.readString(config)
            .replaceFirst("sshAccess:\\n(\\s*)- 0.0.0.0/0", "sshAccess:\n$1- \" 10.0.0.0/8\\\\t\"");
    assertThat(spec).contains("10.0.0.0/8\\t");
    Path edited = Files.writeString(dir.resolve("edited.yaml"), spec);
    Cli.Result r = cli.run("replace", "-f", edited.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(Files.readString(config))
        .contains("- 10.0.0.0/8\n")
        .doesNotContain("\\t")
        .doesNotContain(" 10.0.0.0/8\t");
  }
}
