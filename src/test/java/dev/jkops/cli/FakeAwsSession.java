package dev.jkops.cli;

import dev.jkops.cloud.aws.AwsClients;
import dev.jkops.cloud.aws.AwsRetry;
import dev.jkops.cloud.aws.fake.FakeAws;
import dev.jkops.tasks.rolling.Ticker;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Points the CLI's AWS session at an in-process {@link FakeAws} for each test, with retries that do
 * not sleep, and back at real AWS afterwards so no other test talks to the fake by accident:
 * {@code @RegisterExtension final FakeAwsSession session = new FakeAwsSession();}.
 */
final class FakeAwsSession implements BeforeEachCallback, AfterEachCallback {
  final FakeAws aws = new FakeAws();

  @Override
  public void beforeEach(ExtensionContext context) {
    AwsSession.clients = region -> aws.clients();
    AwsSession.retry = new AwsRetry(8, 1, 8, ms -> {});
  }

  @Override
  public void afterEach(ExtensionContext context) {
    AwsSession.clients = AwsClients::forRegion;
    AwsSession.retry = AwsRetry.standard();
    AwsSession.ticker = Ticker.SYSTEM;
  }
}
