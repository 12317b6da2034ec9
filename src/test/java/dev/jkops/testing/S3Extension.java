package dev.jkops.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link S3TestServer} for a test class, started before its first test and stopped after its
 * last: {@code @RegisterExtension static final S3Extension s3 = new S3Extension();}. Each test
 * takes a fresh bucket, so tests in a class never see each other's objects.
 */
public final class S3Extension implements BeforeAllCallback, AfterAllCallback {
  private Path dir;
  private S3TestServer server;
  private int buckets;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("jkops-s3-");
    server = S3TestServer.start(dir);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    server.close();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A leftover temp directory is not a test failure; the OS cleans /tmp.
    }
  }

  /** Creates a bucket named {@code prefix-N}, unique in this class, and returns its name. */
  public String newBucket(String prefix) {
    String bucket = prefix + "-" + (++buckets);
    server.createBucket(bucket);
    return bucket;
  }

  /** The environment a jkops command needs to reach the server. */
  public Map<String, String> env() {
    return server.env();
  }

  /** Where the server keeps a bucket's objects: one file per key below this directory. */
  public Path objects(String bucket) {
    return dir.resolve(bucket);
  }

  public S3TestServer server() {
    return server;
  }
}
