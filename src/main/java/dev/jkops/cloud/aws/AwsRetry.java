package dev.jkops.cloud.aws;

import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Calls AWS, retrying what AWS' semantics make worth retrying and the SDK cannot know: right after
 * a create, a resource that is not visible yet ({@code *.NotFound}, EC2's eventual consistency),
 * and on delete a dependency still going away. Throttling (RequestLimitExceeded and friends) and
 * 5xx answers are the SDK's to retry ({@link AwsClients#sdkRetryStrategy}); when one reaches jkops
 * the SDK has given up, so jkops does not try again on top. Backoff doubles from {@code
 * firstDelayMillis} up to {@code maxDelayMillis}, each wait drawn between half of that and all of
 * it (jitter, so parallel callers do not retry in step), for at most {@code attempts} tries;
 * anything else fails at once with AWS' code and message.
 */
public final class AwsRetry {
  /** How the retry waits; tests pass one that records the delays instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  static final Set<String> THROTTLING =
      Set.of(
          "RequestLimitExceeded",
          "Throttling",
          "ThrottlingException",
          "RequestThrottled",
          "TooManyRequestsException");

  /**
   * What a delete waits out: a NAT gateway being deleted still holds its subnet and address
   * (DependencyViolation), and an etcd volume stays attached until its terminated control-plane
   * instance is gone (VolumeInUse); a target group is in use until the load balancer forwarding to
   * it is gone (ResourceInUse).
   */
  static final Set<String> DELETE_WAITS_FOR =
      Set.of("DependencyViolation", "VolumeInUse", "ResourceInUse");

  private final int attempts;
  private final long firstDelayMillis;
  private final long maxDelayMillis;
  private final Sleeper sleeper;
  private final java.util.random.RandomGenerator random;

  public AwsRetry(int attempts, long firstDelayMillis, long maxDelayMillis, Sleeper sleeper) {
    this(attempts, firstDelayMillis, maxDelayMillis, sleeper, new java.util.SplittableRandom());
  }

  public AwsRetry(
      int attempts,
      long firstDelayMillis,
      long maxDelayMillis,
      Sleeper sleeper,
      java.util.random.RandomGenerator random) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
    this.attempts = attempts;
    this.firstDelayMillis = firstDelayMillis;
    this.maxDelayMillis = maxDelayMillis;
    this.sleeper = sleeper;
    this.random = random;
  }

  /** Eight tries, 250 ms doubling to 8 s: about half a minute in all before giving up. */
  public static AwsRetry standard() {
    return new AwsRetry(8, 250, 8000, Thread::sleep);
  }

  public <T> T call(String what, Supplier<T> call) {
    return call(what, false, call);
  }

  /** Like {@link #call(String, Supplier)}, also retrying NotFound for resources just created. */
  public <T> T callAfterCreate(String what, Supplier<T> call) {
    return call(what, true, call);
  }

  public void run(String what, Runnable call) {
    call(
        what,
        false,
        () -> {
          call.run();
          return null;
        });
  }

  public void runAfterCreate(String what, Runnable call) {
    call(
        what,
        true,
        () -> {
          call.run();
          return null;
        });
  }

  /**
   * A delete: AWS answers DependencyViolation for a while after what used the resource is gone (a
   * NAT gateway still deleting holds its subnet and address), so that is retried too, bounded.
   */
  public void runDelete(String what, Runnable call) {
    call(
        what,
        false,
        true,
        () -> {
          call.run();
          return null;
        });
  }

  /**
   * Waits, with the same bounded backoff, for something AWS finishes after answering (a VPC's
   * Amazon-provided IPv6 block is {@code associating} for a few seconds after CreateVpc): {@code
   * poll} answers empty while it is not ready.
   */
  public <T> T await(String what, Supplier<java.util.Optional<T>> poll) {
    long delay = firstDelayMillis;
    for (int attempt = 1; ; attempt++) {
      java.util.Optional<T> ready = call(what, poll);
      if (ready.isPresent()) {
        return ready.get();
      }
      if (attempt >= attempts) {
        throw new AwsException(
            what
                + " is still not ready after "
                + attempts
                + " checks; wait a minute and run the command again (it continues where it"
                + " stopped)");
      }
      try {
        sleeper.sleep(delay / 2 + random.nextLong(delay - delay / 2 + 1));
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new AwsException(what + " was interrupted while waiting", ie);
      }
      delay = Math.min(delay * 2, maxDelayMillis);
    }
  }

  private <T> T call(String what, boolean notFoundIsTransient, Supplier<T> call) {
    return call(what, notFoundIsTransient, false, call);
  }

  private <T> T call(
      String what, boolean notFoundIsTransient, boolean dependencyIsTransient, Supplier<T> call) {
    long delay = firstDelayMillis;
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
        if (noCredentials(e)) {
          throw new AwsException(
              what + " needs AWS credentials and found none. " + CREDENTIALS_HELP, e);
        }
        throw new AwsException(
            what
                + " failed before reaching AWS: "
                + firstLine(e.getMessage())
                + "; check the"
                + " network and the credentials (AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)",
            e);
      } catch (AwsServiceException e) {
        String code = code(e);
        if (THROTTLING.contains(code) || e.statusCode() >= 500) {
          throw new AwsException(
              what
                  + " failed: AWS kept answering "
                  + code
                  + ": "
                  + message(e)
                  + " through the SDK's "
                  + AwsClients.SDK_ATTEMPTS
                  + " tries; wait a minute and run the command again (it continues where it stopped)",
              e);
        }
        boolean transientError =
            (notFoundIsTransient && code.endsWith(".NotFound"))
                || (dependencyIsTransient && DELETE_WAITS_FOR.contains(code));
        if (!transientError) {
          throw new AwsException(
              what + " failed: AWS said " + code + ": " + message(e) + hint(code), e);
        }
        if (attempt >= attempts) {
          throw new AwsException(
              what
                  + " failed after "
                  + attempts
                  + " tries: AWS kept saying "
                  + code
                  + ": "
                  + message(e)
                  + hint(code)
                  + "; wait a minute and run the command again (it continues where it stopped)",
              e);
        }
        try {
          sleeper.sleep(delay / 2 + random.nextLong(delay - delay / 2 + 1));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new AwsException(what + " was interrupted while waiting to retry", ie);
        }
        delay = Math.min(delay * 2, maxDelayMillis);
      }
    }
  }

  /**
   * Where the SDK's default chain looks for credentials, in its order, and what works without them.
   */
  static final String CREDENTIALS_HELP =
      "The AWS SDK looks, in order, at the Java properties aws.accessKeyId and"
          + " aws.secretAccessKey; AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (with AWS_SESSION_TOKEN for temporary"
          + " ones); a web identity token (AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN); the profile AWS_PROFILE"
          + " (else default) in ~/.aws/credentials and ~/.aws/config, including SSO and credential_process; a"
          + " container's credentials (AWS_CONTAINER_CREDENTIALS_*); and the EC2 instance's role. Set one of them, or"
          + " write Terraform instead: update cluster NAME --target terraform --out DIR works offline (only a cluster"
          + " in an existing VPC, spec.networkID, asks AWS for that VPC's internet gateway).";

  /**
   * The SDK's "Unable to load credentials from any of the providers in the chain ..." and its dump
   * of every provider.
   */
  static boolean noCredentials(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().startsWith("Unable to load credentials")) {
        return true;
      }
    }
    return false;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no message";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  static String code(AwsServiceException e) {
    return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
        ? "Unknown"
        : e.awsErrorDetails().errorCode();
  }

  private static String message(AwsServiceException e) {
    return e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
  }

  private static String hint(String code) {
    return switch (code) {
      case "RouteLimitExceeded" ->
          "; the route table is full: raise the AWS route quota and"
              + " spec.cloudConfig.routeTableQuota, or use a CNI provider that needs no routes";
      case "DependencyViolation" ->
          "; something else still uses it: delete what depends on it first";
      case "UnauthorizedOperation", "AccessDenied", "AccessDeniedException" ->
          "; the credentials in use lack this permission: grant it to the IAM user or role";
      default -> "";
    };
  }
}
