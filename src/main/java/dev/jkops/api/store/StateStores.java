package dev.jkops.api.store;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Opens a state store from the address a user gives with {@code --state} or {@code
 * KOPS_STATE_STORE}: {@code file:///path}, a bare path, or {@code s3://bucket/prefix}.
 */
public final class StateStores {
  /** The environment variable kops reads, and jkops too. */
  public static final String ENV = "KOPS_STATE_STORE";

  private StateStores() {}

  /**
   * The store address to use: the flag, else the environment, else {@code
   * file://$HOME/.jkops/state}.
   */
  public static String resolve(String flag, Map<String, String> env) {
    if (flag != null && !flag.isBlank()) {
      return flag.trim();
    }
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.trim();
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return "file://" + Path.of(home, ".jkops", "state");
  }

  /** Opens the store with the process environment. */
  public static StateStore open(String uri) {
    return open(uri, System.getenv());
  }

  /**
   * Opens the store; {@code env} supplies the S3 settings (AWS_ENDPOINT_URL, AWS_REGION, ...).
   * Nothing is created or contacted yet: a file store's directory appears on the first write and an
   * S3 client is built on the first request.
   */
  public static StateStore open(String uri, Map<String, String> env) {
    if (uri == null || uri.isBlank()) {
      throw new StateStoreException(
          "no state store given; set --state or "
              + ENV
              + " to file:///some/dir or s3://bucket/prefix");
    }
    String u = uri.trim();
    if (u.startsWith("s3://")) {
      return S3StateStore.open(u, S3Settings.fromEnv(env)).withFault(WriteFault.fromEnv(env));
    }
    if (u.startsWith("file://")) {
      return openFile(u, u.substring("file://".length())).withFault(WriteFault.fromEnv(env));
    }
    int colon = u.indexOf("://");
    if (colon > 0) {
      throw new StateStoreException(
          "state store \""
              + u
              + "\" uses the scheme \""
              + u.substring(0, colon)
              + "\", which jkops does not support; use file:///some/dir or s3://bucket/prefix");
    }
    return openFile(u, u).withFault(WriteFault.fromEnv(env));
  }

  private static FileStateStore openFile(String uri, String pathText) {
    if (pathText.isEmpty()) {
      throw new StateStoreException(
          "state store \"" + uri + "\" names no directory; use file:///some/dir");
    }
    Path root;
    try {
      root = Path.of(pathText).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new StateStoreException(
          "state store \""
              + uri
              + "\" is not a valid path: "
              + e.getReason()
              + "; use file:///some/dir",
          e);
    }
    if (Files.exists(root) && !Files.isDirectory(root)) {
      throw new StateStoreException(
          "state store "
              + uri
              + " cannot be used: "
              + root
              + " is a file, not a directory; point --state (or "
              + ENV
              + ") at a directory");
    }
    return new FileStateStore(root, uri);
  }
}
