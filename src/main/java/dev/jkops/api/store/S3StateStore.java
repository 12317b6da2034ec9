package dev.jkops.api.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A state store in an S3 bucket (or any S3-compatible server), through the AWS SDK for Java v2. A
 * PUT replaces an object whole, so writes are atomic as the store contract asks. The client is
 * built on the first request: commands that never touch the store do not pay for the SDK.
 */
public final class S3StateStore implements StateStore, AutoCloseable {
  private final String bucket;
  private final String prefix;
  private final String location;
  private final S3Settings settings;
  private WriteFault fault = WriteFault.NONE;
  private S3Client client;

  private S3StateStore(String bucket, String prefix, String location, S3Settings settings) {
    this.bucket = bucket;
    this.prefix = prefix;
    this.location = location;
    this.settings = settings;
  }

  /** Parses {@code s3://bucket[/prefix]}. */
  static S3StateStore open(String uri, S3Settings settings) {
    String rest = uri.substring("s3://".length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    while (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    if (bucket.isEmpty()) {
      throw new StateStoreException(
          "state store \""
              + uri
              + "\" names no bucket; use s3://BUCKET or"
              + " s3://BUCKET/PREFIX, e.g. s3://my-kops-state/clusters");
    }
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new StateStoreException(
          "state store \""
              + uri
              + "\" names the bucket \""
              + bucket
              + "\", which is not a valid S3 bucket name; use 3-63 lower-case letters, digits, '.' and '-'");
    }
    return new S3StateStore(
        bucket, prefix, "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix), settings);
  }

  S3StateStore withFault(WriteFault fault) {
    this.fault = fault;
    return this;
  }

  public String bucket() {
    return bucket;
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public Optional<byte[]> read(String path) {
    String key = key(path);
    try {
      return Optional.of(client().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw failure("read", key, e);
    }
  }

  @Override
  public Optional<Tagged> readTagged(String path) {
    String key = key(path);
    try {
      var got = client().getObjectAsBytes(b -> b.bucket(bucket).key(key));
      return Optional.of(new Tagged(got.asByteArray(), got.response().eTag()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw failure("read", key, e);
    }
  }

  /**
   * A conditional DELETE ({@code If-Match: ETAG}): S3 and s3proxy answer 412 when the object was
   * rewritten since it was read, so a lock read as ours and taken over meanwhile by another command
   * is left alone. (A server that ignores the header deletes anyway, as before conditional
   * deletes.)
   */
  @Override
  public boolean deleteIfUnchanged(String path, String tag) {
    String key = key(path);
    try {
      client().deleteObject(b -> b.bucket(bucket).key(key).ifMatch(tag));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 412 || e.statusCode() == 404 || e.statusCode() == 409) {
        return false;
      }
      throw failure("delete", key, e);
    } catch (SdkException e) {
      throw failure("delete", key, e);
    }
  }

  @Override
  public void write(String path, byte[] content) {
    String key = key(path);
    try {
      fault.check(path);
    } catch (java.io.IOException e) {
      throw new StateStoreException(
          "cannot write " + key + " in state store " + location + ": " + e.getMessage(), e);
    }
    try {
      client()
          .putObject(
              b -> b.bucket(bucket).key(key).contentType("application/yaml"),
              RequestBody.fromBytes(content));
    } catch (SdkException e) {
      throw failure("write", key, e);
    }
  }

  /**
   * A conditional PUT ({@code If-None-Match: *}): S3 (since 2024) and s3proxy answer 412 when the
   * key exists, so of two racing writers one wins. A server that ignores the header would let both
   * win; the read first narrows that to writers racing within one round trip (see
   * docs/reliability.md).
   */
  @Override
  public boolean createIfAbsent(String path, byte[] content) {
    if (read(path).isPresent()) {
      return false;
    }
    return putIfAbsent(path, content);
  }

  /** The conditional PUT alone. */
  boolean putIfAbsent(String path, byte[] content) {
    String key = key(path);
    try {
      client()
          .putObject(
              b -> b.bucket(bucket).key(key).contentType("application/yaml").ifNoneMatch("*"),
              RequestBody.fromBytes(content));
      return true;
    } catch (S3Exception e) {
      if (e.statusCode() == 412 || e.statusCode() == 409) {
        return false;
      }
      throw failure("create", key, e);
    } catch (SdkException e) {
      throw failure("create", key, e);
    }
  }

  @Override
  public List<String> list(String sub) {
    String base = prefix.isEmpty() ? "" : prefix + "/";
    String listPrefix = sub == null || sub.isEmpty() ? base : key(sub);
    try {
      List<String> out = new ArrayList<>();
      ListObjectsV2Request req =
          ListObjectsV2Request.builder().bucket(bucket).prefix(listPrefix).build();
      for (S3Object o : client().listObjectsV2Paginator(req).contents()) {
        if (o.key().startsWith(base) && !o.key().endsWith("/")) {
          out.add(o.key().substring(base.length()));
        }
      }
      out.sort(null);
      return out;
    } catch (SdkException e) {
      throw failure("list", listPrefix, e);
    }
  }

  @Override
  public void delete(String path) {
    String key = key(path);
    try {
      client().deleteObject(b -> b.bucket(bucket).key(key));
    } catch (SdkException e) {
      throw failure("delete", key, e);
    }
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }

  private String key(String path) {
    if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("..")) {
      throw new IllegalArgumentException(
          "state store path \"" + path + "\" is not a relative file path");
    }
    return prefix.isEmpty() ? path : prefix + "/" + path;
  }

  private synchronized S3Client client() {
    if (client == null) {
      client = build();
    }
    return client;
  }

  private S3Client build() {
    S3ClientBuilder b =
        S3Client.builder()
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(30)))
            .forcePathStyle(settings.pathStyle())
            // The SDK's standard three attempts: with two, CI once saw a history write fail twice
            // with
            // "Error writing request body to server" (a kept-alive connection the server had
            // closed).
            .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(3)));
    settings.endpoint().ifPresent(b::endpointOverride);
    b.region(region());
    if (settings.accessKeyId().isPresent() && settings.secretAccessKey().isPresent()) {
      String id = settings.accessKeyId().get();
      String secret = settings.secretAccessKey().get();
      b.credentialsProvider(
          StaticCredentialsProvider.create(
              settings
                  .sessionToken()
                  .<software.amazon.awssdk.auth.credentials.AwsCredentials>map(
                      t -> AwsSessionCredentials.create(id, secret, t))
                  .orElseGet(() -> AwsBasicCredentials.create(id, secret))));
    } else if (settings.profile().isPresent()) {
      b.credentialsProvider(ProfileCredentialsProvider.create(settings.profile().get()));
    } else {
      b.credentialsProvider(DefaultCredentialsProvider.builder().build());
    }
    return b.build();
  }

  /**
   * The configured region; else the SDK's chain (profile files); else us-east-1, as kops assumes.
   */
  private Region region() {
    if (settings.region().isPresent()) {
      return Region.of(settings.region().get());
    }
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion();
    } catch (SdkClientException e) {
      return Region.US_EAST_1;
    }
  }

  private StateStoreException failure(String verb, String key, SdkException e) {
    String where =
        "s3://"
            + bucket
            + "/"
            + key
            + " (state store "
            + location
            + ", endpoint "
            + settings.describeEndpoint()
            + ")";
    if (e instanceof NoSuchBucketException) {
      return new StateStoreException(
          "cannot "
              + verb
              + " "
              + where
              + ": the bucket "
              + bucket
              + " does not exist; create it (aws s3 mb s3://"
              + bucket
              + ") or fix --state / KOPS_STATE_STORE",
          e);
    }
    if (e instanceof S3Exception s3) {
      int status = s3.statusCode();
      String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
      if (status == 403
          || "AccessDenied".equals(code)
          || "InvalidAccessKeyId".equals(code)
          || "SignatureDoesNotMatch".equals(code)) {
        return new StateStoreException(
            "cannot "
                + verb
                + " "
                + where
                + ": access denied ("
                + code
                + "); check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or AWS_PROFILE, and the bucket policy",
            e);
      }
      return new StateStoreException(
          "cannot "
              + verb
              + " "
              + where
              + ": S3 answered "
              + status
              + (code == null ? "" : " " + code)
              + "; check the bucket and your permissions",
          e);
    }
    if (e instanceof SdkClientException
        && e.getMessage() != null
        && e.getMessage().contains("credentials")) {
      return new StateStoreException(
          "cannot "
              + verb
              + " "
              + where
              + ": no AWS credentials found; set"
              + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE",
          e);
    }
    return new StateStoreException(
        "cannot reach state store "
            + location
            + " to "
            + verb
            + " "
            + key
            + " at "
            + settings.describeEndpoint()
            + ": "
            + rootMessage(e)
            + "; check that the server is running, AWS_ENDPOINT_URL / AWS_REGION, and your network",
        e);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : " (" + m + ")");
  }
}
