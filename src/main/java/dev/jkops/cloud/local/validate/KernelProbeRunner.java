package dev.jkops.cloud.local.validate;

import dev.jkops.cloud.local.kernel.Command;
import dev.jkops.cloud.local.kernel.CommandResult;
import dev.jkops.cloud.local.kernel.CommandRunner;
import dev.jkops.cloud.local.kernel.KernelException;
import dev.jkops.cloud.local.kernel.NamespaceName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Probes with real packets, from inside the sender's namespace: {@code ping} (with {@code -M do} for
 * the MTU probe), and {@code socat} for TCP and UDP, whose answer must be the server's own name.
 * Every probe is bounded: one packet or one connection, {@value #WAIT_SECONDS}s to answer.
 */
public final class KernelProbeRunner implements ProbeRunner {
  public static final int WAIT_SECONDS = 2;
  /**
   * How long socat waits for an answer after sending its request: a UDP exchange never closes, so
   * this is what every UDP probe costs; a local answer comes back in milliseconds.
   */
  static final String UDP_REPLY_WAIT = "1";
  private final CommandRunner runner;

  public KernelProbeRunner(CommandRunner runner) {
    this.runner = runner;
  }

  @Override
  public ProbeResult run(Probe probe) {
    long start = System.nanoTime();
    Outcome o;
    try {
      o = switch (probe.protocol()) {
        case ICMP -> ping(probe);
        case TCP -> socat(probe, "TCP:" + probe.to().address() + ":" + probe.port() + ",connect-timeout=" + WAIT_SECONDS, "");
        case UDP -> socat(probe, "UDP:" + probe.to().address() + ":" + probe.port(), "hostName");
      };
    } catch (KernelException e) {
      o = new Outcome(false, e.getMessage());
    }
    return new ProbeResult(probe, o.reached, o.observed, (System.nanoTime() - start) / 1_000_000);
  }

  private record Outcome(boolean reached, String observed) {}

  private Outcome ping(Probe probe) {
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", NamespaceName.require(probe.from().netns()),
        "ping", "-n", "-c", "1", "-W", Integer.toString(WAIT_SECONDS), "-s", Integer.toString(probe.payload())));
    if (probe.check() == ProbeCheck.MTU) {
      argv.addAll(List.of("-M", "do"));
    }
    argv.add(probe.to().address());
    CommandResult r = runner.run(Command.of("ping " + probe.to().address() + " from " + probe.from().name(), argv)
        .withTimeout(Duration.ofSeconds(WAIT_SECONDS + 3)));
    if (r.ok()) {
      return new Outcome(true, "replied");
    }
    String said = r.said().lines().filter(l -> l.contains("error") || l.contains("too long") || l.contains("Unreachable"))
        .findFirst().orElse("no reply within " + WAIT_SECONDS + "s");
    return new Outcome(false, said.trim());
  }

  private Outcome socat(Probe probe, String target, String request) {
    Command c = Command.of(probe.protocol() + " probe " + probe.to().address() + ":" + probe.port() + " from "
            + probe.from().name(),
        List.of("ip", "netns", "exec", NamespaceName.require(probe.from().netns()), "socat", "-T",
            Integer.toString(WAIT_SECONDS), "-t", probe.protocol() == ProbeProtocol.UDP ? UDP_REPLY_WAIT : Integer.toString(WAIT_SECONDS), "-", target))
        .withStdin(request + "\n").withTimeout(Duration.ofSeconds(WAIT_SECONDS * 2 + 3));
    CommandResult r = runner.run(c);
    String answer = r.stdout().trim();
    if (answer.equals(probe.expectedAnswer())) {
      return new Outcome(true, "answered " + answer);
    }
    if (!answer.isEmpty()) {
      return new Outcome(false, "answered \"" + answer + "\", expected \"" + probe.expectedAnswer() + "\"");
    }
    String why = r.stderr().lines().filter(l -> l.contains("E ")).map(l -> l.substring(l.indexOf("E ") + 2))
        .findFirst().orElse("no answer within " + WAIT_SECONDS + "s");
    return new Outcome(false, why.trim());
  }
}
