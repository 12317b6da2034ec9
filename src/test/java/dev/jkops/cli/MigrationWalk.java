package dev.jkops.cli;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The order in which {@link MigrationMatrix} switches one cluster through every from -> to pair: a
 * closed walk over the complete directed graph on the modes that uses each ordered pair exactly
 * once (an Eulerian circuit; one exists because every mode has as many pairs out as in). One
 * cluster is created at the start and every switch after that is a measured pair, so a full run
 * costs one creation and n(n-1) switches instead of n(n-1) creations.
 */
final class MigrationWalk {
  private MigrationWalk() {}

  /** One measured switch. */
  record Pair(String from, String to) {
    @Override
    public String toString() {
      return from + ":" + to;
    }
  }

  /**
   * The modes visited, starting and ending at {@code start}: n(n-1)+1 entries, each consecutive two
   * an ordered pair, every ordered pair of distinct modes exactly once (Hierholzer's algorithm;
   * out-edges are taken in the modes' order, so the walk is the same on every run).
   */
  static List<String> circuit(List<String> modes, String start) {
    if (!modes.contains(start) || modes.stream().distinct().count() != modes.size()) {
      throw new IllegalArgumentException(
          "start " + start + " must be one of the distinct modes " + modes);
    }
    Map<String, Deque<String>> unused = new HashMap<>();
    for (String from : modes) {
      Deque<String> out = new ArrayDeque<>();
      // Rotate the out-edges so the walk does not revisit one mode over and over at its start.
      int at = modes.indexOf(from);
      for (int k = 1; k < modes.size(); k++) {
        out.add(modes.get((at + k) % modes.size()));
      }
      unused.put(from, out);
    }
    Deque<String> stack = new ArrayDeque<>();
    List<String> walk = new ArrayList<>();
    stack.push(start);
    while (!stack.isEmpty()) {
      Deque<String> out = unused.get(stack.peek());
      if (out.isEmpty()) {
        walk.add(stack.pop());
      } else {
        stack.push(out.poll());
      }
    }
    java.util.Collections.reverse(walk);
    return walk;
  }

  /** The pairs of a walk: each entry with the next. */
  static List<Pair> pairs(List<String> walk) {
    List<Pair> out = new ArrayList<>();
    for (int i = 0; i + 1 < walk.size(); i++) {
      out.add(new Pair(walk.get(i), walk.get(i + 1)));
    }
    return out;
  }
}
