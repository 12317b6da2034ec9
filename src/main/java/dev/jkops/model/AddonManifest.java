package dev.jkops.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * One rendered addon as kops lists it in the bootstrap channel.
 *
 * @param name e.g. {@code networking.projectcalico.org}
 * @param id e.g. {@code k8s-1.25}: changes when the manifest's shape changes
 * @param manifest the rendered YAML (several documents)
 * @param selector labels that find the addon's objects; networking addons share {@code
 *     role.kubernetes.io/networking: "1"} so a new provider replaces the old
 * @param manifestPath path under {@code <cluster>/addons/}; {@code <name>/<id>.yaml} unless kops
 *     names it otherwise
 * @param needsRollingUpdate kops' channel field ({@code all}) for addons whose change needs every
 *     node rolled, or null
 */
public record AddonManifest(
    String name,
    String id,
    String manifest,
    Map<String, String> selector,
    String manifestPath,
    String needsRollingUpdate) {

  /** The selector every networking addon carries. */
  public static final Map<String, String> NETWORKING_SELECTOR =
      Map.of("role.kubernetes.io/networking", "1");

  public AddonManifest {
    selector = Map.copyOf(selector);
    manifestPath = manifestPath == null ? name + "/" + id + ".yaml" : manifestPath;
  }

  public AddonManifest(String name, String id, String manifest, Map<String, String> selector) {
    this(name, id, manifest, selector, null, null);
  }

  public AddonManifest withPath(String path) {
    return new AddonManifest(name, id, manifest, selector, path, needsRollingUpdate);
  }

  public AddonManifest needingRollingUpdate(String which) {
    return new AddonManifest(name, id, manifest, selector, manifestPath, which);
  }

  /** sha256 of the rendered manifest, lower-case hex, as kops' manifestHash. */
  public String sha256() {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(manifest.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
