package dev.jkops.cloud.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.resources.LocalResource;
import dev.jkops.cloud.local.runtime.ClusterNames;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every local resource kind the sealed hierarchy permits has exactly one handler. */
class LocalCloudTargetKindsTest {
  @TempDir Path runtime;

  @Test
  void everyKindHasAHandler() {
    LocalCloudTarget target =
        new LocalCloudTarget(Kernel.system(), ClusterNames.of("kinds.example.com", runtime));
    assertThat(target.handledKinds())
        .containsExactlyInAnyOrder(LocalResource.class.getPermittedSubclasses());
  }
}
