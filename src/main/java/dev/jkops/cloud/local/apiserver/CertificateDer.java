package dev.jkops.cloud.local.apiserver;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * An X.509 v3 certificate written in DER with the JDK alone (RFC 5280), for the few certificates a
 * cluster's CA issues. Bouncy Castle's builder did the same, but loading it (a signed jar, which
 * class-data sharing cannot archive) took 0.2-1.5 s of the first {@code update cluster --yes}; this
 * takes milliseconds. A new cluster's CA and server certificate are written as encoded here; the
 * API server parses both with the JDK's own X.509 code as it starts, and {@code ClusterPkiTest}
 * parses and verifies every kind jkops issues, so a malformed encoding fails there, not in kubectl.
 */
final class CertificateDer {
  private CertificateDer() {}

  /** What a certificate says; {@link #sign} encodes and signs it. */
  record Fields(
      X500Principal subject,
      PublicKey subjectKey,
      X500Principal issuer,
      BigInteger serial,
      Instant notBefore,
      Instant notAfter,
      boolean isCa,
      int keyUsageBits,
      List<String> extendedKeyUsageOids,
      List<String> ipAddresses,
      List<String> dnsNames) {}

  // key usage (RFC 5280 4.2.1.3): named bit i of the BIT STRING is 1 << i here
  static final int DIGITAL_SIGNATURE = 1;
  static final int KEY_ENCIPHERMENT = 1 << 2;
  static final int KEY_CERT_SIGN = 1 << 5;
  static final int CRL_SIGN = 1 << 6;

  static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
  private static final String SHA256_WITH_RSA = "1.2.840.113549.1.1.11";

  /**
   * The DER of the certificate {@code f} describes, signed by {@code issuerKey} (EC: ECDSA, else
   * RSA), not parsed back here. The JDK's X.509 parser records each certificate it parses as a
   * security event, and the first one asks {@code System.getLogger} whether to log it, which looks
   * for a logger provider in every jar on the class path: ~60-90 ms of CPU with jkops' 77 jars
   * (2026-12-07, docs/benchmarks.md), on the thread that starts the API server while a first
   * update's kernel work goes on. {@code ClusterPki} parses what it hands out as an {@code
   * X509Certificate}.
   */
  static byte[] encode(Fields f, PrivateKey issuerKey) throws GeneralSecurityException {
    boolean ec = "EC".equals(issuerKey.getAlgorithm());
    byte[] algorithm =
        ec
            ? seq(oid(ECDSA_WITH_SHA256))
            : seq(oid(SHA256_WITH_RSA), new byte[] {0x05, 0x00}); // RSA's parameters are NULL
    List<byte[]> extensions = new ArrayList<>();
    extensions.add(
        extension("2.5.29.19", true, f.isCa() ? seq(tlv(0x01, new byte[] {(byte) 0xff})) : seq()));
    extensions.add(extension("2.5.29.14", false, tlv(0x04, keyIdentifier(f.subjectKey()))));
    extensions.add(extension("2.5.29.15", true, bits(f.keyUsageBits())));
    if (!f.extendedKeyUsageOids().isEmpty()) {
      extensions.add(
          extension(
              "2.5.29.37",
              false,
              seq(
                  f.extendedKeyUsageOids().stream()
                      .map(CertificateDer::oid)
                      .toArray(byte[][]::new))));
    }
    if (!f.ipAddresses().isEmpty() || !f.dnsNames().isEmpty()) {
      List<byte[]> names = new ArrayList<>();
      for (String ip : f.ipAddresses()) {
        names.add(tlv(0x87, ipBytes(ip))); // [7] iPAddress
      }
      for (String dns : f.dnsNames()) {
        names.add(tlv(0x82, dns.getBytes(StandardCharsets.US_ASCII))); // [2] dNSName
      }
      extensions.add(extension("2.5.29.17", false, seq(names.toArray(byte[][]::new))));
    }
    byte[] tbs =
        seq(
            tlv(0xa0, tlv(0x02, new byte[] {2})), // [0] version: v3
            tlv(0x02, f.serial().toByteArray()),
            algorithm,
            f.issuer().getEncoded(),
            seq(time(f.notBefore()), time(f.notAfter())),
            f.subject().getEncoded(),
            f.subjectKey().getEncoded(), // SubjectPublicKeyInfo, as the JDK encodes it
            tlv(0xa3, seq(extensions.toArray(byte[][]::new)))); // [3] extensions
    Signature s = Signature.getInstance(ec ? "SHA256withECDSA" : "SHA256withRSA");
    s.initSign(issuerKey);
    s.update(tbs);
    byte[] signature = s.sign();
    return seq(tbs, algorithm, bitString(signature));
  }

  /** RFC 5280's method 1: SHA-1 of the subjectPublicKey BIT STRING's value. */
  private static byte[] keyIdentifier(PublicKey key) throws GeneralSecurityException {
    byte[] spki = key.getEncoded();
    int[] outer = header(spki, 0); // SEQUENCE: {tag end, length}
    int at = outer[0];
    int[] algorithm = header(spki, at);
    at = algorithm[0] + algorithm[1];
    int[] bitString = header(spki, at);
    // skip the BIT STRING's unused-bits count
    byte[] value =
        java.util.Arrays.copyOfRange(spki, bitString[0] + 1, bitString[0] + bitString[1]);
    return MessageDigest.getInstance("SHA-1").digest(value);
  }

  /** The end of the tag and length octets of the DER element at {@code at}, and its length. */
  private static int[] header(byte[] der, int at) {
    int lengthByte = der[at + 1] & 0xff;
    if (lengthByte < 0x80) {
      return new int[] {at + 2, lengthByte};
    }
    int n = lengthByte & 0x7f;
    int length = 0;
    for (int i = 0; i < n; i++) {
      length = (length << 8) | (der[at + 2 + i] & 0xff);
    }
    return new int[] {at + 2 + n, length};
  }

  private static byte[] extension(String id, boolean critical, byte[] value) {
    return critical
        ? seq(oid(id), tlv(0x01, new byte[] {(byte) 0xff}), tlv(0x04, value))
        : seq(oid(id), tlv(0x04, value));
  }

  /**
   * A named-bit BIT STRING (key usage) of {@code keyUsageBits}, whose bit i (1 << i) is the named
   * bit i; trailing zero bits dropped, as DER requires.
   */
  static byte[] bits(int keyUsageBits) {
    int last = 31 - Integer.numberOfLeadingZeros(keyUsageBits); // the highest bit set, or -1
    if (last < 0) {
      return tlv(0x03, new byte[] {0});
    }
    // bit i of the BIT STRING is bit (7 - i % 8) of octet i / 8
    byte[] value = new byte[last / 8 + 2];
    value[0] = (byte) (7 - last % 8); // unused bits in the last octet
    for (int i = 0; i <= last; i++) {
      if ((keyUsageBits & (1 << i)) != 0) {
        value[1 + i / 8] |= (byte) (0x80 >>> (i % 8));
      }
    }
    return tlv(0x03, value);
  }

  private static byte[] bitString(byte[] octets) {
    byte[] value = new byte[octets.length + 1];
    System.arraycopy(octets, 0, value, 1, octets.length);
    return tlv(0x03, value);
  }

  /** UTCTime until 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5). */
  private static byte[] time(Instant t) {
    java.time.ZonedDateTime z = t.atZone(ZoneOffset.UTC);
    return z.getYear() < 2050
        ? tlv(
            0x17,
            DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
                .format(z)
                .getBytes(StandardCharsets.US_ASCII))
        : tlv(
            0x18,
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'")
                .format(z)
                .getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] ipBytes(String literal) {
    try {
      // a literal address: no name lookup happens for it
      return java.net.InetAddress.getByName(literal).getAddress();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + literal, e);
    }
  }

  static byte[] oid(String dotted) {
    String[] parts = dotted.split("\\.");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(Integer.parseInt(parts[0]) * 40 + Integer.parseInt(parts[1]));
    for (int i = 2; i < parts.length; i++) {
      long v = Long.parseLong(parts[i]);
      byte[] base128 = new byte[10];
      int n = 0;
      do {
        base128[n++] = (byte) (v & 0x7f);
        v >>>= 7;
      } while (v != 0);
      for (int j = n - 1; j >= 0; j--) {
        out.write(base128[j] | (j > 0 ? 0x80 : 0));
      }
    }
    return tlv(0x06, out.toByteArray());
  }

  static byte[] seq(byte[]... items) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] item : items) {
      out.writeBytes(item);
    }
    return tlv(0x30, out.toByteArray());
  }

  static byte[] tlv(int tag, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
    out.write(tag);
    int n = value.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >>> 8);
      out.write(n);
    } else {
      out.write(0x83);
      out.write(n >>> 16);
      out.write(n >>> 8);
      out.write(n);
    }
    out.writeBytes(value);
    return out.toByteArray();
  }
}
