package dev.jkops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local cloud benchmark's baseline: the kernel operations a jkops run performed (read from its
 * {@code JKOPS_COMMAND_TRACE}), as a shell script that performs the same changes as directly as the
 * tools allow, in namespaces of its own. Reads (show, list, JSON dumps) are dropped; namespaces are
 * created in one {@code ip -batch}; every namespace's links are added in one {@code ip -n NS
 * -batch} and the rest of its iproute2 changes in a second; sysctls in one call per namespace; each
 * nftables script in one {@code nft -f}; FDB entries per namespace in one {@code bridge -batch};
 * CNI plugin calls as they were. Every name and path carrying the traced cluster's id is rewritten
 * to the baseline's id.
 */
public final class TraceReplay {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One traced command. */
  public record Traced(
      List<String> argv,
      Map<String, String> env,
      String stdin,
      double startMs,
      double ms,
      int exit) {}

  private TraceReplay() {}

  /** The phase marks of a trace (CommandTrace.phase): each phase's name and wall clock time. */
  public static Map<String, Long> phases(String jsonLines) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String line : jsonLines.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode n = JSON.readTree(line);
        if (n.has("phase")) {
          out.putIfAbsent(n.get("phase").asText(), n.path("epochMs").asLong());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("trace line is not JSON: " + line, e);
      }
    }
    return out;
  }

  public static List<Traced> parse(String jsonLines) {
    List<Traced> out = new ArrayList<>();
    for (String line : jsonLines.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode n = JSON.readTree(line);
        if (n.has("phase")) {
          continue; // a phase mark (CommandTrace.phase), not a command
        }
        List<String> argv = new ArrayList<>();
        n.path("argv").forEach(a -> argv.add(a.asText()));
        Map<String, String> env = new LinkedHashMap<>();
        n.path("env").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        out.add(
            new Traced(
                argv,
                env,
                n.has("stdin") ? n.get("stdin").asText() : null,
                n.path("startMs").asDouble(),
                n.path("ms").asDouble(),
                n.path("exit").asInt()));
      } catch (IOException e) {
        throw new UncheckedIOException("trace line is not JSON: " + line, e);
      }
    }
    return out;
  }

  /**
   * The baseline script. {@code fromId}/{@code toId} are the traced and the baseline cluster ids
   * (the {@code <id>} of {@code jk-<id>-}); {@code fromDir}/{@code toDir} the runtime directories.
   */
  public static String script(
      List<Traced> trace, String fromId, String toId, String fromDir, String toDir) {
    return script(trace, fromId, toId, fromDir, toDir, false);
  }

  /**
   * As {@link #script(List, String, String, String, String)}; with {@code parallel}, each step's
   * commands for different namespaces (every namespace's links, then the rest of its iproute2
   * changes, its sysctls, its nftables script, its FDB entries, the CNI calls) run at once, each
   * step waited for before the next, and the links that put a veth's end into another namespace
   * before any other link: the kernel work done as directly as the tools allow and as parallel as
   * it can be.
   */
  public static String script(
      List<Traced> trace,
      String fromId,
      String toId,
      String fromDir,
      String toDir,
      boolean parallel) {
    if (fromId.length() != toId.length()) {
      throw new IllegalArgumentException(
          "ids must have the same length, so interface names stay within 15 characters");
    }
    List<String> netnsAdds = new ArrayList<>();
    Map<String, List<String>> linkAdds = new LinkedHashMap<>();
    Map<String, List<String>> ipRest = new LinkedHashMap<>();
    Map<String, List<String>> sysctls = new LinkedHashMap<>();
    List<String> nft = new ArrayList<>();
    Map<String, List<String>> bridge = new LinkedHashMap<>();
    List<String> cni = new ArrayList<>();
    List<String> files = new ArrayList<>();
    for (Traced t : trace) {
      if (t.exit() != 0) {
        continue;
      }
      List<String> a = t.argv().stream().map(s -> rename(s, fromId, toId, fromDir, toDir)).toList();
      String stdin = t.stdin() == null ? null : rename(t.stdin(), fromId, toId, fromDir, toDir);
      if (a.size() >= 4
          && a.get(0).equals("ip")
          && a.get(1).equals("netns")
          && a.get(2).equals("add")) {
        netnsAdds.add("netns add " + a.get(3));
      } else if (a.equals(List.of("ip", "-batch", "-")) && stdin != null) {
        // namespaces jkops made together, with their sysctls and loopback (`netns exec NS ...`
        // lines, which ip runs inside NS): the baseline makes them in its root batch and writes
        // the sysctls as it writes every namespace's
        for (String l : stdin.lines().map(String::trim).toList()) {
          List<String> w = List.of(l.split("\\s+"));
          if (l.startsWith("netns add ")) {
            netnsAdds.add(l);
          } else if (w.size() >= 5
              && w.get(0).equals("netns")
              && w.get(1).equals("exec")
              && w.get(3).equals("sysctl")) {
            sysctls
                .computeIfAbsent(w.get(2), k -> new ArrayList<>())
                .addAll(w.subList(4, w.size()).stream().filter(x -> x.contains("=")).toList());
          } else if (w.size() >= 5
              && w.get(0).equals("netns")
              && w.get(1).equals("exec")
              && w.get(3).equals("ip")) {
            classify(w.get(2), String.join(" ", w.subList(4, w.size())), linkAdds, ipRest);
          }
        }
      } else if (a.size() >= 4 && a.get(0).equals("ip") && a.get(1).equals("-n")) {
        String ns = a.get(2);
        List<String> rest = a.subList(3, a.size());
        if (rest.equals(List.of("-batch", "-"))) {
          stdin
              .lines()
              .filter(l -> !l.isBlank())
              .forEach(l -> classify(ns, l.trim(), linkAdds, ipRest));
        } else if (!isRead(rest)) {
          classify(
              ns,
              String.join(" ", rest.stream().map(TraceReplay::quoteForBatch).toList()),
              linkAdds,
              ipRest);
        }
      } else if (a.size() >= 5
          && a.get(0).equals("ip")
          && a.get(1).equals("netns")
          && a.get(2).equals("exec")) {
        String ns = a.get(3);
        List<String> cmd = a.subList(4, a.size());
        if (cmd.get(0).equals("sysctl")) {
          // every key=value of the call (not only its last)
          sysctls
              .computeIfAbsent(ns, k -> new ArrayList<>())
              .addAll(cmd.stream().filter(x -> x.contains("=")).toList());
        } else if (cmd.get(0).equals("nft") && cmd.contains("-f") && stdin != null) {
          String file = "nft-" + files.size() + ".nft";
          files.add(heredoc(file, stdin));
          nft.add("ip netns exec " + ns + " nft -f \"$dir/" + file + "\"");
        } else if (cmd.get(0).startsWith("/") && t.env().containsKey("CNI_COMMAND")) {
          String file = "cni-" + files.size() + ".json";
          files.add(heredoc(file, stdin == null ? "" : stdin));
          StringBuilder env = new StringBuilder();
          t.env()
              .forEach(
                  (k, v) ->
                      env.append(k)
                          .append("='")
                          .append(rename(v, fromId, toId, fromDir, toDir))
                          .append("' "));
          cni.add(
              env
                  + "ip netns exec "
                  + ns
                  + " "
                  + cmd.get(0)
                  + " < \"$dir/"
                  + file
                  + "\" >/dev/null");
        }
      } else if (a.size() >= 4 && a.get(0).equals("bridge") && a.get(1).equals("-n")) {
        String ns = a.get(2);
        List<String> rest = a.subList(3, a.size());
        if (rest.equals(List.of("-batch", "-"))) {
          stdin
              .lines()
              .filter(l -> !l.isBlank())
              .forEach(l -> bridge.computeIfAbsent(ns, k -> new ArrayList<>()).add(l.trim()));
        } else if (!isRead(rest)) {
          bridge.computeIfAbsent(ns, k -> new ArrayList<>()).add(String.join(" ", rest));
        }
      }
    }
    StringBuilder sb =
        new StringBuilder("#!/usr/bin/env bash\n")
            .append(
                "# Baseline: the kernel operations of a traced jkops run, replayed directly (generated; see TraceReplay).\n")
            .append(
                "set -euo pipefail\ndir=\"$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)\"\n")
            .append("mkdir -p '")
            .append(toDir)
            .append("'\n");
    files.forEach(sb::append);
    sb.append("ts() { date +%s%N; }\nstart=$(ts)\n");
    if (!netnsAdds.isEmpty()) {
      sb.append("ip -batch - <<'EOF'\n").append(String.join("\n", netnsAdds)).append("\nEOF\n");
    }
    List<String> movingLinks = new ArrayList<>();
    List<String> otherLinks = new ArrayList<>();
    linkAdds.forEach(
        (ns, lines) ->
            (parallel && lines.stream().anyMatch(l -> l.contains(" netns "))
                    ? movingLinks
                    : otherLinks)
                .add(batch("ip -n " + ns, lines)));
    step(sb, movingLinks, parallel);
    step(sb, otherLinks, parallel);
    step(
        sb,
        ipRest.entrySet().stream().map(e -> batch("ip -n " + e.getKey(), e.getValue())).toList(),
        parallel);
    step(
        sb,
        sysctls.entrySet().stream()
            .map(
                e ->
                    "ip netns exec "
                        + e.getKey()
                        + " sysctl -qw "
                        + String.join(" ", e.getValue())
                        + "\n")
            .toList(),
        parallel);
    step(sb, nft.stream().map(l -> l + "\n").toList(), parallel);
    step(
        sb,
        bridge.entrySet().stream()
            .map(e -> batch("bridge -n " + e.getKey(), e.getValue()))
            .toList(),
        parallel);
    step(sb, cni.stream().map(l -> l + "\n").toList(), parallel);
    sb.append("end=$(ts)\necho \"baseline_ms $(( (end - start) / 1000000 ))\"\n");
    return sb.toString();
  }

  /** Namespaces the script creates, for its teardown. */
  public static List<String> namespaces(String script) {
    List<String> out = new ArrayList<>();
    script
        .lines()
        .filter(l -> l.startsWith("netns add "))
        .forEach(l -> out.add(l.substring("netns add ".length()).trim()));
    return out;
  }

  /** {@code line} is one line of an ip batch (arguments quoted as the batch parser reads them). */
  private static void classify(
      String ns, String line, Map<String, List<String>> linkAdds, Map<String, List<String>> rest) {
    boolean linkAdd = line.startsWith("link add ");
    (linkAdd ? linkAdds : rest).computeIfAbsent(ns, k -> new ArrayList<>()).add(line);
  }

  static boolean isRead(List<String> args) {
    return args.contains("-j")
        || args.contains("show")
        || args.contains("list")
        || args.contains("get")
        || (!args.isEmpty()
            && args.get(0).startsWith("-")
            && args.size() > 1
            && isRead(args.subList(1, args.size())));
  }

  private static String quoteForBatch(String s) {
    return s.isEmpty() || s.contains(" ") || s.contains("=") && s.contains("\"")
        ? "\"" + s.replace("\"", "\\\"") + "\""
        : s;
  }

  /**
   * Appends {@code commands} (each ending in a newline; a here-document's first line is the
   * command's), one after another, or all at once in the background and then waited for, one by one
   * so that a failure stops the script as {@code set -e} stops it for the others.
   */
  private static void step(StringBuilder sb, List<String> commands, boolean parallel) {
    if (!parallel || commands.size() < 2) {
      commands.forEach(sb::append);
      return;
    }
    sb.append("pids=()\n");
    for (String c : commands) {
      int eol = c.indexOf('\n');
      sb.append(c, 0, eol).append(" &").append(c.substring(eol)).append("pids+=($!)\n");
    }
    sb.append("for p in \"${pids[@]}\"; do wait \"$p\"; done\n");
  }

  private static String batch(String cmd, List<String> lines) {
    return cmd + " -batch - <<'EOF'\n" + String.join("\n", lines) + "\nEOF\n";
  }

  private static String heredoc(String file, String content) {
    return "cat > \"$dir/"
        + file
        + "\" <<'JKOPS_EOF'\n"
        + content
        + (content.endsWith("\n") ? "" : "\n")
        + "JKOPS_EOF\n";
  }

  static String rename(String s, String fromId, String toId, String fromDir, String toDir) {
    return s.replace(fromDir, toDir)
        .replace("jk-" + fromId + "-", "jk-" + toId + "-")
        .replace(fromId, toId);
  }
}
