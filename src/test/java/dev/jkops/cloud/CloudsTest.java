package dev.jkops.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterDefaults;
import dev.jkops.api.ClusterSpecBuilder;
import dev.jkops.api.CreateClusterOptions;
import dev.jkops.api.store.ClusterStore;
import dev.jkops.api.store.StateStores;
import dev.jkops.cloud.aws.AwsAccess;
import dev.jkops.cloud.aws.AwsCloud;
import dev.jkops.cloud.aws.AwsRetry;
import dev.jkops.cloud.local.LocalCloud;
import dev.jkops.tasks.rolling.Ticker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Clouds#forSpec}: the cloud a cluster's spec names, chosen without reaching any cloud. */
class CloudsTest {
  @TempDir Path dir;

  /** Any call to AWS while choosing fails the test. */
  private final AwsAccess noAws =
      new AwsAccess(
          region -> {
            throw new AssertionError("choosing a cloud called AWS in " + region);
          },
          AwsRetry.standard(),
          env -> {
            throw new AssertionError("choosing a cloud opened a Kubernetes client");
          },
          Ticker.SYSTEM);

  private Cloud cloudOf(String cloudProvider) {
    ClusterBundle b =
        ClusterDefaults.create(
            CreateClusterOptions.minimal("c.example.com", List.of("us-test-1a")));
    ClusterSpecBuilder s = b.cluster().spec().toBuilder();
    s.cloudProvider = cloudProvider;
    ClusterBundle bundle = new ClusterBundle(b.cluster().withSpec(s.build()), b.instanceGroups());
    ClusterStore store = new ClusterStore(StateStores.open(dir.toUri().toString()));
    return Clouds.forSpec(
        new ClusterStore.Stored(bundle, Set.of(), new byte[0]), store, Map.of(), noAws);
  }

  @Test
  void anAwsSpecGetsTheAwsCloud() {
    Cloud cloud = cloudOf("aws");
    assertThat(cloud).isInstanceOf(AwsCloud.class);
    assertThat(cloud.name()).isEqualTo("aws");
  }

  @Test
  void aLocalSpecAndOneWithoutACloudGetTheLocalCloud() {
    assertThat(cloudOf("local")).isInstanceOf(LocalCloud.class);
    assertThat(cloudOf(null)).isInstanceOf(LocalCloud.class);
    assertThat(cloudOf(null).name()).isEqualTo("local");
  }

  @Test
  void aCloudJkopsDoesNotRunIsRefusedByNameButItsStateCanBeDeleted() {
    Cloud cloud = cloudOf("gce");
    assertThat(cloud.name()).isEqualTo("gce");
    assertThatThrownBy(() -> cloud.preview(null))
        .isInstanceOf(CloudException.class)
        .hasMessage(
            "cluster c.example.com is on cloud \"gce\" (spec.cloudProvider); update cluster works on the aws and"
                + " local clouds");
    assertThatThrownBy(() -> cloud.instanceReplacer(false, null))
        .hasMessageContaining("rolling-update cluster works on");
    assertThat(cloud.teardownPreview()).isEmpty();
  }
}
