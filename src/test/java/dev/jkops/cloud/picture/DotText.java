package dev.jkops.cloud.picture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads back the statements {@link DotGraph} writes (one per line): node ids with their labels, and
 * edges with theirs, with DOT's escapes undone, so tests assert on the graph rather than on text.
 */
record DotText(Map<String, String> nodes, List<Edge> edges, String title) {
  record Edge(String from, String to, String label, String attributes) {}

  private static final String QUOTED = "\"((?:[^\"\\\\]|\\\\.)*)\"";
  private static final Pattern NODE =
      Pattern.compile("^\\s*" + QUOTED + " \\[label=" + QUOTED + "(.*)\\];$");
  private static final Pattern EDGE =
      Pattern.compile("^\\s*" + QUOTED + " -> " + QUOTED + " \\[(.*)\\];$");
  private static final Pattern LABEL = Pattern.compile("label=" + QUOTED);
  private static final Pattern GRAPH = Pattern.compile("^\\s*graph \\[label=" + QUOTED);

  static DotText parse(String dot) {
    Map<String, String> nodes = new LinkedHashMap<>();
    List<Edge> edges = new ArrayList<>();
    String title = null;
    for (String line : dot.split("\n")) {
      Matcher e = EDGE.matcher(line);
      Matcher n = NODE.matcher(line);
      Matcher g = GRAPH.matcher(line);
      if (e.matches()) {
        Matcher l = LABEL.matcher(e.group(3));
        edges.add(
            new Edge(
                unescape(e.group(1)),
                unescape(e.group(2)),
                l.find() ? unescape(l.group(1)) : "",
                e.group(3)));
      } else if (n.matches()) {
        nodes.put(unescape(n.group(1)), unescape(n.group(2)));
      } else if (g.find()) {
        title = unescape(g.group(1));
      }
    }
    return new DotText(nodes, edges, title);
  }

  /** DOT's escapes: backslash-n and backslash-l end a line; backslash-x is x. */
  static String unescape(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char next = s.charAt(++i);
        sb.append(next == 'n' || next == 'l' ? '\n' : next);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  List<Edge> edgesFrom(String from) {
    return edges.stream().filter(e -> e.from().equals(from)).toList();
  }
}
