package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.aws.fake.FakeAws;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every AWS resource kind (each record the sealed {@link AwsResource} permits) has exactly one
 * handler in each of the AWS dispatchers: a kind added to the hierarchy without one fails here, not
 * in a user's apply.
 */
class AwsKindRegistriesTest {
  static final Set<Class<?>> KINDS = Set.of(AwsResource.class.getPermittedSubclasses());

  final AwsTarget target =
      new AwsTarget(new FakeAws().clients(), new AwsRetry(1, 1, 1, ms -> {}), "kinds.example.com");

  @Test
  void theTargetFindsCreatesAndUpdatesEveryKind() {
    assertThat(target.handledKinds()).containsExactlyInAnyOrderElementsOf(KINDS);
  }

  @Test
  void theTargetDeletesEveryKind() {
    assertThat(target.deletedKinds()).containsExactlyInAnyOrderElementsOf(KINDS);
  }

  @Test
  void terraformWritesEveryKindWithKopsTypeName() throws Exception {
    AwsCluster cluster = AwsCluster.of(AwsCases.bundle(AwsCases.names().get(0)));
    assertThat(AwsTerraform.writtenKinds(cluster)).containsExactlyInAnyOrderElementsOf(KINDS);
    List<String> types =
        Arrays.stream(AwsResource.class.getPermittedSubclasses())
            .map(
                k -> {
                  try {
                    return AwsTerraform.type((String) k.getDeclaredField("KIND").get(null));
                  } catch (ReflectiveOperationException e) {
                    throw new AssertionError(k.getSimpleName() + " has no KIND", e);
                  }
                })
            .collect(Collectors.toList());
    assertThat(types).doesNotHaveDuplicates().allMatch(t -> t.startsWith("aws_"));
  }
}
