package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jkops.api.store.FileStateStore;
import dev.jkops.cloud.local.apiserver.ApiServerProcess;
import dev.jkops.cloud.local.apiserver.ClusterPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code jkops export kubecfg}: what it writes into a kubeconfig, and its refusals (no root
 * needed).
 */
class ExportKubecfgCommandTest {
  private static final ObjectMapper YAML =
      new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());

  @RegisterExtension
  final LocalClusterFixture cluster = LocalClusterFixture.inTheStateStoreOnly("export");

  @Test
  void mergesACredentialledContextIntoAnExistingKubeconfigAndMakesItCurrent() throws Exception {
    Cli cli = cluster.cli();
    String name = cluster.name();
    assertThat(
            cli.run("create", "cluster", name, "--zones", "us-test-1a", "--cloud", "local").code())
        .isZero();
    Path kubeconfig = cluster.dir().resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - {name: other, cluster: {server: "https://10.0.0.1"}}
        users:
        - {name: other, user: {token: abc}}
        contexts:
        - {name: other, context: {cluster: other, user: other}}
        current-context: other
        """);
    Cli.Result refused =
        cli.run("export", "kubecfg", name, "--admin", "--kubeconfig", kubeconfig.toString());
    assertThat(refused.code()).isNotZero();
    assertThat(refused.err())
        .contains("no Kubernetes API server", "jkops update cluster " + name + " --yes");
    assertThat(Files.readString(kubeconfig)).doesNotContain(name);

    // what update cluster --yes leaves: the CA in the state store, the server's port in the runtime
    // dir
    ClusterPki pki = ClusterPki.ensure(new FileStateStore(cluster.state()), name);
    Path apiDir = ApiServerProcess.dirOf(cluster.names().runtimeDir());
    Files.createDirectories(apiDir);
    Files.writeString(apiDir.resolve("port"), "41234\n");

    for (int i = 0; i < 2; i++) { // twice: the entries are replaced, not added again
      Cli.Result r =
          cli.run("export", "kubecfg", name, "--admin", "--kubeconfig", kubeconfig.toString());
      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(r.out()).contains("jkops has set your kubectl context to " + name);
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kubeconfig)))
        .isEqualTo("rw-------");
    JsonNode config = YAML.readTree(kubeconfig.toFile());
    assertThat(config.path("current-context").asText()).isEqualTo(name);
    assertThat(names(config.path("clusters"))).containsExactly("other", name);
    assertThat(names(config.path("users"))).containsExactly("other", name);
    assertThat(names(config.path("contexts"))).containsExactly("other", name);
    JsonNode mine = config.path("clusters").path(1).path("cluster");
    assertThat(mine.path("server").asText()).isEqualTo("https://127.0.0.1:41234");
    assertThat(
            new String(
                java.util.Base64.getDecoder()
                    .decode(mine.path("certificate-authority-data").asText())))
        .isEqualTo(pki.caPem());
    String certPem =
        new String(
            java.util.Base64.getDecoder()
                .decode(
                    config
                        .path("users")
                        .path(1)
                        .path("user")
                        .path("client-certificate-data")
                        .asText()));
    assertThat(
            new ClusterPki.Verifier(pki.caCertificate())
                .issued(dev.jkops.cloud.local.apiserver.ClusterPkiAccess.read(certPem)))
        .isTrue();
    assertThat(config.path("users").path(0).path("user").path("token").asText()).isEqualTo("abc");

    Cli.Result plain = cli.run("export", "kubecfg", name, "--kubeconfig", kubeconfig.toString());
    assertThat(plain.code()).isZero();
    assertThat(plain.err()).contains("no credentials exported");
    assertThat(YAML.readTree(kubeconfig.toFile()).path("users").path(1).path("user").size())
        .isZero();
  }

  private static List<String> names(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> out.add(n.path("name").asText()));
    return out;
  }
}
