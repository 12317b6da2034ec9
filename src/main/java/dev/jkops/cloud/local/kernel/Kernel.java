package dev.jkops.cloud.local.kernel;

/**
 * The kernel wrappers over one command runner: namespaces, iproute2 per namespace, nftables, CNI.
 */
public final class Kernel {
  private final CommandRunner runner;
  private final java.nio.file.Path cniPluginDir;

  public Kernel(CommandRunner runner) {
    this(runner, CniPlugin.DEFAULT_DIR);
  }

  /**
   * With the CNI plugins in {@code cniPluginDir} instead of /opt/cni/bin (fault tests use a broken
   * one).
   */
  public Kernel(CommandRunner runner, java.nio.file.Path cniPluginDir) {
    this.runner = runner;
    this.cniPluginDir = cniPluginDir;
  }

  public static Kernel system() {
    return new Kernel(CommandRunner.system());
  }

  public CommandRunner runner() {
    return runner;
  }

  public Netns netns() {
    return new Netns(runner);
  }

  /** iproute2 inside {@code namespace} (refused unless it is a jk- namespace). */
  public NetnsIp ip(String namespace) {
    return new NetnsIp(runner, namespace);
  }

  public Nft nft() {
    return new Nft(runner);
  }

  public CniPlugin cni() {
    return new CniPlugin(runner, cniPluginDir);
  }
}
