package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * Without credentials the SDK's provider chain throws one exception that lists every provider and
 * why each failed; jkops says it in one paragraph: where credentials are looked for, and that
 * Terraform output works offline. The exception is the SDK's own, from a real (empty) chain.
 */
class AwsCredentialsMessageTest {
  @TempDir Path dir;

  @Test
  void missingCredentialsAreOneParagraphNamingWhereTheyAreLookedForAndTheOfflineWay()
      throws Exception {
    Path emptyProfiles = Files.writeString(dir.resolve("credentials"), "");
    AwsCredentialsProviderChain chain =
        AwsCredentialsProviderChain.of(
            SystemPropertyCredentialsProvider.create(),
            ProfileCredentialsProvider.builder()
                .profileFile(
                    ProfileFile.builder()
                        .content(emptyProfiles)
                        .type(ProfileFile.Type.CREDENTIALS)
                        .build())
                .profileName("default")
                .build());
    AwsRetry retry = new AwsRetry(8, 1, 8, ms -> {});

    AwsException e =
        catchThrowableOfType(
            AwsException.class, () -> retry.call("describing VPCs", chain::resolveCredentials));

    assertThat(e.getMessage())
        .startsWith("describing VPCs needs AWS credentials and found none. ")
        .contains("AWS_ACCESS_KEY_ID")
        .contains("AWS_PROFILE")
        .contains("~/.aws/credentials")
        .contains("instance's role")
        .contains("--target terraform --out DIR works offline")
        .doesNotContain("\n")
        .doesNotContain("SystemPropertyCredentialsProvider()");
    assertThat(e.getCause().getMessage())
        .as("the SDK's own dump, kept for JKOPS_DEBUG")
        .contains("Unable to load credentials");
  }
}
