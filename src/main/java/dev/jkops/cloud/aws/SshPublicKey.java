package dev.jkops.cloud.aws;

import dev.jkops.api.store.StateStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The cluster's admin SSH public key, an OpenSSH {@code authorized_keys} line, which kops imports
 * as an EC2 key pair named {@code kubernetes.<cluster>-<fingerprint>} (the fingerprint is the MD5
 * one OpenSSH prints with {@code ssh-keygen -l -E md5}, which EC2 also shows for an imported key)
 * and names in every launch template.
 *
 * @param text the key line as given, e.g. {@code ssh-rsa AAAA... user@host}
 */
public record SshPublicKey(String text) {
  /** Where kops keeps the admin key in the state store, below the cluster's directory. */
  static final String STORE_DIR = "pki/ssh/public/admin/";

  public SshPublicKey {
    text = text.strip();
    blob(text);
  }

  /**
   * The admin key kops' {@code create secret sshpublickey} leaves in the state store ({@code
   * <cluster>/pki/ssh/public/admin/<id>}), or empty when there is none. Two keys are refused: EC2
   * launch templates name one key pair.
   */
  public static Optional<SshPublicKey> fromStore(StateStore store, String cluster) {
    String dir = cluster + "/" + STORE_DIR;
    List<String> keys = store.list(dir);
    if (keys.isEmpty()) {
      return Optional.empty();
    }
    if (keys.size() > 1) {
      throw new AwsException(
          "the state store "
              + store.location()
              + " holds "
              + keys.size()
              + " admin SSH public keys"
              + " under "
              + dir
              + " "
              + keys
              + "; an AWS cluster's instances take exactly one, so delete the others");
    }
    String path = keys.get(0).startsWith(dir) ? keys.get(0) : dir + keys.get(0);
    byte[] content =
        store
            .read(path)
            .orElseThrow(
                () ->
                    new AwsException(
                        "the SSH public key " + path + " vanished from " + store.location()));
    return Optional.of(
        of(new String(content, StandardCharsets.UTF_8), store.location() + "/" + path));
  }

  /**
   * The key in {@code text}, or a clear error naming {@code source} when it is not an OpenSSH
   * public key.
   */
  public static SshPublicKey of(String text, String source) {
    try {
      return new SshPublicKey(text);
    } catch (IllegalArgumentException e) {
      throw new AwsException(source + ": " + e.getMessage());
    }
  }

  /** kops' (and EC2's) fingerprint: MD5 of the key blob, as colon-separated hex. */
  public String fingerprint() {
    try {
      byte[] md5 = MessageDigest.getInstance("MD5").digest(blob(text));
      StringBuilder sb = new StringBuilder();
      for (byte b : md5) {
        if (sb.length() > 0) {
          sb.append(':');
        }
        sb.append(String.format("%02x", b & 0xff));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no MD5", e);
    }
  }

  /** The EC2 key pair's name, as kops names it. */
  public String keyPairName(String cluster) {
    return "kubernetes." + cluster + "-" + fingerprint();
  }

  /** The key as written to a file: the line and a newline, as kops writes its data file. */
  public String fileContent() {
    return text + "\n";
  }

  private static byte[] blob(String text) {
    String[] parts = text.split("\\s+");
    if (parts.length < 2
        || !parts[0].matches("ssh-[a-z0-9]+|ecdsa-sha2-nistp[0-9]+|sk-[a-z0-9@.-]+")) {
      throw new IllegalArgumentException(
          "not an OpenSSH public key (expected \"ssh-rsa AAAA...\" or"
              + " \"ssh-ed25519 AAAA...\", as in ~/.ssh/id_rsa.pub)");
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the key's second field is not base64, so this is not an OpenSSH public key");
    }
    // The blob starts with its own type name, length-prefixed: it must agree with the first field.
    String type = parts[0];
    if (blob.length < 4 + type.length()
        || !new String(blob, 4, Math.min(type.length(), blob.length - 4), StandardCharsets.US_ASCII)
            .equals(type)) {
      throw new IllegalArgumentException(
          "the key's data does not hold a "
              + type
              + " key, so this is not an OpenSSH"
              + " public key");
    }
    return blob;
  }
}
