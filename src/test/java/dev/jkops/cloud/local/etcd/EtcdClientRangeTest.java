package dev.jkops.cloud.local.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EtcdClient#range}, which reads etcd's gateway answer token by token, against a real etcd
 * (one member on unix sockets in a temp dir: no network) with etcdctl as the other client: what
 * etcdctl wrote (multi-byte text, an empty value, values large enough that the answer comes in many
 * chunks) reads back exactly, and what the client wrote reads back through etcdctl.
 */
class EtcdClientRangeTest {
  @TempDir Path dir;

  @Test
  void readsWhatEtcdctlWroteAndEtcdctlReadsWhatItWrote() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/etcd"))
                && Files.isExecutable(Path.of("/usr/bin/etcdctl"))
            || System.getenv("CI") != null,
        "no etcd and etcdctl on this machine");
    try (UnixSocketEtcd etcd = UnixSocketEtcd.start(dir, "r")) {
      EtcdClient c = etcd.client(Duration.ofSeconds(10));
      Path client = etcd.socket();
      SortedMap<String, String> written = new TreeMap<>();
      written.put("/registry/pods/default/naïve", "{\"labels\":{\"app\":\"日本 ✓\"},\"q\":\"\\\"\"}");
      written.put("/registry/pods/default/empty", "");
      String big = "x".repeat(4000);
      for (int i = 0; i < 40; i++) {
        written.put("/registry/pods/many/p" + i, "{\"n\":" + i + ",\"pad\":\"" + big + "\"}");
      }
      for (var kv : written.entrySet()) {
        etcdctl(client, "put", kv.getKey(), kv.getValue());
      }
      etcdctl(client, "put", "/registry/podsx/outside", "not under the prefix");

      assertThat(c.range("/registry/pods/", true)).isEqualTo(written);
      assertThat(c.range("/registry/pods/default/", false))
          .containsOnlyKeys("/registry/pods/default/empty", "/registry/pods/default/naïve");
      assertThat(c.range("/registry/none/", true)).isEmpty();

      c.txn(List.of(new EtcdClient.Put("/registry/pods/default/ü", "ß ✓")));
      assertThat(etcdctl(client, "get", "--print-value-only", "/registry/pods/default/ü"))
          .isEqualTo("ß ✓\n");
    }
  }

  @Test
  void readAllAnswersEachKeyAndPrefixAsGetAndRangeDo() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/etcd")) || System.getenv("CI") != null,
        "no etcd on this machine");
    try (UnixSocketEtcd etcd = UnixSocketEtcd.start(dir, "a")) {
      EtcdClient c = etcd.client(Duration.ofSeconds(10));
      c.txn(
          List.of(
              new EtcdClient.Put("/registry/pods/default/web", "{\"n\":\"ü\"}"),
              new EtcdClient.Put("/registry/pods/default/db", ""),
              new EtcdClient.Put("/registry/podsx/outside", "x"),
              new EtcdClient.Put("/calico/v1/Ready", "true")));

      List<SortedMap<String, String>> read =
          c.readAll(
              List.of(
                  "/registry/pods/default/web",
                  "/registry/pods/",
                  "/registry/pods/default/gone",
                  "/calico/v1/Ready",
                  "/registry/none/"));

      assertThat(read)
          .containsExactly(
              new TreeMap<>(java.util.Map.of("/registry/pods/default/web", "{\"n\":\"ü\"}")),
              c.range("/registry/pods/", true),
              new TreeMap<String, String>(),
              new TreeMap<>(java.util.Map.of("/calico/v1/Ready", "true")),
              new TreeMap<String, String>());
      assertThat(read.get(1))
          .containsOnlyKeys("/registry/pods/default/web", "/registry/pods/default/db");
    }
  }

  @Test
  void anAnswerOfAnotherShapeIsAnErrorNotAShorterList() {
    byte[] notObjects =
        "{\"kvs\":[{\"key\":\"YQ==\",\"value\":\"Yg==\"},7]}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> EtcdClient.keyValues(notObjects))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("each of a range answer's kvs is a JSON object");
    byte[] notBase64 = "{\"kvs\":[{\"key\":\"%%%\"}]}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> EtcdClient.keyValues(notBase64)).isInstanceOf(IOException.class);
  }

  private static String etcdctl(Path socket, String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("etcdctl", "--endpoints=unix://" + socket));
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("etcdctl %s: %s", List.of(args), out).isZero();
    return out;
  }
}
