package dev.jkops.cloud.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.cloud.local.design.LocalCloudException;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.runtime.ClusterNames;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime dir's owner record: a second name with the same id is refused, not adopted. */
class ClusterOwnerTest {
  @TempDir Path base;

  @Test
  void idsAreTwelveHexDigitsAndNamespacesStayWithinTheGuard() {
    ClusterNames n = ClusterNames.of("a.example.com", base);
    assertThat(n.id()).matches("[0-9a-f]{12}");
    String longGroup = "nodes-" + "x".repeat(80) + "-1";
    assertThat(n.instanceNamespace(longGroup)).hasSizeLessThanOrEqualTo(66).startsWith(n.prefix());
    assertThat(n.podNamespace("default", "p".repeat(100))).hasSizeLessThanOrEqualTo(66);
  }

  @Test
  void aNameWhoseIdCollidesIsRefusedWithBothOwnersNamed() {
    ClusterNames first = ClusterNames.of("first.example.com", base);
    ClusterOwner.claimant("first.example.com", "file:///stores/a").claim(Kernel.system(), first);
    // a second name whose hash meets the first's: same id, so the same directory and namespaces
    ClusterNames colliding = new ClusterNames("second.example.com", first.id(), base);
    assertThatThrownBy(
            () ->
                ClusterOwner.claimant("second.example.com", "file:///stores/a")
                    .claim(Kernel.system(), colliding))
        .isInstanceOf(LocalCloudException.class)
        .hasMessageContaining(
            "belongs to cluster first.example.com of state store file:///stores/a")
        .hasMessageContaining("not to cluster second.example.com");
  }

  @Test
  void theSameStoreSpelledTwoWaysIsOneOwner() {
    ClusterNames n = ClusterNames.of("a.example.com", base);
    ClusterOwner made =
        ClusterOwner.claimant("a.example.com", "/stores/x/../a").claim(Kernel.system(), n);
    assertThat(ClusterOwner.claimant("a.example.com", "file:///stores/a").claim(Kernel.system(), n))
        .isEqualTo(made);
    assertThat(made.creationId()).matches("[0-9a-f]{32}");
  }

  @Test
  void aRuntimeDirWithFilesButNoOwnerIsNotAdopted() throws Exception {
    ClusterNames n = ClusterNames.of("a.example.com", base);
    Files.createDirectories(n.runtimeDir().resolve("etcd"));
    assertThatThrownBy(
            () -> ClusterOwner.claimant("a.example.com", "file:///s").claim(Kernel.system(), n))
        .hasMessageContaining("no owner record")
        .hasMessageContaining("rm -r " + n.runtimeDir());
  }

  @Test
  void theRuntimeDirIsMadePrivateWhateverTheUmask() throws Exception {
    ClusterNames n = ClusterNames.of("a.example.com", base);
    ClusterOwner.claimant("a.example.com", "file:///s").claim(Kernel.system(), n);
    assertThat(dev.jkops.api.SafePaths.mode(n.runtimeDir())).isEqualTo("rwx------");
  }

  @Test
  void aRuntimeDirThatIsALinkIsNeitherUsedNorDeleted() throws Exception {
    ClusterNames n = ClusterNames.of("a.example.com", base);
    Path elsewhere = Files.createDirectories(base.resolve("elsewhere"));
    Files.writeString(elsewhere.resolve("precious"), "keep");
    Files.createSymbolicLink(n.runtimeDir(), elsewhere);
    assertThatThrownBy(
            () -> ClusterOwner.claimant("a.example.com", "file:///s").claim(Kernel.system(), n))
        .hasMessageContaining("symbolic link");
    assertThatThrownBy(() -> new LocalClusterResources(Kernel.system(), n).destroy())
        .hasMessageContaining("symbolic link");
    assertThat(elsewhere.resolve("precious")).hasContent("keep");
  }
}
