package dev.jkops.cloud.local.kernel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names cut to a kernel's or a file system's limit with a hash of the whole, so that two long names
 * that start alike stay apart: cluster ids, etcd member directories, nftables comments.
 */
public final class HashedNames {
  private HashedNames() {}

  /** The first {@code hexDigits} hex digits of the SHA-256 of {@code s}. */
  public static String shortHash(String s, int hexDigits) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, hexDigits);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * {@code name} itself when it has at most {@code max} characters, else its start, {@code joiner}
   * and {@code hexDigits} of its hash, {@code max} characters in all.
   */
  public static String cut(String name, int max, String joiner, int hexDigits) {
    return name.length() <= max
        ? name
        : name.substring(0, max - joiner.length() - hexDigits)
            + joiner
            + shortHash(name, hexDigits);
  }
}
