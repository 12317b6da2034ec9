package dev.jkops.cloud.local.validate;

import dev.jkops.cloud.local.kernel.Command;
import dev.jkops.cloud.local.kernel.CommandResult;
import dev.jkops.cloud.local.kernel.CommandRunner;
import dev.jkops.cloud.local.kernel.KernelException;
import dev.jkops.cloud.local.kernel.NamespaceName;
import dev.jkops.cloud.report.Probe;
import dev.jkops.cloud.report.ProbeCheck;
import dev.jkops.cloud.report.ProbeProtocol;
import dev.jkops.cloud.report.ProbeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Probes with real packets, from inside the sender's namespace, by jkops' probe agent ({@code
 * probes/probe-agent.pl}, a Perl program using only Debian's essential perl-base): ICMP echo
 * through a raw socket (don't-fragment set for the MTU probe, as {@code ping -M do}), TCP and UDP
 * through ordinary sockets, whose answer must be the server's own name. {@link #runAll} sends all
 * of one sender's probes from one process in its namespace, at once, and waits for them in one
 * loop: {@value #WAIT_SECONDS}s at most after each was sent. Before the agent, every probe was a
 * shell, a subshell and a {@code ping}, {@code socat} or {@code timeout head} of its own; on a
 * two-core machine those processes were most of validate's time (docs/benchmarks.md).
 */
public final class KernelProbeRunner implements ProbeRunner {
  public static final int WAIT_SECONDS = 2;

  /** The most probes one agent runs at once; a sender has about a dozen. */
  static final int BATCH_LIMIT = 64;

  private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(WAIT_SECONDS * 2 + 8);

  private final CommandRunner runner;

  public KernelProbeRunner(CommandRunner runner) {
    this.runner = runner;
  }

  @Override
  public ProbeResult run(Probe probe) {
    return runAll(List.of(probe)).get(0);
  }

  @Override
  public List<ProbeResult> runAll(List<Probe> fromOneSender) {
    if (fromOneSender.isEmpty()) {
      return List.of();
    }
    if (fromOneSender.size() > BATCH_LIMIT) {
      List<ProbeResult> all = new ArrayList<>();
      for (int i = 0; i < fromOneSender.size(); i += BATCH_LIMIT) {
        all.addAll(
            runAll(fromOneSender.subList(i, Math.min(fromOneSender.size(), i + BATCH_LIMIT))));
      }
      return all;
    }
    Probe first = fromOneSender.get(0);
    String netns = NamespaceName.require(first.from().netns());
    StringBuilder input = new StringBuilder();
    for (int i = 0; i < fromOneSender.size(); i++) {
      Probe p = fromOneSender.get(i);
      if (!p.from().netns().equals(netns)) {
        throw new IllegalArgumentException(
            "probes of one batch must share a sender: " + p.from().netns() + " is not " + netns);
      }
      input.append(i).append(' ').append(agentLine(p)).append('\n');
    }
    long start = System.nanoTime();
    CommandResult r;
    try {
      r =
          runner.run(
              Command.of(
                      fromOneSender.size() + " probes from " + first.from().name(),
                      ProbePrograms.inNamespace(
                          netns, ProbePrograms.AGENT, Integer.toString(WAIT_SECONDS)))
                  .withStdin(input.toString())
                  .withTimeout(BATCH_TIMEOUT));
    } catch (KernelException e) {
      long ms = (System.nanoTime() - start) / 1_000_000;
      return fromOneSender.stream()
          .map(p -> new ProbeResult(p, false, e.getMessage(), ms))
          .toList();
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    Map<Integer, String[]> lines = new HashMap<>();
    for (String line : r.stdout().lines().toList()) {
      if (line.startsWith("@")) {
        String[] parts = line.substring(1).split(" ", 4);
        if (parts.length >= 3 && parts[0].matches("\\d+") && parts[2].matches("-?\\d+")) {
          lines.put(Integer.parseInt(parts[0]), parts);
        }
      }
    }
    List<ProbeResult> results = new ArrayList<>();
    for (int i = 0; i < fromOneSender.size(); i++) {
      Probe p = fromOneSender.get(i);
      String[] line = lines.get(i);
      if (line == null) {
        String why =
            r.said().isBlank()
                ? "no result (the probe agent exited " + r.exitCode() + ")"
                : "no result: " + r.said().lines().findFirst().orElse("").trim();
        results.add(new ProbeResult(p, false, why, ms));
        continue;
      }
      Outcome o = outcome(p, line[1], line.length > 3 ? line[3].trim() : "");
      results.add(new ProbeResult(p, o.reached, o.observed, Math.max(0, Long.parseLong(line[2]))));
    }
    return results;
  }

  /** One probe's line for the agent, after its index: {@code PROTOCOL ADDRESS PORT PAYLOAD DF}. */
  static String agentLine(Probe probe) {
    String address = probe.to().address();
    boolean ipv6 = address.matches("[0-9a-f:]+") && address.contains(":");
    if (!address.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !ipv6) {
      throw new IllegalArgumentException(
          "probe target address \"" + address + "\" is not an IPv4 address (nor an IPv6 one)");
    }
    String protocol = probe.protocol().name().toLowerCase(Locale.ROOT);
    boolean dontFragment = probe.check() == ProbeCheck.MTU;
    return protocol
        + ' '
        + address
        + ' '
        + probe.port()
        + ' '
        + probe.payload()
        + ' '
        + (dontFragment ? 1 : 0);
  }

  private record Outcome(boolean reached, String observed) {}

  /**
   * ICMP: reached when the echo reply came. TCP and UDP: reached when the server's own name came
   * back; else what was heard, or why nothing was.
   */
  private static Outcome outcome(Probe probe, String kind, String text) {
    return switch (kind) {
      case "replied" -> new Outcome(probe.protocol() == ProbeProtocol.ICMP, "replied");
      case "answer" ->
          text.equals(probe.expectedAnswer())
              ? new Outcome(true, "answered " + text)
              : new Outcome(
                  false, "answered \"" + text + "\", expected \"" + probe.expectedAnswer() + "\"");
      default -> new Outcome(false, text.isEmpty() ? "no answer" : text);
    };
  }
}
