package dev.jkops.api.store;

import java.io.IOException;
import java.util.Map;

/**
 * Fault injection for the tests of multi-file writes, like {@code JKOPS_FAULT_HALT_AFTER_COMMANDS}
 * for kernel commands: with {@code JKOPS_FAULT_FAIL_STORE_WRITE=PATH} every write of exactly that
 * store path fails as a full disk does, so a test can cut a change short part way.
 */
record WriteFault(String path, boolean atRename) {
  static final String ENV = "JKOPS_FAULT_FAIL_STORE_WRITE";
  static final WriteFault NONE = new WriteFault(null, false);

  static WriteFault fromEnv(Map<String, String> env) {
    String p = env.get(ENV);
    return p == null || p.isBlank() ? NONE : new WriteFault(p.trim(), false);
  }

  /** Throws as the disk would when {@code path} is the one to fail (while writing its bytes). */
  void check(String path) throws IOException {
    if (!atRename) {
      fail(path);
    }
  }

  /**
   * Tests only: a file store's rename of {@code path} into place fails, after its bytes were
   * staged.
   */
  void checkRename(String path) throws IOException {
    if (atRename) {
      fail(path);
    }
  }

  private void fail(String path) throws IOException {
    if (this.path != null && this.path.equals(path)) {
      throw new java.nio.file.FileSystemException(
          path, null, "No space left on device (injected by " + ENV + ")");
    }
  }
}
