package dev.jkops.cloud.local.apiserver;

import dev.jkops.api.store.StateStore;
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
import javax.security.auth.x500.X500Principal;

/**
 * A cluster's certificate authority ({@code kubernetes-ca}, as kops names it) and the certificates
 * it issues: the API server's (for 127.0.0.1 and localhost) and client certificates (the admin's,
 * {@code O=system:masters}). The CA is kept in the state store beside the cluster spec, as kops
 * keeps its keysets under {@code pki/}: the certificate in {@code pki/issued/kubernetes-ca/}, the
 * key in {@code pki/private/kubernetes-ca/}, both PEM.
 *
 * <p>A new CA and the server certificate it issues carry ECDSA P-256 keys: making one takes
 * milliseconds where an RSA 2048 key took up to a second on the first {@code update cluster --yes},
 * and kubectl (every version: Go's TLS has read them since 1.2) and fabric8 (the JDK's TLS) accept
 * them. A CA made before, with an RSA key, is read and kept as it is: it signs with RSA and its
 * server certificate keeps an RSA key. Client certificates keep RSA keys, which every kubeconfig
 * reader takes; they are made by {@code export kubecfg}, not by {@code update}.
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
    return ensure(store, cluster, CA_KEY_ALGORITHM);
  }

  /** As {@link #ensure(StateStore, String)}, a new CA's key of {@code algorithm} (EC or RSA). */
  static ClusterPki ensure(StateStore store, String cluster, String algorithm) {
    Optional<ClusterPki> known = load(store, cluster);
    if (known.isPresent()) {
      return known.get();
    }
    Made ca = newCa(store, cluster, algorithm);
    return new ClusterPki(new Issued(readCertificate(ca.certificatePem()), ca.key()));
  }

  /** The subject (and so the issuer of what it signs) of every CA jkops makes. */
  private static final X500Principal CA_SUBJECT = new X500Principal("CN=kubernetes-ca");

  /** A certificate jkops has just made, as DER (not parsed back), and its private key. */
  private record Made(byte[] der, PrivateKey key) {
    String certificatePem() {
      return pem("CERTIFICATE", der);
    }
  }

  /** A new CA, kept in the state store: its key first, then its certificate. */
  private static Made newCa(StateStore store, String cluster, String algorithm) {
    KeyPair kp = keyPair(algorithm);
    byte[] der =
        der(
            CA_SUBJECT,
            kp.getPublic(),
            CA_SUBJECT,
            kp.getPrivate(),
            CA_VALIDITY,
            true,
            List.of(),
            List.of(),
            null);
    Made ca = new Made(der, kp.getPrivate());
    store.write(cluster + "/" + CA_KEY, pem(kp.getPrivate()).getBytes(StandardCharsets.UTF_8));
    store.write(cluster + "/" + CA_CERT, ca.certificatePem().getBytes(StandardCharsets.UTF_8));
    return ca;
  }

  /**
   * The CA's certificate as the PEM text kept in the state store, not parsed: what a kubeconfig
   * carries, which every {@code update cluster --yes} writes, and parsing would start the JDK's
   * X.509 parser and its platform logging (see the class comment).
   */
  public static Optional<String> caPem(StateStore store, String cluster) {
    return store.read(cluster + "/" + CA_CERT).map(b -> new String(b, StandardCharsets.UTF_8));
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
   * key. Issued again (and kept) when there is none, when the CA in the store did not sign it, or
   * when it expires within {@link #RENEW_BEFORE}. The kept files are checked with the JDK's own
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
    // A new cluster's CA and server certificate are made and written as DER and PEM, never parsed
    // here (see CertificateDer.encode); the API server parses both as it starts.
    Optional<ClusterPki> known = load(store, cluster);
    String caPem;
    Made server;
    if (known.isPresent()) {
      caPem = known.get().caPem();
      server = server(known.get().ca.certificate().getSubjectX500Principal(), known.get().ca.key());
    } else {
      Made made = newCa(store, cluster, CA_KEY_ALGORITHM);
      caPem = made.certificatePem();
      server = server(CA_SUBJECT, made.key());
    }
    String keyPem = pem(server.key());
    // the key first: a store holding a certificate always holds its key
    store.write(cluster + "/" + SERVER_KEY, keyPem.getBytes(StandardCharsets.UTF_8));
    store.write(
        cluster + "/" + SERVER_CERT, server.certificatePem().getBytes(StandardCharsets.UTF_8));
    return new ServerFiles(caPem, server.certificatePem(), keyPem);
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

  /**
   * The API server's certificate: loopback only, so its names are 127.0.0.1 and localhost. Its key
   * is of the CA's kind (EC for a CA jkops makes now, RSA for one made before).
   */
  public Issued issueServer() {
    Made server = server(ca.certificate().getSubjectX500Principal(), ca.key());
    return new Issued(readCertificate(server.certificatePem()), server.key());
  }

  /** The API server's certificate (see {@link #issueServer()}), signed by {@code caKey}. */
  private static Made server(X500Principal caSubject, PrivateKey caKey) {
    KeyPair kp = keyPair(caKey.getAlgorithm());
    byte[] der =
        der(
            new X500Principal("CN=kube-apiserver"),
            kp.getPublic(),
            caSubject,
            caKey,
            LEAF_VALIDITY,
            false,
            List.of("127.0.0.1"),
            List.of("localhost", "kubernetes"),
            CertificateDer.SERVER_AUTH);
    return new Made(der, kp.getPrivate());
  }

  /**
   * A client certificate valid for {@code validity}: the user is its CN, its groups its O entries
   * (as the real API server reads them).
   */
  public Issued issueClient(String user, List<String> groups, Duration validity) {
    KeyPair kp = keyPair("RSA");
    // RFC 2253 order: the CN first; the O entries follow it
    StringBuilder dn = new StringBuilder("CN=").append(user);
    for (String g : groups) {
      dn.append(",O=").append(g);
    }
    byte[] der =
        der(
            new X500Principal(dn.toString()),
            kp.getPublic(),
            ca.certificate().getSubjectX500Principal(),
            ca.key(),
            validity,
            false,
            List.of(),
            List.of(),
            CertificateDer.CLIENT_AUTH);
    return new Issued(readCertificate(pem("CERTIFICATE", der)), kp.getPrivate());
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

  /** The key algorithm of a CA jkops makes: ECDSA on P-256 (see the class comment). */
  static final String CA_KEY_ALGORITHM = "EC";

  /** A new key pair: {@code "EC"} on P-256, or {@code "RSA"} of 2048 bits. */
  private static KeyPair keyPair(String algorithm) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
      if ("EC".equals(algorithm)) {
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"), RANDOM);
      } else {
        g.initialize(2048, RANDOM);
      }
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "this Java cannot make " + algorithm + " keys: " + e.getMessage(), e);
    }
  }

  /** A certificate's DER, signed by {@code issuerKey} and not parsed back. */
  private static byte[] der(
      X500Principal subject,
      java.security.PublicKey subjectKey,
      X500Principal issuer,
      PrivateKey issuerKey,
      Duration validity,
      boolean isCa,
      List<String> ipAddresses,
      List<String> dnsNames,
      String purpose) {
    // keyEncipherment is RSA key transport; an EC key only signs (its TLS key exchange is ECDHE)
    int usage =
        isCa
            ? CertificateDer.KEY_CERT_SIGN
                | CertificateDer.CRL_SIGN
                | CertificateDer.DIGITAL_SIGNATURE
            : "EC".equals(subjectKey.getAlgorithm())
                ? CertificateDer.DIGITAL_SIGNATURE
                : CertificateDer.DIGITAL_SIGNATURE | CertificateDer.KEY_ENCIPHERMENT;
    Instant now = Instant.now();
    try {
      return CertificateDer.encode(
          new CertificateDer.Fields(
              subject,
              subjectKey,
              issuer,
              new BigInteger(127, RANDOM),
              now.minus(Duration.ofHours(1)),
              now.plus(validity),
              isCa,
              usage,
              purpose == null ? List.of() : List.of(purpose),
              ipAddresses,
              dnsNames),
          issuerKey);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalStateException(
          "cannot issue a certificate for " + subject.getName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * PEM: a certificate as "CERTIFICATE", a key as PKCS#8 "PRIVATE KEY" (kubectl and the JDK read
   * both).
   */
  static String pem(Object o) {
    if (o instanceof PrivateKey k) {
      return pem("PRIVATE KEY", k.getEncoded());
    }
    if (o instanceof X509Certificate c) {
      try {
        return pem("CERTIFICATE", c.getEncoded());
      } catch (java.security.cert.CertificateEncodingException e) {
        throw new IllegalStateException("cannot encode a certificate: " + e.getMessage(), e);
      }
    }
    throw new IllegalArgumentException("no PEM form for " + o.getClass().getName());
  }

  /** {@code der} as a PEM block of {@code type}. */
  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /**
   * A PEM certificate, read by the JDK's own X.509 parser. Bouncy Castle did this until 7 Dec 2026:
   * its jars are signed, so the JVM checks their signatures when it loads a class from them, and
   * CDS cannot archive those classes. Reading the three PEM files cost the API server ~350 ms of
   * CPU at every start, on the cores {@code update cluster --yes} was making the cluster with.
   */
  static X509Certificate readCertificate(String pem) {
    try {
      java.security.cert.Certificate c =
          java.security.cert.CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      if (c instanceof X509Certificate x) {
        return x;
      }
      throw new java.security.cert.CertificateException("not an X.509 certificate");
    } catch (java.security.cert.CertificateException e) {
      throw new IllegalStateException("not a PEM certificate: " + e.getMessage(), e);
    }
  }

  /**
   * A PEM private key: PKCS#8 ("PRIVATE KEY"), as jkops writes every key, or PKCS#1 ("RSA PRIVATE
   * KEY"), as jkops wrote its RSA keys before 485fa2c (through Bouncy Castle's PEM writer) and
   * {@code openssl genrsa -traditional} writes them. The JDK reads PKCS#8 only, so a PKCS#1 key is
   * wrapped in a PKCS#8 envelope first (RFC 5208: version 0, rsaEncryption, the key as an octet
   * string).
   */
  static PrivateKey readKey(String pem) {
    Pem block = Pem.first(pem);
    byte[] pkcs8 =
        switch (block.type()) {
          case "PRIVATE KEY" -> block.der();
          case "RSA PRIVATE KEY" ->
              CertificateDer.seq(
                  new byte[] {0x02, 0x01, 0x00},
                  CertificateDer.seq(
                      CertificateDer.oid("1.2.840.113549.1.1.1"), new byte[] {0x05, 0x00}),
                  CertificateDer.tlv(0x04, block.der()));
          default ->
              throw new IllegalStateException(
                  "not a PEM private key jkops reads: \""
                      + block.type()
                      + "\"; convert it to PKCS#8 (openssl pkcs8 -topk8 -nocrypt)");
        };
    java.security.spec.PKCS8EncodedKeySpec spec = new java.security.spec.PKCS8EncodedKeySpec(pkcs8);
    for (String algorithm : List.of("EC", "RSA")) {
      try {
        return java.security.KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (java.security.spec.InvalidKeySpecException notThisKind) {
        // the other kind, or neither
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("this Java cannot read " + algorithm + " keys", e);
      }
    }
    throw new IllegalStateException("not a PEM private key: neither an EC nor an RSA key");
  }

  /** One PEM block: its type ("CERTIFICATE", "PRIVATE KEY", ...) and its bytes. */
  private record Pem(String type, byte[] der) {
    static Pem first(String text) {
      int begin = text.indexOf("-----BEGIN ");
      int typeEnd = begin < 0 ? -1 : text.indexOf("-----", begin + 11);
      if (typeEnd < 0) {
        throw new IllegalStateException("not a PEM private key: no -----BEGIN line");
      }
      String type = text.substring(begin + 11, typeEnd);
      String endLine = "-----END " + type + "-----";
      int end = text.indexOf(endLine, typeEnd);
      if (end < 0) {
        throw new IllegalStateException("not a PEM private key: no " + endLine + " line");
      }
      String body = text.substring(typeEnd + 5, end);
      if (body.contains(":")) {
        throw new IllegalStateException(
            "not a PEM private key jkops reads: it is encrypted; decrypt it first");
      }
      try {
        return new Pem(type, java.util.Base64.getMimeDecoder().decode(body));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("not a PEM private key: " + e.getMessage(), e);
      }
    }
  }
}
