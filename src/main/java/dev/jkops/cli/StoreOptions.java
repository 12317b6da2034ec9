package dev.jkops.cli;

import dev.jkops.api.store.ClusterLock;
import dev.jkops.api.store.ClusterStore;
import dev.jkops.api.store.HistoryKeepingStore;
import dev.jkops.api.store.LockInfo;
import dev.jkops.api.store.StateHistory;
import dev.jkops.api.store.StateStore;
import dev.jkops.api.store.StateStores;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Where cluster specs live, for a command that reads or writes them: the {@code --state} flag
 * (declared once on {@link Main} and inherited by every subcommand), else {@code KOPS_STATE_STORE},
 * else {@code file://$HOME/.jkops/state}.
 *
 * <p>A command that changes a cluster takes its state lock first, and holds it to the end:
 *
 * <pre>
 *   try (StoreOptions.Held lock = store.lock(name)) {
 *     ClusterStore clusters = store.open();   // writes through it keep the previous version
 *     ...
 *   }
 * </pre>
 */
@Command // picocli wants a mixin annotated; --state itself is on Main.
final class StoreOptions {
  /** How long a second writer waits for the lock: "30s", "2m", "0" (do not wait). */
  static final String LOCK_TIMEOUT_ENV = "JKOPS_LOCK_TIMEOUT";

  static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(30);

  /** How many earlier versions of each cluster the store keeps. */
  static final String HISTORY_LIMIT_ENV = "JKOPS_HISTORY_LIMIT";

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  /** The store address in effect (flag, environment or default). */
  String uri() {
    return StateStores.resolve(Main.state(mixee), env());
  }

  /**
   * The cluster store; while this jkops holds a cluster's lock in it, writes to that cluster's
   * files first save their previous version.
   */
  ClusterStore open() {
    String uri = uri();
    HistoryKeepingStore guarded = Main.guardedStores(mixee).get(uri);
    return new ClusterStore(guarded != null ? guarded : StateStores.open(uri, env()));
  }

  Map<String, String> env() {
    return Main.env(mixee);
  }

  /** Takes the state lock of one cluster for this command (see the class comment). */
  Held lock(String cluster) {
    return lock(List.of(cluster));
  }

  /**
   * Takes the state locks of several clusters, in name order so two commands never wait for each
   * other. Locks this jkops already holds (create --yes runs update inside) are not taken twice.
   */
  Held lock(Collection<String> clusters) {
    String uri = uri();
    HistoryKeepingStore guarded =
        Main.guardedStores(mixee)
            .computeIfAbsent(
                uri,
                u -> {
                  StateStore raw = StateStores.open(u, env());
                  return new HistoryKeepingStore(raw, new StateHistory(raw, historyLimit()));
                });
    Held group = new Held(uri, guarded, Main.guardedStores(mixee));
    try {
      for (String cluster : new TreeSet<>(clusters)) {
        ClusterStore.checkName("cluster", cluster);
        if (Main.heldLocks(mixee).contains(uri + " " + cluster)) {
          continue;
        }
        LockInfo me = LockInfo.forThisProcess(commandLine(), env());
        ClusterLock lock =
            ClusterLock.acquire(
                guarded.delegate(),
                cluster,
                me,
                lockTimeout(),
                waiting(mixee.commandLine().getErr()));
        group.add(cluster, lock, Main.heldLocks(mixee));
      }
    } catch (RuntimeException e) {
      group.close();
      throw e;
    }
    return group;
  }

  private String commandLine() {
    List<String> args = new ArrayList<>();
    var parsed = mixee.root().commandLine().getParseResult();
    if (parsed != null) {
      args.addAll(parsed.originalArgs());
    }
    if (args.isEmpty()) {
      return mixee.qualifiedName();
    }
    return "jkops " + String.join(" ", args);
  }

  private Duration lockTimeout() {
    String v = env().get(LOCK_TIMEOUT_ENV);
    if (v == null || v.isBlank()) {
      return DEFAULT_LOCK_TIMEOUT;
    }
    String t = v.trim().toLowerCase(java.util.Locale.ROOT);
    // a bare number is seconds here; anything else is a Go duration, as the flags take
    try {
      if (t.matches("\\d+")) {
        return Duration.ofSeconds(Long.parseLong(t));
      }
    } catch (NumberFormatException e) {
      // too many digits: fall through to the error
    }
    java.util.Optional<Duration> d = dev.jkops.api.GoDuration.read(t);
    if (d.isPresent()) {
      return d.get();
    }
    throw new CommandException(
        LOCK_TIMEOUT_ENV + "=\"" + v + "\" is not a duration; use seconds (30), or 30s, 2m, 500ms");
  }

  private int historyLimit() {
    String v = env().get(HISTORY_LIMIT_ENV);
    if (v == null || v.isBlank()) {
      return StateHistory.DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= 1 && n <= 10_000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new CommandException(
        HISTORY_LIMIT_ENV + "=\"" + v + "\" is not a number of versions from 1 to 10000");
  }

  private static ClusterLock.Waiting waiting(PrintWriter err) {
    return new ClusterLock.Waiting() {
      @Override
      public void waiting(LockInfo holder, Duration waited, Duration limit) {
        err.println(
            "Waiting for the state lock, held by "
                + holder.describe()
                + " ("
                + waited.toSeconds()
                + "s of "
                + limit.toSeconds()
                + "s)");
        err.flush();
      }

      @Override
      public void takingOver(LockInfo gone) {
        err.println(
            "The state lock's previous holder, pid "
                + gone.pid()
                + " on "
                + gone.host()
                + " ('"
                + gone.command()
                + "', lock id "
                + gone.id()
                + ", since "
                + gone.since()
                + "), is gone; taking the lock.");
        err.flush();
      }
    };
  }

  /** Locks this command holds; closing lets them go (a no-op for locks an outer command holds). */
  static final class Held implements AutoCloseable {
    private final String uri;
    private final HistoryKeepingStore guarded;
    private final Map<String, HistoryKeepingStore> stores;
    private final List<ClusterLock> locks = new ArrayList<>();
    private java.util.Set<String> registry;

    private Held(String uri, HistoryKeepingStore guarded, Map<String, HistoryKeepingStore> stores) {
      this.uri = uri;
      this.guarded = guarded;
      this.stores = stores;
    }

    private void add(String cluster, ClusterLock lock, java.util.Set<String> registry) {
      this.registry = registry;
      locks.add(lock);
      registry.add(uri + " " + cluster);
      guarded.guard(cluster, lock.info());
    }

    List<ClusterLock> locks() {
      return List.copyOf(locks);
    }

    @Override
    public void close() {
      for (int i = locks.size() - 1; i >= 0; i--) {
        ClusterLock lock = locks.get(i);
        guarded.unguard(lock.cluster());
        registry.remove(uri + " " + lock.cluster());
        lock.close();
      }
      locks.clear();
      if (guarded.isEmpty()) {
        stores.remove(uri, guarded);
      }
    }
  }
}
