package dev.jkops.cli;

import dev.jkops.api.store.ClusterLock;
import dev.jkops.api.store.LockInfo;
import dev.jkops.api.store.StateStore;
import dev.jkops.api.store.StateStores;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jkops unlock cluster NAME --lock-id ID} (or {@code --force}): removes the cluster's state
 * lock, like {@code terraform force-unlock}. Without either flag it only shows who holds the lock.
 * With {@code --lock-id} a lock taken since by another command is left alone.
 */
@Command(
    name = "cluster",
    description = "Show, or with --lock-id/--force clear, a cluster's state lock.")
final class UnlockClusterCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption clusterName;

  @Parameters(arity = "0..1", paramLabel = "NAME", description = ClusterNameOption.POSITIONAL)
  String positionalName;

  @Option(
      names = "--lock-id",
      paramLabel = "ID",
      description = "Clear the lock only if it has this id (shown in the error).")
  String lockId;

  @Option(
      names = "--force",
      description = "Clear whatever lock is there. Make sure no jkops is still running.")
  boolean force;

  @Override
  public Integer call() {
    String name = clusterName.resolve(positionalName);
    dev.jkops.api.store.ClusterStore.checkName("cluster", name);
    if (lockId != null && force) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give --lock-id ID or --force, not both");
    }
    StateStore raw = StateStores.open(store.uri(), store.env());
    PrintWriter out = spec.commandLine().getOut();
    if (lockId == null && !force) {
      Optional<LockInfo> held = ClusterLock.holder(raw, name);
      if (held.isEmpty()) {
        out.println("Cluster " + name + " is not locked in state store " + raw.location() + ".");
      } else {
        out.println(
            "Cluster "
                + name
                + " is locked by "
                + held.get().describe()
                + " (lock id "
                + held.get().id()
                + ").");
        if (ClusterLock.holderIsGone(raw, name, held.get())) {
          out.println(
              "Its process is gone: the next command that changes the cluster takes the lock over.");
        } else {
          out.println(
              "If that command is no longer running, clear the lock with: jkops unlock cluster "
                  + name
                  + " --lock-id "
                  + held.get().id());
        }
      }
      out.flush();
      return 0;
    }
    LockInfo removed = ClusterLock.forceUnlock(raw, name, force ? null : lockId);
    out.println(
        "Removed the state lock of cluster "
            + name
            + " (lock id "
            + removed.id()
            + ", held by "
            + removed.describe()
            + ").");
    out.println(
        "If that command was cut short, rerun it: jkops converges from wherever it stopped.");
    out.flush();
    return 0;
  }
}
