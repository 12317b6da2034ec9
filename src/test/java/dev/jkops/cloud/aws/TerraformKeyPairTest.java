package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.store.FileStateStore;
import dev.jkops.cloud.terraform.TerraformConfig;
import dev.jkops.cloud.terraform.TerraformHclWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The admin SSH key as kops writes it for Terraform: an {@code aws_key_pair} named by the key's MD5
 * fingerprint, its key in a data file, and every launch template's {@code key_name} referring to
 * it; {@code spec.sshKeyName} names an existing key pair instead, or none.
 */
class TerraformKeyPairTest {
  private static final Pattern BLOCK =
      Pattern.compile("(?ms)^resource \"(\\S+)\" \"(\\S+)\" \\{\\n.*?^\\}\\n");
  private static final Pattern KEY_NAME = Pattern.compile("(?m)^  key_name\\s+= (.*)$");

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"minimal-aws@HEAD", "privatecalico@HEAD", "privateflannel@HEAD"})
  void keyPairDataFileAndKeyNamesMatchKops(String caseName) throws Exception {
    ClusterBundle bundle = AwsCases.bundle(caseName);
    TerraformConfig config =
        AwsTerraform.config(
            AwsCluster.of(bundle),
            AwsCases.resources(bundle),
            Optional.empty(),
            Optional.empty(),
            Optional.of(AwsCases.sshKey(caseName)));
    String ours = TerraformHclWriter.write(config);
    String theirs = AwsCases.expectedHcl(caseName);

    var want = blocks(theirs, "aws_key_pair");
    assertThat(want).hasSize(1);
    assertThat(blocks(ours, "aws_key_pair")).isEqualTo(want);

    Path kopsData = AwsCases.dir().resolve(caseName).resolve("data");
    String file =
        "aws_key_pair_kubernetes." + bundle.name() + "-c4a6ed9aa889b9e2c39cd663eb9c7157_public_key";
    assertThat(config.dataFiles().get(file)).isEqualTo(Files.readString(kopsData.resolve(file)));

    List<String> kopsKeyNames = keyNames(blocks(theirs, "aws_launch_template").values());
    assertThat(kopsKeyNames).hasSizeGreaterThanOrEqualTo(2);
    assertThat(keyNames(blocks(ours, "aws_launch_template").values())).isEqualTo(kopsKeyNames);
  }

  @Test
  void theFingerprintIsOpenSshsMd5One() {
    // ssh-keygen -l -E md5 -f id_rsa.pub prints MD5:c4:a6:ed:9a:... for kops' test key
    assertThat(AwsCases.sshKey("minimal-aws@HEAD").fingerprint())
        .isEqualTo("c4:a6:ed:9a:a8:89:b9:e2:c3:9c:d6:63:eb:9c:71:57");
  }

  @Test
  void anExistingKeyPairIsNamedAndNoneIsWritten() {
    TerraformConfig config = withSshKeyName("my-team-key");
    assertThat(config.resources()).noneMatch(r -> r.type().equals("aws_key_pair"));
    assertThat(keyNames(blocks(TerraformHclWriter.write(config), "aws_launch_template").values()))
        .hasSizeGreaterThanOrEqualTo(2)
        .containsOnly("\"my-team-key\"");
  }

  @Test
  void anEmptySshKeyNameMeansInstancesWithoutAKey() {
    TerraformConfig config = withSshKeyName("");
    assertThat(config.resources()).noneMatch(r -> r.type().equals("aws_key_pair"));
    assertThat(keyNames(blocks(TerraformHclWriter.write(config), "aws_launch_template").values()))
        .isEmpty();
  }

  @Test
  void withoutAKeyNoKeyPairIsWritten() {
    ClusterBundle bundle = AwsCases.bundle("minimal-aws@HEAD");
    TerraformConfig config = AwsTerraform.config(AwsCluster.of(bundle), AwsCases.resources(bundle));
    assertThat(config.resources()).noneMatch(r -> r.type().equals("aws_key_pair"));
    assertThat(TerraformHclWriter.write(config)).doesNotContain("key_name");
  }

  @Test
  void textThatIsNotAnOpenSshKeyIsRefusedNamingWhereItCameFrom() {
    assertThatThrownBy(
            () -> SshPublicKey.of("-----BEGIN PUBLIC KEY-----\nMIIB...\n", "/home/me/key.pem"))
        .isInstanceOf(AwsException.class)
        .hasMessageStartingWith("/home/me/key.pem: not an OpenSSH public key");
    assertThatThrownBy(
            () -> SshPublicKey.of("ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAAAgQ==", "k.pub"))
        .isInstanceOf(AwsException.class)
        .hasMessageContaining("does not hold a ssh-ed25519 key");
  }

  @Test
  void theAdminKeyIsReadWhereKopsKeepsItInTheStateStore() throws Exception {
    FileStateStore store = new FileStateStore(dir);
    assertThat(SshPublicKey.fromStore(store, "c.example.com")).isEmpty();
    SshPublicKey key = AwsCases.sshKey("minimal-aws@HEAD");
    store.write(
        "c.example.com/pki/ssh/public/admin/c4a6ed9aa889b9e2c39cd663eb9c7157",
        key.fileContent().getBytes(StandardCharsets.UTF_8));
    assertThat(SshPublicKey.fromStore(store, "c.example.com")).contains(key);
    store.write(
        "c.example.com/pki/ssh/public/admin/0123",
        key.fileContent().getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> SshPublicKey.fromStore(store, "c.example.com"))
        .isInstanceOf(AwsException.class)
        .hasMessageContaining("holds 2 admin SSH public keys");
  }

  @Test
  void anSshKeyNameThatIsNoKeyPairNameIsRefused() {
    // The kops case is read before the assertion: without kops' cases the test is skipped, and
    // the skip must not be caught as the wrong exception.
    ClusterBundle named = namedKey(" spaced\n");
    SshPublicKey key = AwsCases.sshKey("minimal-aws@HEAD");
    assertThatThrownBy(() -> config(named, key))
        .isInstanceOf(AwsException.class)
        .hasMessageStartingWith("spec.sshKeyName");
  }

  private static TerraformConfig withSshKeyName(String name) {
    return config(namedKey(name), AwsCases.sshKey("minimal-aws@HEAD"));
  }

  private static ClusterBundle namedKey(String name) {
    ClusterBundle bundle = AwsCases.bundle("minimal-aws@HEAD");
    var spec = bundle.cluster().spec().toBuilder();
    spec.extra = new LinkedHashMap<>(spec.extra);
    spec.extra.put("sshKeyName", name);
    var cluster = bundle.cluster();
    return new ClusterBundle(
        new dev.jkops.api.Cluster(
            cluster.apiVersion(),
            cluster.kind(),
            cluster.metadata(),
            spec.build(),
            cluster.extra()),
        bundle.instanceGroups());
  }

  private static TerraformConfig config(ClusterBundle named, SshPublicKey key) {
    return AwsTerraform.config(
        AwsCluster.of(named),
        AwsCases.resources(named),
        Optional.empty(),
        Optional.empty(),
        Optional.of(key));
  }

  private static LinkedHashMap<String, String> blocks(String hcl, String type) {
    LinkedHashMap<String, String> out = new LinkedHashMap<>();
    Matcher m = BLOCK.matcher(hcl);
    while (m.find()) {
      if (m.group(1).equals(type)) {
        out.put(m.group(2), m.group());
      }
    }
    return out;
  }

  private static List<String> keyNames(java.util.Collection<String> blocks) {
    return blocks.stream()
        .flatMap(b -> KEY_NAME.matcher(b).results().map(r -> r.group(1)))
        .toList();
  }
}
