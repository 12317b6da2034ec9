package dev.jkops.cloud.local.apiserver;

import dev.jkops.api.store.StateStore;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A cluster's certificate authority ({@code kubernetes-ca}, as kops names it) and the certificates
 * it issues: the API server's (for 127.0.0.1 and localhost) and client certificates (the admin's,
 * {@code O=system:masters}). The CA is kept in the state store beside the cluster spec, as kops
 * keeps its keysets under {@code pki/}: the certificate in {@code pki/issued/kubernetes-ca/}, the
 * key in {@code pki/private/kubernetes-ca/}, both PEM.
 */
public final class ClusterPki {
  static final String CA_CERT = "pki/issued/kubernetes-ca/ca.crt";
  static final String CA_KEY = "pki/private/kubernetes-ca/ca.key";
  static final String SERVER_CERT = "pki/issued/kube-apiserver/server.crt";
  static final String SERVER_KEY = "pki/private/kube-apiserver/server.key";

  /** A kept server certificate is issued again when it has less than this left. */
  static final Duration RENEW_BEFORE = Duration.ofDays(30);

  private static final Duration CA_VALIDITY = Duration.ofDays(3650);
  private static final Duration LEAF_VALIDITY = Duration.ofDays(455);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A certificate and its private key. */
  public record Issued(X509Certificate certificate, PrivateKey key) {
    public String certificatePem() {
      return pem(certificate);
    }

    public String keyPem() {
      return pem(key);
    }
  }

  private final Issued ca;

  private ClusterPki(Issued ca) {
    this.ca = ca;
  }

  public X509Certificate caCertificate() {
    return ca.certificate();
  }

  public String caPem() {
    return pem(ca.certificate());
  }

  /** The cluster's CA from the state store, made (and stored) the first time. */
  public static ClusterPki ensure(StateStore store, String cluster) {
    Optional<ClusterPki> known = load(store, cluster);
    if (known.isPresent()) {
      return known.get();
    }
    KeyPair kp = keyPair();
    X500Name subject = new X500Name("CN=kubernetes-ca");
    X509Certificate cert =
        sign(subject, kp.getPublic(), subject, kp.getPrivate(), CA_VALIDITY, true, List.of(), null);
    store.write(cluster + "/" + CA_KEY, pem(kp.getPrivate()).getBytes(StandardCharsets.UTF_8));
    store.write(cluster + "/" + CA_CERT, pem(cert).getBytes(StandardCharsets.UTF_8));
    return new ClusterPki(new Issued(cert, kp.getPrivate()));
  }

  /** The cluster's CA, if {@code update cluster --yes} has made one. */
  public static Optional<ClusterPki> load(StateStore store, String cluster) {
    Optional<byte[]> cert = store.read(cluster + "/" + CA_CERT);
    Optional<byte[]> key = store.read(cluster + "/" + CA_KEY);
    if (cert.isEmpty() || key.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ClusterPki(
            new Issued(
                readCertificate(new String(cert.get(), StandardCharsets.UTF_8)),
                readKey(new String(key.get(), StandardCharsets.UTF_8)))));
  }

  /** The API server's files, PEM: the CA's certificate, its own certificate and its key. */
  public record ServerFiles(String caPem, String certificatePem, String keyPem) {}

  /**
   * The API server's certificate and key, issued once and kept in the state store beside the CA (as
   * kops keeps the API server's keyset under {@code pki/}), so that starting the server makes no
   * RSA key. Issued again (and kept) when there is none, when the CA in the store did not sign it,
   * or when it expires within {@link #RENEW_BEFORE}. The kept files are checked with the JDK's own
   * X.509 parser: a start that reuses them loads no Bouncy Castle.
   */
  public static ServerFiles serverFiles(StateStore store, String cluster) {
    Optional<byte[]> ca = store.read(cluster + "/" + CA_CERT);
    Optional<byte[]> cert = store.read(cluster + "/" + SERVER_CERT);
    Optional<byte[]> key = store.read(cluster + "/" + SERVER_KEY);
    if (ca.isPresent()
        && cert.isPresent()
        && key.isPresent()
        && store.read(cluster + "/" + CA_KEY).isPresent()
        && stillServes(ca.get(), cert.get())) {
      return new ServerFiles(
          new String(ca.get(), StandardCharsets.UTF_8),
          new String(cert.get(), StandardCharsets.UTF_8),
          new String(key.get(), StandardCharsets.UTF_8));
    }
    ClusterPki pki = ensure(store, cluster);
    Issued server = pki.issueServer();
    // the key first: a store holding a certificate always holds its key
    store.write(cluster + "/" + SERVER_KEY, server.keyPem().getBytes(StandardCharsets.UTF_8));
    store.write(
        cluster + "/" + SERVER_CERT, server.certificatePem().getBytes(StandardCharsets.UTF_8));
    return new ServerFiles(pki.caPem(), server.certificatePem(), server.keyPem());
  }

  /** Whether {@code certPem} was signed by {@code caPem} and is valid for a while yet. */
  private static boolean stillServes(byte[] caPem, byte[] certPem) {
    try {
      java.security.cert.CertificateFactory f =
          java.security.cert.CertificateFactory.getInstance("X.509");
      X509Certificate ca =
          (X509Certificate) f.generateCertificate(new java.io.ByteArrayInputStream(caPem));
      X509Certificate cert =
          (X509Certificate) f.generateCertificate(new java.io.ByteArrayInputStream(certPem));
      cert.checkValidity(Date.from(Instant.now().plus(RENEW_BEFORE)));
      cert.checkValidity();
      cert.verify(ca.getPublicKey());
      return cert.getIssuerX500Principal().equals(ca.getSubjectX500Principal());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The API server's certificate: loopback only, so its names are 127.0.0.1 and localhost. */
  public Issued issueServer() {
    KeyPair kp = keyPair();
    X509Certificate cert =
        sign(
            new X500Name("CN=kube-apiserver"),
            kp.getPublic(),
            subjectOf(ca.certificate()),
            ca.key(),
            LEAF_VALIDITY,
            false,
            List.of(
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.dNSName, "kubernetes")),
            KeyPurposeId.id_kp_serverAuth);
    return new Issued(cert, kp.getPrivate());
  }

  /**
   * A client certificate: the user is its CN, its groups its O entries (as the real API server
   * reads them).
   */
  public Issued issueClient(String user, List<String> groups) {
    KeyPair kp = keyPair();
    StringBuilder dn = new StringBuilder();
    for (String g : groups) {
      dn.append("O=").append(g).append(",");
    }
    dn.append("CN=").append(user);
    X509Certificate cert =
        sign(
            new X500Name(dn.toString()),
            kp.getPublic(),
            subjectOf(ca.certificate()),
            ca.key(),
            LEAF_VALIDITY,
            false,
            List.of(),
            KeyPurposeId.id_kp_clientAuth);
    return new Issued(cert, kp.getPrivate());
  }

  /** Whether {@code cert} was issued by this CA and is valid now. */
  public boolean issued(X509Certificate cert) {
    try {
      cert.checkValidity();
      cert.verify(ca.certificate().getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Checks client certificates against the CA's certificate (the API server has no CA key). */
  public record Verifier(X509Certificate ca) {
    public boolean issued(X509Certificate cert) {
      try {
        cert.checkValidity();
        cert.verify(ca.getPublicKey());
        return cert.getIssuerX500Principal().equals(ca.getSubjectX500Principal());
      } catch (GeneralSecurityException e) {
        return false;
      }
    }
  }

  private static X500Name subjectOf(X509Certificate c) {
    return X500Name.getInstance(c.getSubjectX500Principal().getEncoded());
  }

  private static KeyPair keyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048, RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this Java cannot make RSA keys: " + e.getMessage(), e);
    }
  }

  private static X509Certificate sign(
      X500Name subject,
      java.security.PublicKey subjectKey,
      X500Name issuer,
      PrivateKey issuerKey,
      Duration validity,
      boolean isCa,
      List<GeneralName> names,
      KeyPurposeId purpose) {
    try {
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuer,
              new BigInteger(127, RANDOM),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(validity)),
              subject,
              subjectKey);
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
      if (isCa) {
        b.addExtension(
            Extension.keyUsage,
            true,
            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
      } else {
        b.addExtension(
            Extension.keyUsage,
            true,
            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      }
      if (!names.isEmpty()) {
        b.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(names.toArray(GeneralName[]::new)));
      }
      X509CertificateHolder h =
          b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey));
      return new JcaX509CertificateConverter().getCertificate(h);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot issue a certificate for " + subject + ": " + e.getMessage(), e);
    }
  }

  static String pem(Object o) {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter p = new JcaPEMWriter(w)) {
      // keys as PKCS#8 ("PRIVATE KEY"), which kubectl and the JDK both read
      p.writeObject(
          o instanceof PrivateKey k
              ? new org.bouncycastle.util.io.pem.PemObject("PRIVATE KEY", k.getEncoded())
              : o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  static X509Certificate readCertificate(String pem) {
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      return new JcaX509CertificateConverter()
          .getCertificate((X509CertificateHolder) p.readObject());
    } catch (Exception e) {
      throw new IllegalStateException("not a PEM certificate: " + e.getMessage(), e);
    }
  }

  static PrivateKey readKey(String pem) {
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      Object o = p.readObject();
      JcaPEMKeyConverter c = new JcaPEMKeyConverter();
      return o instanceof PEMKeyPair kp
          ? c.getKeyPair(kp).getPrivate()
          : c.getPrivateKey((PrivateKeyInfo) o);
    } catch (Exception e) {
      throw new IllegalStateException("not a PEM private key: " + e.getMessage(), e);
    }
  }
}
