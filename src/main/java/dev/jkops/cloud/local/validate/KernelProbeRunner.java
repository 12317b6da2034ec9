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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Probes with real packets, from inside the sender's namespace: {@code ping} (with {@code -M do}
 * for the MTU probe), {@code socat} for TCP and bash's {@code /dev/udp} for UDP, whose answer must
 * be the server's own name. Every probe is bounded: one packet or one connection, {@value
 * #WAIT_SECONDS}s to answer. {@link #runAll} sends all of one sender's probes at once, from one
 * shell in its namespace, rather than one {@code ip netns exec} (a new mount namespace and a sysfs
 * mount) per probe.
 */
public final class KernelProbeRunner implements ProbeRunner {
  public static final int WAIT_SECONDS = 2;

  /** The most probes one shell runs at once; a sender has about a dozen. */
  static final int BATCH_LIMIT = 64;

  private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(WAIT_SECONDS * 2 + 8);

  /**
   * Shell functions for the probes; {@code p} runs one and prints {@code @INDEX EXIT MILLIS OUTPUT}
   * as one line (newlines in the output become US characters) in one write, so parallel probes'
   * lines never interleave. Each probe is as few processes as it can be, since on a small, busy
   * machine process creation is most of validate's time: ping bounds itself ({@code -c 1 -W}: one
   * packet, then at most that long for its reply; {@code -w} would resend until its deadline) and
   * socat too ({@code connect-timeout}, {@code -T} idle, {@code -t} after EOF), so neither needs a
   * {@code timeout} around it (the shell as a whole has {@link #BATCH_TIMEOUT}), and TCP's request
   * line comes from a here-string (a pipe from {@code printf} would fork a subshell). UDP: one
   * datagram through bash's connected socket and the first line of the answer read by {@code head},
   * which returns as soon as it comes (socat would wait out its timeout, since a UDP exchange never
   * closes; bash's own read would take one byte of the datagram), under {@code timeout}, as {@code
   * head} has no timeout of its own. A probe's output goes to a file of its own ({@code $D/INDEX},
   * a directory made for the batch and deleted after it) and is read back by the shell's {@code
   * read} builtin: a command substitution would fork one more shell per probe.
   */
  private static final String FUNCTIONS =
      String.join(
          "\n",
          "tcp() { socat -T "
              + WAIT_SECONDS
              + " -t "
              + WAIT_SECONDS
              + " - \"TCP:$1:$2,connect-timeout="
              + WAIT_SECONDS
              + "\" <<<''; }",
          "udp() { exec 3<>\"/dev/udp/$1/$2\" && printf 'hostName\\n' >&3 && timeout "
              + WAIT_SECONDS
              + " head -n 1 <&3; }",
          "icmp() { ping -n -c 1 -W " + WAIT_SECONDS + " \"$@\"; }",
          "p() { local i=$1 s=${EPOCHREALTIME//[!0-9]/}; shift; local o= r; \"$@\" >\"$D/$i\" 2>&1 </dev/null; r=$?;"
              + " IFS= read -r -d '' o <\"$D/$i\"; o=${o//$'\\n'/$'\\x1f'};"
              + " printf '@%s %s %s %s\\n' \"$i\" \"$r\" $(( (${EPOCHREALTIME//[!0-9]/} - s) / 1000 ))"
              + " \"${o:0:1000}\"; }",
          "");

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
    StringBuilder script = new StringBuilder(FUNCTIONS);
    for (int i = 0; i < fromOneSender.size(); i++) {
      Probe p = fromOneSender.get(i);
      if (!p.from().netns().equals(netns)) {
        throw new IllegalArgumentException(
            "probes of one batch must share a sender: " + p.from().netns() + " is not " + netns);
      }
      script.append("p ").append(i).append(' ').append(commandLine(p)).append(" &\n");
    }
    script.append("wait\n");
    long start = System.nanoTime();
    CommandResult r;
    Path outputs = null;
    try {
      outputs = Files.createTempDirectory("jkops-probes");
      r =
          runner.run(
              Command.of(
                      fromOneSender.size() + " probes from " + first.from().name(),
                      List.of(
                          "ip",
                          "netns",
                          "exec",
                          netns,
                          "bash",
                          "-c",
                          "D='" + outputs + "'\n" + script))
                  .withTimeout(BATCH_TIMEOUT));
    } catch (KernelException | IOException e) {
      long ms = (System.nanoTime() - start) / 1_000_000;
      return fromOneSender.stream()
          .map(p -> new ProbeResult(p, false, e.getMessage(), ms))
          .toList();
    } finally {
      deleteOutputs(outputs);
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    Map<Integer, String[]> lines = new HashMap<>();
    for (String line : r.stdout().lines().toList()) {
      if (line.startsWith("@")) {
        String[] parts = line.substring(1).split(" ", 4);
        if (parts.length >= 3
            && parts[0].matches("\\d+")
            && parts[1].matches("\\d+")
            && parts[2].matches("-?\\d+")) {
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
                ? "no result (the probes' shell exited " + r.exitCode() + ")"
                : "no result: " + r.said().lines().findFirst().orElse("").trim();
        results.add(new ProbeResult(p, false, why, ms));
        continue;
      }
      int exit = Integer.parseInt(line[1]);
      long took = Math.max(0, Long.parseLong(line[2]));
      List<String> output = line.length > 3 ? List.of(line[3].split("\u001f")) : List.of();
      Outcome o =
          p.protocol() == ProbeProtocol.ICMP ? pingOutcome(exit, output) : answerOutcome(p, output);
      results.add(new ProbeResult(p, o.reached, o.observed, took));
    }
    return results;
  }

  /** The probes' output files: one per probe, read back by the shell itself. */
  private static void deleteOutputs(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // temporary files of probe output; nothing depends on them any more
    }
  }

  /** The shell words for one probe, after {@code p INDEX}. */
  static String commandLine(Probe probe) {
    String address = probe.to().address();
    boolean ipv6 = address.matches("[0-9a-f:]+") && address.contains(":");
    if (!address.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !ipv6) {
      throw new IllegalArgumentException(
          "probe target address \"" + address + "\" is not an IPv4 address (nor an IPv6 one)");
    }
    return switch (probe.protocol()) {
      case ICMP ->
          "icmp -s "
              + probe.payload()
              + (probe.check() == ProbeCheck.MTU ? " -M do " : " ")
              + address;
      // socat takes an IPv6 literal in brackets; bash's /dev/udp and ping take it as it is
      case TCP -> "tcp " + (ipv6 ? "[" + address + "]" : address) + " " + probe.port();
      case UDP -> "udp " + address + " " + probe.port();
    };
  }

  private record Outcome(boolean reached, String observed) {}

  private static Outcome pingOutcome(int exit, List<String> output) {
    if (exit == 0) {
      return new Outcome(true, "replied");
    }
    String said =
        output.stream()
            .filter(
                l ->
                    l.contains("error")
                        || l.contains("too long")
                        || l.contains("Unreachable")
                        || l.contains("Packet too big"))
            .findFirst()
            .orElse("no reply within " + WAIT_SECONDS + "s");
    return new Outcome(false, said.trim());
  }

  /**
   * TCP and UDP: reached when the server's own name came back; else what was heard, or why nothing
   * was.
   */
  private static Outcome answerOutcome(Probe probe, List<String> output) {
    List<String> said = output.stream().map(String::trim).filter(l -> !l.isEmpty()).toList();
    if (said.contains(probe.expectedAnswer())) {
      return new Outcome(true, "answered " + probe.expectedAnswer());
    }
    List<String> errors = said.stream().filter(KernelProbeRunner::isToolMessage).toList();
    List<String> answers = said.stream().filter(l -> !isToolMessage(l)).toList();
    if (!answers.isEmpty()) {
      return new Outcome(
          false,
          "answered \"" + answers.get(0) + "\", expected \"" + probe.expectedAnswer() + "\"");
    }
    String why =
        errors.stream()
            .map(KernelProbeRunner::errorText)
            .findFirst()
            .orElse("no answer within " + WAIT_SECONDS + "s");
    return new Outcome(false, why);
  }

  /**
   * A line from socat ("... socat[12] E connect(...): Connection refused"), head or bash, not from
   * the server.
   */
  private static boolean isToolMessage(String line) {
    return line.contains(" socat[")
        || line.startsWith("head:")
        || line.startsWith("bash:")
        || line.startsWith("timeout:");
  }

  private static String errorText(String line) {
    int e = line.indexOf(" E ");
    if (line.contains(" socat[") && e >= 0) {
      return line.substring(e + 3).trim();
    }
    int colon = line.lastIndexOf(": ");
    return colon >= 0 ? line.substring(colon + 2).trim() : line;
  }
}
