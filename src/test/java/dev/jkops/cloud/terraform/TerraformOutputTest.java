package dev.jkops.cloud.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.SafePaths;
import dev.jkops.testing.LocalUser;
import dev.jkops.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Terraform output on a shared machine: no link is written through, modes are set, foreign dirs
 * refused.
 */
class TerraformOutputTest {
  @TempDir Path dir;

  static TerraformConfig config() {
    TreeMap<String, String> data = new TreeMap<>();
    data.put("user_data", "#!/bin/sh\n");
    return new TerraformConfig("us-test-1", List.of(), new TreeMap<>(), data);
  }

  @Test
  void aLinkPlantedAtTheTemporaryOrTheFinalNameIsReplacedNotFollowed() throws Exception {
    Path out = Files.createDirectory(dir.resolve("out"));
    Path secret = Files.writeString(dir.resolve("secret"), "root only\n");
    // the fixed temporary name the writer used, and the target itself
    Files.createSymbolicLink(out.resolve("kubernetes.tf.tmp"), secret);
    Files.createDirectory(out.resolve("data"));
    Files.createSymbolicLink(out.resolve("data").resolve("user_data"), secret);
    TerraformOutput.write(out, config(), TerraformFormat.HCL);
    assertThat(secret).hasContent("root only");
    assertThat(Files.isSymbolicLink(out.resolve("data").resolve("user_data"))).isFalse();
    assertThat(SafePaths.mode(out.resolve("kubernetes.tf"))).isEqualTo("rw-r--r--");
    assertThat(SafePaths.mode(out.resolve("data").resolve("user_data"))).isEqualTo("rw-r--r--");
  }

  @Test
  void anOutputDirWritableByOthersIsRefusedWithTheFix() throws Exception {
    Path out = Files.createDirectory(dir.resolve("shared"));
    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThatThrownBy(() -> TerraformOutput.write(out, config(), TerraformFormat.HCL))
        .hasMessageContaining("writable by every user")
        .hasMessageContaining("chmod go-w " + out);
    assertThat(out.resolve("kubernetes.tf")).doesNotExist();
  }

  @Test
  @RequiresRoot
  void anOutputDirOfAnotherUserIsRefused() throws Exception {
    Path out = Files.createDirectory(dir.resolve("theirs"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (LocalUser other = LocalUser.create()) {
      Files.setAttribute(out, "unix:uid", other.uid());
      assertThatThrownBy(() -> TerraformOutput.write(out, config(), TerraformFormat.HCL))
          .hasMessageContaining("belongs to user " + other.name());
    }
  }
}
