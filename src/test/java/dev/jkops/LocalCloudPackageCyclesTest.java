package dev.jkops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of {@code dev.jkops.cloud.local} depend one way, as the layers do (LayeringTest): a
 * package never reaches itself again through the packages it uses. Each cycle found is named with,
 * for every step, one file that makes it, so the fix (moving that class down, or the reference out)
 * is plain. A reference is any mention of {@code dev.jkops.cloud.local...Class}: an import, a
 * qualified name, a static import or a javadoc link.
 */
class LocalCloudPackageCyclesTest {
  static final String BASE = "dev.jkops.cloud.local";

  /**
   * The package part of a reference: the lower-case segments before the first class name or '*'.
   */
  static final Pattern REF =
      Pattern.compile("\\bdev\\.jkops\\.cloud\\.local((?:\\.[a-z_][a-z0-9_]*)*)\\.[A-Z*]");

  @Test
  void theLocalCloudsPackagesHaveNoCycle() throws IOException {
    Path root = Path.of("src/main/java/dev/jkops/cloud/local");
    // package -> used package -> one file making that reference
    SortedMap<String, SortedMap<String, String>> uses = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        Path dir = root.relativize(f).getParent();
        String own = dir == null ? BASE : BASE + "." + dir.toString().replace('/', '.');
        SortedMap<String, String> edges = uses.computeIfAbsent(own, k -> new TreeMap<>());
        Matcher m = REF.matcher(Files.readString(f));
        while (m.find()) {
          String used = BASE + m.group(1);
          if (!used.equals(own)) {
            edges.putIfAbsent(used, root.relativize(f).toString());
          }
        }
      }
    }
    assertThat(uses).as("no sources found under %s", root).containsKey(BASE);
    assertThat(cycles(uses)).as("package cycles in %s", BASE).isEmpty();
  }

  @Test
  void aCycleIsFoundAndNamedWithTheFilesMakingIt() {
    SortedMap<String, SortedMap<String, String>> g = new TreeMap<>();
    g.put("a", new TreeMap<>(Map.of("b", "a/A.java")));
    g.put("b", new TreeMap<>(Map.of("c", "b/B.java")));
    g.put("c", new TreeMap<>(Map.of("a", "c/C.java", "d", "c/C2.java")));
    g.put("d", new TreeMap<>());
    assertThat(cycles(g)).containsExactly("a -> b (a/A.java) -> c (b/B.java) -> a (c/C.java)");
    g.get("c").remove("a");
    assertThat(cycles(g)).isEmpty();
  }

  /**
   * For every package in a strongly connected group (Tarjan), the shortest cycle through it, each
   * cycle once, written as {@code p -> q (file making that step) -> ... -> p (file)}.
   */
  static List<String> cycles(SortedMap<String, SortedMap<String, String>> uses) {
    List<String> out = new ArrayList<>();
    for (Set<String> group : stronglyConnected(uses)) {
      if (group.size() < 2) {
        continue;
      }
      Set<List<String>> seen = new java.util.HashSet<>();
      for (String start : group) {
        List<String> path = shortestCycle(uses, group, start);
        List<String> ring = new ArrayList<>(path.subList(0, path.size() - 1));
        java.util.Collections.rotate(ring, -ring.indexOf(java.util.Collections.min(ring)));
        if (!seen.add(ring)) {
          continue;
        }
        StringBuilder s = new StringBuilder(shorten(start));
        for (int i = 1; i < path.size(); i++) {
          s.append(" -> ")
              .append(shorten(path.get(i)))
              .append(" (")
              .append(uses.get(path.get(i - 1)).get(path.get(i)))
              .append(")");
        }
        out.add(s.toString());
      }
    }
    return out;
  }

  private static String shorten(String pkg) {
    return pkg.startsWith(BASE + ".") ? pkg.substring(BASE.length() + 1) : pkg;
  }

  /** A shortest path start -> ... -> start inside the group (breadth first). */
  private static List<String> shortestCycle(
      Map<String, SortedMap<String, String>> uses, Set<String> group, String start) {
    Map<String, String> from = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of(start));
    while (!queue.isEmpty()) {
      String p = queue.removeFirst();
      for (String q : uses.getOrDefault(p, new TreeMap<>()).keySet()) {
        if (!group.contains(q)) {
          continue;
        }
        if (q.equals(start)) {
          List<String> path = new ArrayList<>(List.of(start));
          for (String at = p; !at.equals(start); at = from.get(at)) {
            path.add(1, at);
          }
          path.add(start);
          return path;
        }
        if (!from.containsKey(q)) {
          from.put(q, p);
          queue.addLast(q);
        }
      }
    }
    throw new IllegalStateException("no cycle through " + start);
  }

  private static List<Set<String>> stronglyConnected(
      SortedMap<String, SortedMap<String, String>> uses) {
    Set<String> nodes = new TreeSet<>(uses.keySet());
    uses.values().forEach(e -> nodes.addAll(e.keySet()));
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> groups = new ArrayList<>();
    for (String n : nodes) {
      if (!index.containsKey(n)) {
        connect(n, uses, index, low, stack, onStack, groups);
      }
    }
    return groups;
  }

  private static void connect(
      String v,
      Map<String, SortedMap<String, String>> uses,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      Set<String> onStack,
      List<Set<String>> groups) {
    index.put(v, index.size());
    low.put(v, index.get(v));
    stack.push(v);
    onStack.add(v);
    for (String w : uses.getOrDefault(v, new TreeMap<>()).keySet()) {
      if (!index.containsKey(w)) {
        connect(w, uses, index, low, stack, onStack, groups);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> group = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        group.add(w);
      } while (!w.equals(v));
      groups.add(group);
    }
  }
}
