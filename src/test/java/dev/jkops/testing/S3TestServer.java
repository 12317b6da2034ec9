package dev.jkops.testing;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * A real S3 server for tests: s3proxy in this JVM, on a random loopback port, keeping objects in a
 * directory. Requests are signed and checked (SigV4), as AWS would.
 */
public final class S3TestServer implements AutoCloseable {
  public static final String ACCESS_KEY = "jkops-test-access";
  public static final String SECRET_KEY = "jkops-test-secret";

  private final S3Proxy proxy;
  private final BlobStore blobStore;

  private S3TestServer(S3Proxy proxy, BlobStore blobStore) {
    this.proxy = proxy;
    this.blobStore = blobStore;
  }

  /** Starts a server whose buckets are directories under {@code dir}. */
  public static S3TestServer start(Path dir) throws Exception {
    Properties props = new Properties();
    props.setProperty("jclouds.filesystem.basedir", dir.toString());
    props.setProperty("jclouds.identity", ACCESS_KEY);
    props.setProperty("jclouds.credential", SECRET_KEY);
    BlobStore blobStore = BlobStores.create("filesystem", props);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(blobStore)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .jettyMaxThreads(8)
            .build();
    proxy.start();
    for (int i = 0; i < 500 && !"STARTED".equals(proxy.getState()); i++) {
      Thread.sleep(10);
    }
    if (!"STARTED".equals(proxy.getState())) {
      throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
    }
    return new S3TestServer(proxy, blobStore);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** The environment a jkops command needs to reach this server. */
  public Map<String, String> env() {
    return Map.of(
        "AWS_ENDPOINT_URL",
        endpoint().toString(),
        "AWS_REGION",
        "us-east-1",
        "AWS_ACCESS_KEY_ID",
        ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY",
        SECRET_KEY);
  }

  public void createBucket(String name) {
    blobStore.createContainer(name);
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
