package dev.jkops.api.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.testing.S3Extension;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The S3 store against a real S3 server (s3proxy, in process, filesystem-backed). */
class S3StateStoreTest extends StateStoreContract {
  @RegisterExtension static final S3Extension server = new S3Extension();
  StateStore store;
  String bucket;

  @BeforeEach
  void freshBucket() {
    bucket = server.newBucket("jkops-state");
    store = StateStores.open("s3://" + bucket + "/clusters", server.env());
  }

  @Override
  StateStore store() {
    return store;
  }

  @Override
  StateStore storeFailingWritesOf(String path) {
    java.util.Map<String, String> env = new java.util.HashMap<>(server.env());
    env.put("JKOPS_FAULT_FAIL_STORE_WRITE", path);
    return StateStores.open("s3://" + bucket + "/clusters", env);
  }

  @Test
  void objectsLandUnderThePrefixInTheBucket() {
    store.write("c.example.com/config", "x".getBytes(UTF_8));
    assertThat(server.objects(bucket).resolve("clusters/c.example.com/config")).hasContent("x");
    StateStore whole = StateStores.open("s3://" + bucket, server.env());
    assertThat(whole.list("")).containsExactly("clusters/c.example.com/config");
  }

  @Test
  void aMissingBucketSaysSoAndHowToCreateIt() {
    StateStore missing = StateStores.open("s3://no-such-bucket/x", server.env());
    assertThatThrownBy(() -> missing.list(""))
        .isInstanceOf(StateStoreException.class)
        .hasMessageContaining("no-such-bucket")
        .hasMessageContaining("does not exist")
        .hasMessageContaining("aws s3 mb");
  }

  @Test
  void wrongCredentialsAreReportedAsAccessDenied() {
    Map<String, String> env = new HashMap<>(server.env());
    env.put("AWS_SECRET_ACCESS_KEY", "wrong");
    StateStore bad = StateStores.open("s3://" + bucket, env);
    assertThatThrownBy(() -> bad.read("c/config"))
        .isInstanceOf(StateStoreException.class)
        .hasMessageContaining("access denied")
        .hasMessageContaining("AWS_ACCESS_KEY_ID");
  }

  @Test
  void anUnreachableServerNamesTheStoreAndWhatToCheck() throws Exception {
    int freePort;
    try (ServerSocket s = new ServerSocket(0)) {
      freePort = s.getLocalPort();
    }
    Map<String, String> env = new HashMap<>(server.env());
    env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + freePort);
    StateStore down = StateStores.open("s3://" + bucket + "/p", env);
    assertThatThrownBy(() -> down.list(""))
        .isInstanceOf(StateStoreException.class)
        .hasMessageContaining("cannot reach state store s3://" + bucket + "/p")
        .hasMessageContaining("127.0.0.1:" + freePort)
        .hasMessageContaining("AWS_ENDPOINT_URL");
  }

  @Test
  void aUriWithoutABucketIsRefused() {
    assertThatThrownBy(() -> StateStores.open("s3://", server.env()))
        .isInstanceOf(StateStoreException.class)
        .hasMessageContaining("names no bucket");
    assertThatThrownBy(() -> StateStores.open("s3:///prefix", server.env()))
        .isInstanceOf(StateStoreException.class)
        .hasMessageContaining("s3://BUCKET/PREFIX");
  }

  @Test
  void theEndpointOverrideTurnsOnPathStyleUnlessToldOtherwise() {
    assertThat(S3Settings.fromEnv(Map.of("AWS_ENDPOINT_URL", "http://h:1")).pathStyle()).isTrue();
    assertThat(S3Settings.fromEnv(Map.of()).pathStyle()).isFalse();
    assertThat(
            S3Settings.fromEnv(
                    Map.of("AWS_ENDPOINT_URL_S3", "http://s3:1", "AWS_ENDPOINT_URL", "http://x:2"))
                .endpoint())
        .hasValueSatisfying(u -> assertThat(u.toString()).isEqualTo("http://s3:1"));
    assertThat(
            S3Settings.fromEnv(
                    Map.of("AWS_ENDPOINT_URL", "http://h:1", "JKOPS_S3_PATH_STYLE", "false"))
                .pathStyle())
        .isFalse();
  }
}
