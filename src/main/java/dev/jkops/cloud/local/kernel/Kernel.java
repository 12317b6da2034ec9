package dev.jkops.cloud.local.kernel;

import java.util.List;

/**
 * The kernel wrappers over one command runner: namespaces, iproute2 per namespace, nftables, CNI.
 */
public final class Kernel {
  private final CommandRunner runner;
  private final java.nio.file.Path cniPluginDir;

  /**
   * Each namespace's shared batch runs, when this kernel groups them ({@link #groupingBatches});
   * null otherwise.
   */
  private final java.util.Map<String, BatchQueue> queues;

  public Kernel(CommandRunner runner) {
    this(runner, CniPlugin.DEFAULT_DIR);
  }

  /**
   * With the CNI plugins in {@code cniPluginDir} instead of /opt/cni/bin (fault tests use a broken
   * one).
   */
  public Kernel(CommandRunner runner, java.nio.file.Path cniPluginDir) {
    this(runner, cniPluginDir, false);
  }

  private Kernel(CommandRunner runner, java.nio.file.Path cniPluginDir, boolean grouping) {
    this.runner = runner;
    this.cniPluginDir = cniPluginDir;
    this.queues = grouping ? new java.util.concurrent.ConcurrentHashMap<>() : null;
  }

  public static Kernel system() {
    return new Kernel(CommandRunner.system());
  }

  public CommandRunner runner() {
    return runner;
  }

  /** The same wrappers (and CNI plugin dir) over another runner, such as a {@link ReadCache}. */
  public Kernel over(CommandRunner other) {
    return new Kernel(other, cniPluginDir, queues != null);
  }

  /**
   * The same kernel, where the {@code ip -batch} runs and route changes that callers make in one
   * namespace at the same time share one process ({@link BatchQueue}): for the local cloud's
   * parallel apply, whose resources mostly change the VPC's namespace.
   */
  public Kernel groupingBatches() {
    return new Kernel(runner, cniPluginDir, true);
  }

  public Netns netns() {
    if (queues == null) {
      return new Netns(runner);
    }
    // only `netns add` lines go through this one, which change no network of the root namespace
    return new Netns(
        runner,
        queues.computeIfAbsent(
            "", n -> new BatchQueue(runner, "/run/netns", List.of("ip"), BATCH_SLOTS)));
  }

  /**
   * Batch processes one namespace may run at once when grouping: two, as the parallel apply mostly
   * ran before (two cores), and what comes while both run waits to go together in the next.
   */
  static final int BATCH_SLOTS = 2;

  /** iproute2 inside {@code namespace} (refused unless it is a jk- namespace). */
  public NetnsIp ip(String namespace) {
    if (queues == null) {
      return new NetnsIp(runner, namespace);
    }
    String ns = NamespaceName.require(namespace);
    return new NetnsIp(
        runner,
        ns,
        queues.computeIfAbsent(
            ns, n -> new BatchQueue(runner, n, List.of("ip", "-n", n), BATCH_SLOTS)));
  }

  public Nft nft() {
    return new Nft(runner);
  }

  public CniPlugin cni() {
    return new CniPlugin(runner, cniPluginDir);
  }
}
