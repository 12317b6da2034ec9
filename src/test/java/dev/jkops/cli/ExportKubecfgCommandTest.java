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

    ClusterPki pki = asUpdateLeavesIt(41234);

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

    // as kops: an export without --admin or --user keeps the context's user and its credential
    // (update cluster --yes exports so, and must not log kubectl out)
    Cli.Result plain = cli.run("export", "kubecfg", name, "--kubeconfig", kubeconfig.toString());
    assertThat(plain.code()).as(plain.toString()).isZero();
    assertThat(plain.err()).doesNotContain("no user authentication");
    JsonNode kept = YAML.readTree(kubeconfig.toFile());
    assertThat(kept.path("users").path(1).path("user").path("client-certificate-data").asText())
        .isEqualTo(
            config.path("users").path(1).path("user").path("client-certificate-data").asText());
    assertThat(kept.path("contexts").path(1).path("context").path("user").asText()).isEqualTo(name);
  }

  @Test
  void adminTakesALifetimeOnlyWhenAttachedAndUserNamesAnExistingOne() throws Exception {
    Cli cli = cluster.cli();
    String name = cluster.name();
    ClusterPki pki = createdAsUpdateLeavesIt(41235);
    Path kubeconfig = cluster.dir().resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        users:
        - {name: sso, user: {token: xyz}}
        """);
    String before = Files.readString(kubeconfig);

    // refusals: each names the flag, and the kubeconfig is left as it was
    for (String[] args :
        List.of(
            new String[] {"--admin=soon"},
            new String[] {"--admin=0s"},
            new String[] {"--user", "nobody"},
            new String[] {"--admin=1h", "--user", "sso"})) {
      List<String> line = new ArrayList<>(List.of("export", "kubecfg", name));
      line.addAll(List.of(args));
      line.addAll(List.of("--kubeconfig", kubeconfig.toString()));
      Cli.Result r = cli.run(line.toArray(String[]::new));
      assertThat(r.code()).as(r.toString()).isNotZero();
      assertThat(r.err()).as(r.toString()).containsPattern("--admin|--user");
      assertThat(Files.readString(kubeconfig)).as(String.join(" ", args)).isEqualTo(before);
    }

    // a fresh context with no user: said on stderr, as kops warns
    Cli.Result bare = cli.run("export", "kubecfg", name, "--kubeconfig", kubeconfig.toString());
    assertThat(bare.code()).as(bare.toString()).isZero();
    assertThat(bare.err()).contains("no user authentication", "--admin");

    // --user: the context points at the user the file has; nothing is issued
    Cli.Result sso =
        cli.run("export", "kubecfg", name, "--user", "sso", "--kubeconfig", kubeconfig.toString());
    assertThat(sso.code()).as(sso.toString()).isZero();
    assertThat(sso.err()).doesNotContain("no user authentication");
    JsonNode config = YAML.readTree(kubeconfig.toFile());
    assertThat(config.path("contexts").path(0).path("context").path("user").asText())
        .isEqualTo("sso");
    assertThat(names(config.path("users"))).containsExactly("sso");

    // --admin NAME: bare --admin (18h, kops' default) and NAME the cluster, as kops parses it
    Cli.Result admin =
        cli.run("export", "kubecfg", "--admin", name, "--kubeconfig", kubeconfig.toString());
    assertThat(admin.code()).as(admin.toString()).isZero();
    assertThat(lifetime(kubeconfig, pki)).isEqualTo(java.time.Duration.ofHours(18 + 1));
    Cli.Result hour =
        cli.run("export", "kubecfg", name, "--admin=1h", "--kubeconfig", kubeconfig.toString());
    assertThat(hour.code()).as(hour.toString()).isZero();
    // notBefore is an hour back, for clocks that differ
    assertThat(lifetime(kubeconfig, pki)).isEqualTo(java.time.Duration.ofHours(1 + 1));
    assertThat(
            YAML.readTree(kubeconfig.toFile())
                .path("contexts")
                .path(0)
                .path("context")
                .path("user")
                .asText())
        .isEqualTo(name);
  }

  @Test
  void allExportsEveryClusterItCanAndSaysWhichItCannot() throws Exception {
    Cli cli = cluster.cli();
    String name = cluster.name();
    createdAsUpdateLeavesIt(41237);
    Cli.Result aws = cli.run("create", "cluster", "aws.example.com", "--zones", "us-east-1a");
    assertThat(aws.code()).as(aws.toString()).isZero();
    Path kubeconfig = cluster.dir().resolve("all");

    Cli.Result both = cli.run("export", "kubecfg", "--all", name);
    assertThat(both.code()).as(both.toString()).isEqualTo(2);
    assertThat(both.err()).contains("cannot use both --all and a cluster name");

    Cli.Result r = cli.run("export", "kubecfg", "--all", "--kubeconfig", kubeconfig.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("jkops has set your kubectl context to " + name);
    assertThat(r.err())
        .contains("W: no kubeconfig exported: cluster aws.example.com is on cloud \"aws\"");
    JsonNode config = YAML.readTree(kubeconfig.toFile());
    assertThat(names(config.path("contexts"))).containsExactly(name);
    assertThat(config.path("current-context").asText()).isEqualTo(name);
  }

  @Test
  void aLinkedKubeconfigIsWrittenThroughItsLinkAsKubectlWritesIt() throws Exception {
    Cli cli = cluster.cli();
    String name = cluster.name();
    createdAsUpdateLeavesIt(41236);
    Path dotfiles = Files.createDirectories(cluster.dir().resolve("dotfiles"));
    Path real = dotfiles.resolve("kubeconfig");
    Files.writeString(real, "apiVersion: v1\nkind: Config\n");
    Path kube = Files.createDirectories(cluster.dir().resolve(".kube"));
    Files.createSymbolicLink(kube.resolve("config"), Path.of("../dotfiles/kubeconfig"));

    Cli.Result r = cli.run("export", "kubecfg", name, "--admin");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(kube.resolve("config")).as("still a link").isSymbolicLink();
    assertThat(Files.readString(real)).contains("current-context: \"" + name + "\"");
  }

  /** The fixture's local cluster created, and {@link #asUpdateLeavesIt} for it. */
  private ClusterPki createdAsUpdateLeavesIt(int port) throws Exception {
    Cli.Result created =
        cluster.cli().run("create", "cluster", cluster.name(), "--zones", "zone-a");
    assertThat(created.code()).as(created.toString()).isZero();
    return asUpdateLeavesIt(port);
  }

  /**
   * What update cluster --yes leaves for an export: the CA in the state store, the server's port in
   * the runtime dir.
   */
  private ClusterPki asUpdateLeavesIt(int port) throws Exception {
    ClusterPki pki = ClusterPki.ensure(new FileStateStore(cluster.state()), cluster.name());
    Path apiDir = ApiServerProcess.dirOf(cluster.names().runtimeDir());
    Files.createDirectories(apiDir);
    Files.writeString(apiDir.resolve("port"), port + "\n");
    return pki;
  }

  /** The span of the client certificate in the kubeconfig's user named after the cluster. */
  private java.time.Duration lifetime(Path kubeconfig, ClusterPki pki) throws Exception {
    JsonNode users = YAML.readTree(kubeconfig.toFile()).path("users");
    for (JsonNode u : users) {
      if (u.path("name").asText().equals(cluster.name())) {
        java.security.cert.X509Certificate cert =
            dev.jkops.cloud.local.apiserver.ClusterPkiAccess.read(
                new String(
                    java.util.Base64.getDecoder()
                        .decode(u.path("user").path("client-certificate-data").asText())));
        assertThat(new ClusterPki.Verifier(pki.caCertificate()).issued(cert)).isTrue();
        return java.time.Duration.between(
            cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant());
      }
    }
    throw new AssertionError("no user " + cluster.name() + " in " + Files.readString(kubeconfig));
  }

  private static List<String> names(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> out.add(n.path("name").asText()));
    return out;
  }
}
