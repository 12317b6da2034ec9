package dev.jkops.api.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach S3, read from the same environment variables the AWS SDK and CLI use, so an
 * S3-compatible server works by setting {@code AWS_ENDPOINT_URL}. Path-style addressing ({@code
 * http://host/bucket/key}) is used when an endpoint is overridden, since most S3-compatible servers
 * lack virtual-host buckets, or when {@code JKOPS_S3_PATH_STYLE=true}.
 *
 * @param endpoint an endpoint override, or empty for AWS itself
 * @param region the region, or empty to let the SDK's provider chain (profile, IMDS) decide
 * @param accessKeyId static credentials from the environment, or empty for the SDK's default chain
 */
public record S3Settings(
    Optional<URI> endpoint,
    Optional<String> region,
    boolean pathStyle,
    Optional<String> accessKeyId,
    Optional<String> secretAccessKey,
    Optional<String> sessionToken,
    Optional<String> profile) {

  public static S3Settings fromEnv(Map<String, String> env) {
    String endpointText = first(env, "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL");
    Optional<URI> endpoint = Optional.empty();
    if (endpointText != null) {
      try {
        URI u = new URI(endpointText);
        if (u.getScheme() == null || u.getHost() == null) {
          throw new URISyntaxException(endpointText, "expected http://host:port or https://host");
        }
        endpoint = Optional.of(u);
      } catch (URISyntaxException e) {
        throw new StateStoreException(
            "AWS_ENDPOINT_URL(_S3) \""
                + endpointText
                + "\" is not a URL ("
                + e.getReason()
                + "); set it to e.g. http://127.0.0.1:9000",
            e);
      }
    }
    String pathStyleText = env.get("JKOPS_S3_PATH_STYLE");
    boolean pathStyle =
        pathStyleText == null ? endpoint.isPresent() : Boolean.parseBoolean(pathStyleText.trim());
    return new S3Settings(
        endpoint,
        Optional.ofNullable(first(env, "AWS_REGION", "AWS_DEFAULT_REGION")),
        pathStyle,
        Optional.ofNullable(first(env, "AWS_ACCESS_KEY_ID")),
        Optional.ofNullable(first(env, "AWS_SECRET_ACCESS_KEY")),
        Optional.ofNullable(first(env, "AWS_SESSION_TOKEN")),
        Optional.ofNullable(first(env, "AWS_PROFILE")));
  }

  private static String first(Map<String, String> env, String... names) {
    for (String n : names) {
      String v = env.get(n);
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    return null;
  }

  /** Where requests go, for messages. */
  public String describeEndpoint() {
    return endpoint.map(URI::toString).orElse("AWS S3" + region.map(r -> " in " + r).orElse(""));
  }
}
