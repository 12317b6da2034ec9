package dev.jkops.cloud.local.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.store.FileStateStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up archive's TLS training finishes a real handshake in memory (the server's identity as
 * its start builds it, validate's client that trusts only the cluster's CA) and carries a request
 * across: if it stopped half-way, the archive would hold only half of the handshake's classes.
 */
class TlsTrainingTest {
  @TempDir Path dir;

  @Test
  void theHandshakeFinishesAndTheRequestArrives() throws Exception {
    FileStateStore store = new FileStateStore(dir);
    for (String cluster : java.util.List.of("ec.example.com", "rsa.example.com")) {
      if (cluster.startsWith("rsa")) {
        ClusterPki.ensure(store, cluster, "RSA");
      }
      assertThat(TlsTraining.run(ClusterPki.serverFiles(store, cluster)))
          .as(cluster)
          .isEqualTo("GET /readyz HTTP/1.1\r\n\r\n");
    }
  }

  @Test
  void aServerCertificateFromAnotherCaFailsTheHandshake() {
    FileStateStore one = new FileStateStore(dir.resolve("one"));
    FileStateStore two = new FileStateStore(dir.resolve("two"));
    ClusterPki.ServerFiles mine = ClusterPki.serverFiles(one, "a.example.com");
    ClusterPki.ServerFiles other = ClusterPki.serverFiles(two, "a.example.com");
    ClusterPki.ServerFiles mixed =
        new ClusterPki.ServerFiles(mine.caPem(), other.certificatePem(), other.keyPem());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TlsTraining.run(mixed))
        .isInstanceOf(javax.net.ssl.SSLException.class);
  }
}
