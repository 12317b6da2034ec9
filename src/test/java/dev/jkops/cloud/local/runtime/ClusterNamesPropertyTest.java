package dev.jkops.cloud.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.testing.Property;
import dev.jkops.testing.SpecMutations;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Whatever a cluster is called, the local cloud's namespace names and runtime directory carry only
 * a hash of it: a hostile name cannot reach an `ip netns` argument or a path outside the runtime
 * base.
 */
class ClusterNamesPropertyTest {
  @Test
  void namespaceNamesAndRuntimeDirsNeverCarryTheClusterName() {
    Path base = Path.of("/var/lib/jkops-test-base");
    Property.forAll(
        "local names of hostile cluster names",
        Property.tries(400),
        r -> r.nextBoolean() ? SpecMutations.hostileName(r) : Property.byteGarbage(r, 80),
        name -> {
          ClusterNames n = ClusterNames.of(name, base);
          assertThat(n.prefix()).matches("jk-[0-9a-z]{1,12}-");
          assertThat(n.runtimeDir().normalize().startsWith(base))
              .as(n.runtimeDir().toString())
              .isTrue();
          assertThat(n.runtimeDir().normalize().getParent()).isEqualTo(base);
          assertThat(n.vpcNamespace()).startsWith(n.prefix()).matches("jk-[0-9a-z]+-[a-z0-9-]+");
        });
  }
}
