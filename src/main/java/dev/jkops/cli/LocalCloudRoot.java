package dev.jkops.cli;

/**
 * The local cloud's one prerequisite every command checks first: it builds network namespaces, so
 * it needs root.
 */
final class LocalCloudRoot {
  private LocalCloudRoot() {}

  /**
   * Refuses {@code what} (e.g. "update cluster") with what to do instead, unless jkops runs as
   * root.
   */
  static void require(String what) {
    if (!dev.jkops.cloud.local.Prerequisites.isRoot()) {
      throw new CommandException(
          what
              + " on the local cloud needs root: it works with network namespaces."
              + " Run it with sudo; 'jkops doctor' checks everything else it needs");
    }
  }
}
