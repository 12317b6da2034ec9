package dev.jkops.api.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Earlier versions of a cluster's files, kept in the state store beside them: {@code
 * <cluster>/.history/<version>/files/<path>} plus {@code <cluster>/.history/<version>/meta}. A
 * version is the cluster's files as they were just before a command changed them; the command that
 * replaced them is recorded in {@code meta}, which is written last, so a copy cut short by a crash
 * is not listed (and is pruned later). The newest {@link #limit} versions are kept.
 */
public final class StateHistory {
  public static final String DIR = ".history";
  public static final int DEFAULT_LIMIT = 20;
  private static final String META = "meta";
  private static final String FILES = "files/";

  /** One kept version. {@code replacedBy} is the command whose first write replaced these files. */
  public record Version(
      int number, Instant saved, String replacedBy, String holder, List<String> files) {}

  private final StateStore store;
  private final int limit;

  public StateHistory(StateStore store, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("history limit must be at least 1, not " + limit);
    }
    this.store = store;
    this.limit = limit;
  }

  public StateHistory(StateStore store) {
    this(store, DEFAULT_LIMIT);
  }

  /** True for a path jkops keeps for itself (the lock, the history), not part of the cluster. */
  public static boolean isBookkeeping(String cluster, String path) {
    return path.equals(cluster + "/" + ClusterLock.FILE)
        || path.startsWith(cluster + "/" + DIR + "/");
  }

  /**
   * Copies the cluster's current files into a new version, recording that {@code by} is about to
   * replace them. Does nothing when the cluster has no files yet (a new cluster).
   *
   * <p>One listing of the cluster serves the whole save: its files, the versions kept and which of
   * them are complete (their {@code meta} is listed). Each version's {@code meta} used to be read
   * to tell, and the history listed three times: on a cluster with its 20 versions kept, ~35 ms of
   * every command's first write on a local disk, and 20 GETs more on S3 (docs/benchmarks.md).
   */
  public Optional<Integer> save(String cluster, LockInfo by) {
    ClusterStore.checkName("cluster", cluster);
    List<String> listed = store.list(cluster + "/");
    List<String> current = listed.stream().filter(p -> !isBookkeeping(cluster, p)).toList();
    if (current.isEmpty()) {
      return Optional.empty();
    }
    Kept kept = Kept.of(cluster, listed);
    int number = kept.files().isEmpty() ? 1 : kept.files().lastKey() + 1;
    String base = base(cluster, number);
    List<String> copied = new ArrayList<>();
    for (String path : current) {
      Optional<byte[]> bytes = store.read(path);
      if (bytes.isPresent()) {
        String rel = path.substring(cluster.length() + 1);
        store.write(base + FILES + rel, bytes.get());
        copied.add(rel);
      }
    }
    StringBuilder meta =
        new StringBuilder()
            .append("saved: ")
            .append(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
            .append('\n')
            .append("replacedBy: ")
            .append(by.command().replace('\n', ' '))
            .append('\n')
            .append("holder: ")
            .append(by.holder())
            .append('\n');
    copied.forEach(f -> meta.append("file: ").append(f).append('\n'));
    store.write(base + META, meta.toString().getBytes(StandardCharsets.UTF_8));
    prune(kept, number);
    return Optional.of(number);
  }

  /**
   * The versions a listing of a cluster shows: each version's listed paths by its number, and the
   * numbers whose {@code meta} is among them (complete copies).
   */
  private record Kept(
      String cluster, TreeMap<Integer, List<String>> files, java.util.Set<Integer> complete) {
    static Kept of(String cluster, List<String> listed) {
      String prefix = cluster + "/" + DIR + "/";
      TreeMap<Integer, List<String>> files = new TreeMap<>();
      java.util.Set<Integer> complete = new java.util.HashSet<>();
      for (String p : listed) {
        if (!p.startsWith(prefix)) {
          continue;
        }
        String rest = p.substring(prefix.length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
          continue;
        }
        int n;
        try {
          n = Integer.parseInt(rest.substring(0, slash));
        } catch (NumberFormatException ignored) {
          continue; // not ours
        }
        files.computeIfAbsent(n, k -> new ArrayList<>()).add(p);
        if (rest.substring(slash + 1).equals(META)) {
          complete.add(n);
        }
      }
      return new Kept(cluster, files, complete);
    }
  }

  /**
   * Drops, of the versions {@code kept} listed before version {@code saved} was written, the copies
   * cut short (no meta; all are older than {@code saved}) and the oldest complete ones beyond the
   * limit, {@code saved} counted.
   */
  private void prune(Kept kept, int saved) {
    List<Integer> complete = new ArrayList<>();
    for (Map.Entry<Integer, List<String>> v : kept.files().entrySet()) {
      if (kept.complete().contains(v.getKey())) {
        complete.add(v.getKey());
      } else {
        deleteVersion(v.getValue(), base(kept.cluster(), v.getKey()));
      }
    }
    complete.add(saved);
    for (int i = 0; i < complete.size() - limit; i++) {
      deleteVersion(kept.files().get(complete.get(i)), base(kept.cluster(), complete.get(i)));
    }
  }

  /** Complete versions, oldest first. */
  public List<Version> versions(String cluster) {
    ClusterStore.checkName("cluster", cluster);
    List<Version> out = new ArrayList<>();
    for (int n : allNumbers(cluster)) {
      store.read(base(cluster, n) + META).ifPresent(bytes -> out.add(parse(n, bytes)));
    }
    return out;
  }

  public Optional<Version> version(String cluster, int number) {
    return versions(cluster).stream().filter(v -> v.number() == number).findFirst();
  }

  /**
   * The files of one version, by their path below the cluster (e.g. "config",
   * "instancegroup/nodes").
   */
  public Map<String, byte[]> files(String cluster, int number) {
    Version v =
        version(cluster, number)
            .orElseThrow(
                () ->
                    new StateStoreException(
                        "cluster "
                            + cluster
                            + " has no saved version "
                            + number
                            + " in state store "
                            + store.location()
                            + "; list the versions with: jkops get history cluster "
                            + cluster));
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (String f : v.files()) {
      String path = base(cluster, number) + FILES + f;
      out.put(
          f,
          store
              .read(path)
              .orElseThrow(
                  () ->
                      new StateStoreException(
                          store.location()
                              + "/"
                              + path
                              + " is missing: version "
                              + number
                              + " of cluster "
                              + cluster
                              + " is damaged; pick another version")));
    }
    return out;
  }

  /**
   * Deletes one version's {@code paths}, its meta last: a half-deleted version is never listed as
   * complete.
   */
  private void deleteVersion(List<String> paths, String base) {
    List<String> ordered = new ArrayList<>(paths);
    if (ordered.remove(base + META)) {
      ordered.add(base + META);
    }
    for (String p : ordered) {
      store.delete(p);
    }
  }

  private List<Integer> allNumbers(String cluster) {
    return new ArrayList<>(
        Kept.of(cluster, store.list(cluster + "/" + DIR + "/")).files().keySet());
  }

  private static String base(String cluster, int number) {
    // ASCII digits whatever the locale: String.format("%06d") writes a locale's own digits (under
    // ar-EG, "٠٠٠٠٠١"), so a version saved under one locale would not be found under another
    String digits = Integer.toString(number);
    return cluster
        + "/"
        + DIR
        + "/"
        + "000000".substring(Math.min(6, digits.length()))
        + digits
        + "/";
  }

  private static Version parse(int number, byte[] bytes) {
    Instant saved = Instant.EPOCH;
    String replacedBy = "";
    String holder = "";
    List<String> files = new ArrayList<>();
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon);
      String value = line.substring(colon + 1).trim();
      switch (key) {
        case "saved" -> {
          try {
            saved = Instant.parse(value);
          } catch (DateTimeParseException ignored) {
            // shown as the epoch: damaged meta still lists
          }
        }
        case "replacedBy" -> replacedBy = value;
        case "holder" -> holder = value;
        case "file" -> files.add(value);
        default -> {}
      }
    }
    return new Version(number, saved, replacedBy, holder, List.copyOf(files));
  }
}
