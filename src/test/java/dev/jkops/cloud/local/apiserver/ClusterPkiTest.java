package dev.jkops.cloud.local.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.store.FileStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster CA in the state store and what it issues, checked with the JDK's own X.509 code. */
class ClusterPkiTest {
  @TempDir Path dir;

  @Test
  void theCaIsMadeOnceAndKeptInTheStateStoreAsKopsKeepsItsKeysets() throws Exception {
    FileStateStore store = new FileStateStore(dir);
    ClusterPki first = ClusterPki.ensure(store, "a.example.com");
    ClusterPki again = ClusterPki.ensure(store, "a.example.com");
    assertThat(again.caCertificate()).isEqualTo(first.caCertificate());
    assertThat(Files.readString(dir.resolve("a.example.com/pki/issued/kubernetes-ca/ca.crt")))
        .startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(Files.readString(dir.resolve("a.example.com/pki/private/kubernetes-ca/ca.key")))
        .startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(first.caCertificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void theServerCertificateNamesLoopbackAndClientCertificatesCarryUserAndGroups() throws Exception {
    ClusterPki pki = ClusterPki.ensure(new FileStateStore(dir), "a.example.com");
    X509Certificate server = pki.issueServer().certificate();
    assertThat(
            server.getSubjectAlternativeNames().stream()
                .map(n -> String.valueOf(n.get(1)))
                .toList())
        .contains("127.0.0.1", "localhost");
    assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    ClusterPki.Issued admin =
        pki.issueClient("admin", List.of("system:masters"), java.time.Duration.ofHours(18));
    assertThat(admin.certificate().getSubjectX500Principal().getName())
        .contains("CN=admin", "O=system:masters");
    assertThat(admin.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    // valid for the lifetime asked (kops' --admin default, 18h), from an hour back for clock skew
    assertThat(
            java.time.Duration.between(
                admin.certificate().getNotBefore().toInstant(),
                admin.certificate().getNotAfter().toInstant()))
        .isEqualTo(java.time.Duration.ofHours(19));
    // the PEM round-trips: what export kubecfg writes is what the server reads back
    assertThat(ClusterPki.readCertificate(admin.certificatePem())).isEqualTo(admin.certificate());
    assertThat(ClusterPki.readKey(admin.keyPem())).isEqualTo(admin.key());
  }

  @Test
  void theServerCertificateAndKeyAreIssuedOnceAndKeptUntilTheCaChanges() throws Exception {
    FileStateStore store = new FileStateStore(dir);
    ClusterPki.ServerFiles first = ClusterPki.serverFiles(store, "a.example.com");
    assertThat(dir.resolve("a.example.com/pki/issued/kube-apiserver/server.crt")).exists();
    assertThat(dir.resolve("a.example.com/pki/private/kube-apiserver/server.key")).exists();
    ClusterPki.ServerFiles again = ClusterPki.serverFiles(store, "a.example.com");
    assertThat(again).as("kept: no new key at the next start").isEqualTo(first);
    X509Certificate cert = ClusterPki.readCertificate(first.certificatePem());
    assertThat(ClusterPki.load(store, "a.example.com").orElseThrow().issued(cert)).isTrue();
    // the kept key is the certificate's: what it signs, the certificate's public key verifies
    assertThat(keyMatches(ClusterPki.readKey(first.keyPem()), cert)).isTrue();

    // a new CA (its files deleted and made again): the kept certificate is not its own any more
    Files.delete(dir.resolve("a.example.com/" + ClusterPki.CA_CERT));
    Files.delete(dir.resolve("a.example.com/" + ClusterPki.CA_KEY));
    ClusterPki.ServerFiles reissued = ClusterPki.serverFiles(store, "a.example.com");
    assertThat(reissued.certificatePem()).isNotEqualTo(first.certificatePem());
    assertThat(
            ClusterPki.load(store, "a.example.com")
                .orElseThrow()
                .issued(ClusterPki.readCertificate(reissued.certificatePem())))
        .isTrue();
  }

  @Test
  void onlyCertificatesFromTheClustersOwnCaAreAccepted() {
    ClusterPki mine = ClusterPki.ensure(new FileStateStore(dir.resolve("one")), "a.example.com");
    ClusterPki other = ClusterPki.ensure(new FileStateStore(dir.resolve("two")), "a.example.com");
    ClusterPki.Verifier verifier = new ClusterPki.Verifier(mine.caCertificate());
    assertThat(
            verifier.issued(
                mine.issueClient("admin", List.of("system:masters"), java.time.Duration.ofHours(18))
                    .certificate()))
        .isTrue();
    assertThat(
            verifier.issued(
                other
                    .issueClient("admin", List.of("system:masters"), java.time.Duration.ofHours(18))
                    .certificate()))
        .isFalse();
    assertThat(verifier.issued(other.caCertificate())).isFalse();
  }

  @Test
  void aNewCaAndItsServerCertificateCarryEcP256KeysAndSignWithEcdsa() throws Exception {
    FileStateStore store = new FileStateStore(dir);
    ClusterPki.ServerFiles files = ClusterPki.serverFiles(store, "a.example.com");
    X509Certificate ca = ClusterPki.readCertificate(files.caPem());
    X509Certificate server = ClusterPki.readCertificate(files.certificatePem());
    assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
    java.security.AlgorithmParameters p256 = java.security.AlgorithmParameters.getInstance("EC");
    p256.init(new java.security.spec.ECGenParameterSpec("secp256r1"));
    java.math.BigInteger order =
        p256.getParameterSpec(java.security.spec.ECParameterSpec.class).getOrder();
    assertThat(((java.security.interfaces.ECPublicKey) ca.getPublicKey()).getParams().getOrder())
        .isEqualTo(order);
    assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(server.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(server.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(
            ((java.security.interfaces.ECPublicKey) server.getPublicKey()).getParams().getOrder())
        .isEqualTo(order);
    // an EC key signs only: no RSA key transport in its key usage (digitalSignature, bit 0)
    assertThat(server.getKeyUsage()[0]).isTrue();
    assertThat(server.getKeyUsage()[2]).as("keyEncipherment").isFalse();
    assertThat(keyMatches(ClusterPki.readKey(files.keyPem()), server)).isTrue();
    // the JDK's TLS takes the pair as a server identity, as the API server loads it
    assertThat(ApiServerMain.tls(ca, server, ClusterPki.readKey(files.keyPem()))).isNotNull();
  }

  @Test
  void aClusterWhoseCaHasAnRsaKeyKeepsItAndItsServerCertificateKeepsRsa() throws Exception {
    FileStateStore store = new FileStateStore(dir);
    ClusterPki older = ClusterPki.ensure(store, "old.example.com", "RSA");
    ClusterPki.ServerFiles files = ClusterPki.serverFiles(store, "old.example.com");
    X509Certificate ca = ClusterPki.readCertificate(files.caPem());
    assertThat(ca).isEqualTo(older.caCertificate());
    assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("RSA");
    X509Certificate server = ClusterPki.readCertificate(files.certificatePem());
    assertThat(server.getSigAlgName()).isEqualTo("SHA256withRSA");
    assertThat(server.getPublicKey().getAlgorithm()).isEqualTo("RSA");
    assertThat(ClusterPki.load(store, "old.example.com").orElseThrow().issued(server)).isTrue();
    assertThat(keyMatches(ClusterPki.readKey(files.keyPem()), server)).isTrue();
    // a client certificate from an EC CA: an RSA key, signed with ECDSA, checked by the server
    ClusterPki ec = ClusterPki.ensure(store, "new.example.com");
    ClusterPki.Issued admin =
        ec.issueClient("admin", List.of("system:masters"), java.time.Duration.ofHours(18));
    assertThat(admin.certificate().getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(new ClusterPki.Verifier(ec.caCertificate()).issued(admin.certificate())).isTrue();
    assertThat(new ClusterPki.Verifier(older.caCertificate()).issued(admin.certificate()))
        .isFalse();
  }

  /**
   * A store from before jkops wrote keys as PKCS#8 holds its RSA CA's key as PKCS#1 ("RSA PRIVATE
   * KEY"); here one made by OpenSSL, not by jkops. It is read without Bouncy Castle, kept, and
   * issues the API server's certificate.
   */
  @Test
  void aCaKeyInPkcs1FormAsOpensslAndOlderJkopsWroteItIsReadAndKept() throws Exception {
    FileStateStore store = new FileStateStore(dir);
    Path key = dir.resolve("old.example.com/" + ClusterPki.CA_KEY);
    Path cert = dir.resolve("old.example.com/" + ClusterPki.CA_CERT);
    Files.createDirectories(key.getParent());
    Files.createDirectories(cert.getParent());
    Files.copy(Path.of(getClass().getResource("/pki/pkcs1-rsa-ca.key").toURI()), key);
    Files.copy(Path.of(getClass().getResource("/pki/pkcs1-rsa-ca.crt").toURI()), cert);
    assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");

    ClusterPki.ServerFiles files = ClusterPki.serverFiles(store, "old.example.com");
    X509Certificate ca = ClusterPki.readCertificate(Files.readString(cert));
    assertThat(ClusterPki.readCertificate(files.caPem())).isEqualTo(ca);
    X509Certificate server = ClusterPki.readCertificate(files.certificatePem());
    assertThat(server.getSigAlgName()).isEqualTo("SHA256withRSA");
    server.verify(ca.getPublicKey());
    assertThat(keyMatches(ClusterPki.readKey(Files.readString(key)), ca))
        .as("the PKCS#1 key is the certificate's")
        .isTrue();
    assertThat(Files.readString(key)).as("kept as it was").startsWith("-----BEGIN RSA PRIVATE");
  }

  @Test
  void aKeyInAFormJkopsDoesNotReadIsRefusedByName() {
    String sec1 = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIA==\n-----END EC PRIVATE KEY-----\n";
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClusterPki.readKey(sec1))
        .hasMessageContaining("\"EC PRIVATE KEY\"")
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClusterPki.readKey("not a key"))
        .hasMessageContaining("no -----BEGIN line");
  }

  /**
   * The server's TLS identity, handed over without a key store, is what a client that trusts the
   * cluster's CA gets in a real handshake, for an EC CA (new clusters) and an RSA one (older
   * clusters), in TLS 1.3 and 1.2 (whose key types the identity answers differently).
   */
  @Test
  void aClientTrustingTheClustersCaCompletesAHandshakeWithTheServersIdentity() throws Exception {
    FileStateStore store = new FileStateStore(dir);
    ClusterPki.ensure(store, "rsa.example.com", "RSA");
    for (String cluster : List.of("ec.example.com", "rsa.example.com")) {
      ClusterPki.ServerFiles files = ClusterPki.serverFiles(store, cluster);
      X509Certificate ca = ClusterPki.readCertificate(files.caPem());
      X509Certificate server = ClusterPki.readCertificate(files.certificatePem());
      javax.net.ssl.SSLContext serverTls =
          ApiServerMain.tls(ca, server, ClusterPki.readKey(files.keyPem()));
      // validate's client, which trusts the cluster's CA and nothing else
      javax.net.ssl.SSLContext clientTls = ApiServerProcess.clientTls(ca);
      for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
        try (javax.net.ssl.SSLServerSocket listener =
            (javax.net.ssl.SSLServerSocket)
                serverTls
                    .getServerSocketFactory()
                    .createServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
          var accepted =
              java.util.concurrent.CompletableFuture.runAsync(
                  () -> {
                    try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) listener.accept()) {
                      s.setSoTimeout(10_000);
                      s.startHandshake();
                      s.getOutputStream().write(1);
                      s.getOutputStream().flush();
                    } catch (java.io.IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  });
          try (javax.net.ssl.SSLSocket client =
              (javax.net.ssl.SSLSocket)
                  clientTls.getSocketFactory().createSocket("127.0.0.1", listener.getLocalPort())) {
            client.setSoTimeout(10_000);
            client.setEnabledProtocols(new String[] {protocol});
            javax.net.ssl.SSLParameters p = client.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate's names checked too
            client.setSSLParameters(p);
            client.startHandshake();
            assertThat(client.getInputStream().read()).isEqualTo(1);
            assertThat(client.getSession().getProtocol()).isEqualTo(protocol);
            assertThat(client.getSession().getPeerCertificates()[0])
                .as(cluster + " over " + protocol)
                .isEqualTo(server);
          }
          accepted.get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
      }
    }
  }

  /** Whether what {@code key} signs, {@code cert}'s public key verifies. */
  private static boolean keyMatches(java.security.PrivateKey key, X509Certificate cert)
      throws Exception {
    String alg = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
    java.security.Signature sign = java.security.Signature.getInstance(alg);
    sign.initSign(key);
    sign.update(new byte[] {1, 2, 3});
    byte[] signature = sign.sign();
    java.security.Signature verify = java.security.Signature.getInstance(alg);
    verify.initVerify(cert.getPublicKey());
    verify.update(new byte[] {1, 2, 3});
    return verify.verify(signature);
  }
}
