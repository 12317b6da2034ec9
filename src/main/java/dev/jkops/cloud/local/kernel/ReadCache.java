package dev.jkops.cloud.local.kernel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Serves a repeated read of the kernel from memory while {@link #during} runs: the diff finds every
 * resource, and many resources read the same namespace (every VPC route listed the VPC's links, its
 * rules and its table again; an instance, its bridge and its peers each listed the instance's links
 * or routes), one process per read. Reads are the listings the kernel wrappers make ({@code ip -j
 * ... show}, {@code nft list}, {@code sysctl -n}, {@code bridge fdb show}); any other command may
 * change what they list, so it empties the cache, and a read that ran while another command ran is
 * not kept. Outside {@link #during} every command runs.
 */
public final class ReadCache implements CommandRunner {
  private final CommandRunner inner;
  private final Object lock = new Object();

  /**
   * Null when closed. Keyed by what runs (program, arguments, environment); a read still running is
   * here too, so the finds that start together (the diff runs several at once) wait for one process
   * instead of each starting its own.
   */
  private Map<List<Object>, CompletableFuture<CommandResult>> results;

  /** Bumped when any command that is not a read starts or ends. */
  private long generation;

  private int open;

  public ReadCache(CommandRunner inner) {
    this.inner = inner;
  }

  /**
   * Runs {@code work} with repeated reads served from memory; nested and concurrent calls share one
   * cache, emptied when the last ends.
   */
  public <T> T during(Supplier<T> work) {
    synchronized (lock) {
      if (open++ == 0) {
        results = new HashMap<>();
      }
    }
    try {
      return work.get();
    } finally {
      synchronized (lock) {
        if (--open == 0) {
          results = null;
        }
      }
    }
  }

  @Override
  public CommandResult run(Command command) {
    if (!isRead(command)) {
      synchronized (lock) {
        changed();
      }
      try {
        return inner.run(command);
      } finally {
        synchronized (lock) {
          changed();
        }
      }
    }
    List<Object> key = List.of(command.argv(), command.env());
    CompletableFuture<CommandResult> mine = new CompletableFuture<>();
    CompletableFuture<CommandResult> kept;
    long started;
    synchronized (lock) {
      if (results == null) {
        kept = null;
        mine = null;
      } else {
        kept = results.putIfAbsent(key, mine);
      }
      started = generation;
    }
    if (mine == null) {
      return inner.run(command);
    }
    if (kept != null) {
      CommandResult r;
      try {
        r = kept.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException cause) {
          throw cause;
        }
        throw e;
      }
      // the caller's own purpose in any error
      return new CommandResult(command, r.exitCode(), r.stdout(), r.stderr());
    }
    CommandResult r;
    try {
      r = inner.run(command);
    } catch (RuntimeException e) {
      synchronized (lock) {
        if (results != null) {
          results.remove(key, mine);
        }
      }
      mine.completeExceptionally(e);
      throw e;
    }
    synchronized (lock) {
      if (results != null && generation != started) {
        results.remove(key, mine); // something else ran meanwhile: not kept for later reads
      }
    }
    mine.complete(r);
    return r;
  }

  private void changed() {
    generation++;
    if (results != null) {
      results.clear();
    }
  }

  /**
   * True for the listings the kernel wrappers make, which change nothing: {@code ip -n NS -j ...
   * show}, {@code ip netns exec NS nft [-j] list ...}, {@code ip netns exec NS sysctl -n ...},
   * {@code ip netns exec NS ip -j ... show} and {@code bridge -n NS fdb show}, none with input.
   */
  static boolean isRead(Command c) {
    List<String> a = c.argv();
    if (c.stdin() != null || !c.env().isEmpty() || a.size() < 4) {
      return false;
    }
    if (a.get(0).equals("ip") && a.get(1).equals("-n")) {
      List<String> rest = a.subList(3, a.size());
      return rest.get(0).equals("-j") && rest.contains("show") && !rest.contains("-batch");
    }
    if (a.get(0).equals("bridge") && a.get(1).equals("-n")) {
      return a.subList(3, a.size()).equals(List.of("fdb", "show", "dev", a.get(a.size() - 1)))
          && a.size() == 7;
    }
    if (a.size() >= 6
        && a.get(0).equals("ip")
        && a.get(1).equals("netns")
        && a.get(2).equals("exec")) {
      List<String> cmd = a.subList(4, a.size());
      if (cmd.get(0).equals("sysctl")) {
        return cmd.get(1).equals("-n") && cmd.stream().skip(2).noneMatch(w -> w.contains("="));
      }
      if (cmd.get(0).equals("ip")) {
        return cmd.contains("-j") && cmd.contains("show") && !cmd.contains("-batch");
      }
      if (cmd.get(0).equals("nft")) {
        List<String> words =
            cmd.get(1).equals("-j") ? cmd.subList(2, cmd.size()) : cmd.subList(1, cmd.size());
        return !words.isEmpty() && words.get(0).equals("list");
      }
    }
    return false;
  }
}
