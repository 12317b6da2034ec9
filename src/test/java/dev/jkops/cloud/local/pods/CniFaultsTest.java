package dev.jkops.cloud.local.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.cloud.local.kernel.CniPlugin;
import dev.jkops.cloud.local.kernel.CommandRunner;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CNI plugin that is missing or fails: starting a pod says which plugin and why, leaves no pod
 * namespace, pod record or address lease behind, and once the plugins are back the same pod starts.
 * And a create killed half way (its namespace made and an address leased, no record yet): the next
 * create of the same pod releases that address and starts the pod.
 */
@RequiresRoot
class CniFaultsTest {
  @TempDir Path dir;

  /** The links to the real plugins go first, so the temp dir's cleanup has none to warn about. */
  @AfterEach
  void removePluginLinks() throws Exception {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.filter(Files::isSymbolicLink).toList()) {
        Files.delete(p);
      }
    }
  }

  /**
   * The real plugins, each linked into {@code pluginDir}, except {@code broken}, replaced by {@code
   * script}.
   */
  private Path pluginsWith(String broken, String script) throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("cni-" + broken));
    try (Stream<Path> real = Files.list(CniPlugin.DEFAULT_DIR)) {
      for (Path p : real.toList()) {
        if (!p.getFileName().toString().equals(broken)) {
          Files.createSymbolicLink(plugins.resolve(p.getFileName()), p);
        }
      }
    }
    if (script != null) {
      Path s = Files.writeString(plugins.resolve(broken), script);
      s.toFile().setExecutable(true);
    }
    return plugins;
  }

  static PodSpec web() {
    return new PodSpec("web", "default", Map.of("app", "web"), Optional.of("n1"));
  }

  @Test
  void aMissingPluginIsNamedAndNothingIsLeftUntilItIsBack() throws Exception {
    TwoNodeSubstrate s = new TwoNodeSubstrate(false, false);
    try (s) {
      Path plugins = pluginsWith("bridge", null);
      PodManager broken = new PodManager(new Kernel(s.kernel.runner(), plugins), s.cluster);
      assertThatThrownBy(() -> broken.create(web()))
          .isInstanceOf(PodException.class)
          .hasMessageContaining("CNI plugin \"bridge\" is missing")
          .hasMessageContaining(plugins.resolve("bridge").toString())
          .hasMessageContaining("apt-get install containernetworking-plugins");
      assertThat(broken.list()).isEmpty();
      assertThat(s.leftovers()).containsExactlyInAnyOrder(s.prefix + "n1", s.prefix + "n2");
      // the user installs the plugin, as the error says, and starts the pod again
      restore(plugins, "bridge");
      Pod pod = broken.create(web());
      assertThat(pod.address()).startsWith("100.96.1.");
      assertThat(broken.list()).extracting(Pod::name).containsExactly("web");
    }
    assertThat(s.leftovers()).isEmpty();
  }

  /** Puts the real plugin back in place of the missing or broken one. */
  private static void restore(Path plugins, String name) throws Exception {
    Files.deleteIfExists(plugins.resolve(name));
    Files.createSymbolicLink(plugins.resolve(name), CniPlugin.DEFAULT_DIR.resolve(name));
  }

  @Test
  void aFailingPluginsErrorReachesTheUserAndARetryStartsThePod() throws Exception {
    TwoNodeSubstrate s = new TwoNodeSubstrate(false, false);
    try (s) {
      // a CNI plugin reports failure as JSON on stdout and a non-zero exit (CNI spec, "Error")
      Path plugins =
          pluginsWith(
              "portmap",
              """
          #!/bin/sh
          cat >/dev/null
          echo '{"cniVersion":"0.4.0","code":999,"msg":"portmap: simulated failure for the fault test"}'
          exit 1
          """);
      PodManager broken = new PodManager(new Kernel(s.kernel.runner(), plugins), s.cluster);
      assertThatThrownBy(() -> broken.create(web()))
          .isInstanceOf(PodException.class)
          .hasMessageContaining("CNI plugin \"portmap\"")
          .hasMessageContaining("portmap: simulated failure for the fault test")
          .hasMessageContaining("[CNI error code 999]");
      assertThat(broken.list()).isEmpty();
      assertThat(s.leftovers())
          .as("the pod's namespace is removed again")
          .containsExactlyInAnyOrder(s.prefix + "n1", s.prefix + "n2");
      Path leases = s.cluster.requireNode("n1").ipamDir().resolve("kubenet");
      try (Stream<Path> l = Files.exists(leases) ? Files.list(leases) : Stream.empty()) {
        assertThat(l.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("100.96.")))
            .as("no address stays leased to the pod that never started")
            .isEmpty();
      }
      restore(plugins, "portmap");
      Pod pod = broken.create(web());
      assertThat(pod.address()).startsWith("100.96.1.");
      assertThat(broken.list()).extracting(Pod::name).containsExactly("web");
    }
    assertThat(s.leftovers()).isEmpty();
  }

  @Test
  void aCreateKilledAfterItsAddressWasLeasedIsReclaimedByTheNextCreate() throws Exception {
    TwoNodeSubstrate s = new TwoNodeSubstrate(false, false);
    try (s) {
      // stands in for SIGKILL right after the bridge plugin leased an address: an Error that no
      // cleanup in jkops catches, before the next plugin (portmap) runs and before the record is
      // written
      CommandRunner real = s.kernel.runner();
      CommandRunner killing =
          c -> {
            if (c.argv().get(c.argv().size() - 1).endsWith("/portmap")
                && "ADD".equals(c.env().get("CNI_COMMAND"))) {
              throw new KilledHere();
            }
            return real.run(c);
          };
      PodManager dying = new PodManager(new Kernel(killing), s.cluster);
      assertThatThrownBy(() -> dying.create(web())).isInstanceOf(KilledHere.class);
      String netns = s.cluster.podNetns().apply("default", "web");
      assertThat(s.leftovers()).as("what the kill left").contains(netns);
      Path leases = s.cluster.requireNode("n1").ipamDir().resolve("kubenet");
      assertThat(leased(leases)).as("the killed create's address").hasSize(1);
      assertThat(dying.list()).isEmpty();

      PodManager rerun = new PodManager(s.kernel, s.cluster);
      Pod pod = rerun.create(web());
      assertThat(rerun.list()).extracting(Pod::name).containsExactly("web");
      assertThat(leased(leases))
          .as("one address leased, the running pod's: the killed create's was released")
          .containsExactly(pod.address());
      assertThat(Files.readString(s.cluster.requireNode("n1").log()))
          .contains("RECLAIM default/web");
      rerun.delete("default", "web");
      assertThat(leased(leases)).isEmpty();
    }
    assertThat(s.leftovers()).isEmpty();
  }

  private static final class KilledHere extends Error {
    KilledHere() {
      super("simulated kill");
    }
  }

  private static java.util.List<String> leased(Path leases) throws Exception {
    try (Stream<Path> l = Files.exists(leases) ? Files.list(leases) : Stream.empty()) {
      return l.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("100.96.")).toList();
    }
  }
}
