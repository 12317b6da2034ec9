package dev.jkops.cloud.local.validate;

import static dev.jkops.cloud.local.validate.ValidateFixtures.SITES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.cloud.local.kernel.Command;
import dev.jkops.cloud.local.kernel.CommandResult;
import dev.jkops.cloud.report.Probe;
import dev.jkops.cloud.report.ProbeCheck;
import dev.jkops.cloud.report.ProbeEndpoint;
import dev.jkops.cloud.report.ProbeProtocol;
import dev.jkops.cloud.report.ProbeResult;
import dev.jkops.cloud.report.ProbeSite;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One shell per sender: what it is asked to run, and how each probe's line is read back. */
class KernelProbeRunnerTest {
  final List<Command> ran = new ArrayList<>();
  final ProbeSite a = SITES.get(1);
  final ProbeSite b = SITES.get(2);
  final List<Probe> probes =
      List.of(
          new Probe(
              ProbeCheck.POD_TO_POD_ACROSS_ZONES,
              ProbeProtocol.ICMP,
              a.server(),
              b.server(),
              0,
              56,
              true),
          new Probe(
              ProbeCheck.POD_TO_POD_ACROSS_ZONES,
              ProbeProtocol.TCP,
              a.server(),
              b.server(),
              8080,
              0,
              true),
          new Probe(
              ProbeCheck.POD_TO_POD_ACROSS_ZONES,
              ProbeProtocol.UDP,
              a.server(),
              b.server(),
              8081,
              0,
              true),
          new Probe(ProbeCheck.MTU, ProbeProtocol.ICMP, a.server(), b.server(), 0, 1422, true));

  KernelProbeRunner answering(String stdout) {
    return new KernelProbeRunner(
        c -> {
          ran.add(c);
          return new CommandResult(c, 0, stdout, "");
        });
  }

  @Test
  void runsOneSendersProbesTogetherInItsNamespaceFromOneAgent() {
    answering("").runAll(probes);
    assertThat(ran).hasSize(1);
    Command c = ran.get(0);
    assertThat(c.argv().subList(0, 6))
        .containsExactly("ip", "netns", "exec", a.server().netns(), "perl", "-e");
    assertThat(c.argv().get(6)).contains("jkops' probe agent");
    assertThat(c.argv().get(7)).isEqualTo(Integer.toString(KernelProbeRunner.WAIT_SECONDS));
    assertThat(c.stdin())
        .isEqualTo(
            "0 icmp 100.96.3.2 0 56 0\n"
                + "1 tcp 100.96.3.2 8080 0 0\n"
                + "2 udp 100.96.3.2 8081 0 0\n"
                + "3 icmp 100.96.3.2 0 1422 1\n");
  }

  @Test
  void readsEachProbesLineWhateverOrderTheyFinishIn() {
    List<ProbeResult> r =
        answering(
                String.join(
                    "\n",
                    "@2 error 2003 Connection refused",
                    "@0 replied 3 replied",
                    "@3 error 1 local error: message too long (1422 bytes of payload with"
                        + " don't-fragment set)",
                    "@1 answer 4 vs-nodes-a-1"))
            .runAll(probes);
    assertThat(r).extracting(ProbeResult::probe).containsExactlyElementsOf(probes);
    assertThat(r.get(0).reached()).isTrue();
    assertThat(r.get(0).millis()).isEqualTo(3);
    assertThat(r.get(2).millis()).isEqualTo(2003);
    assertThat(r.get(1).reached()).isFalse();
    assertThat(r.get(1).observed())
        .isEqualTo("answered \"vs-nodes-a-1\", expected \"vs-nodes-b-1\"");
    assertThat(r.get(2).reached()).isFalse();
    assertThat(r.get(2).observed()).isEqualTo("Connection refused");
    assertThat(r.get(3).reached()).isFalse();
    assertThat(r.get(3).observed()).startsWith("local error: message too long");
  }

  @Test
  void theServersOwnNameIsAnAnswerAndAMissingLineIsAFailure() {
    List<ProbeResult> r =
        answering(
                "@1 answer 5 vs-nodes-b-1\n@2 answer 6 vs-nodes-b-1\n@0 error 2000 no reply within 2s")
            .runAll(probes);
    assertThat(r.get(1).reached()).isTrue();
    assertThat(r.get(1).observed()).isEqualTo("answered vs-nodes-b-1");
    assertThat(r.get(2).reached()).isTrue();
    assertThat(r.get(0).reached()).isFalse();
    assertThat(r.get(0).observed()).isEqualTo("no reply within 2s");
    assertThat(r.get(3).reached()).isFalse();
    assertThat(r.get(3).observed()).startsWith("no result");
  }

  @Test
  void refusesAnAddressThatIsNotIpv4AndProbesFromTwoSenders() {
    ProbeEndpoint odd = new ProbeEndpoint("vs-x", "jk-abc123-p-vs-x", "1.2.3.4; reboot", "x", "z");
    assertThatThrownBy(
            () ->
                answering("")
                    .runAll(
                        List.of(
                            new Probe(
                                ProbeCheck.NODE_TO_POD,
                                ProbeProtocol.ICMP,
                                a.node(),
                                odd,
                                0,
                                56,
                                true))))
        .hasMessageContaining("not an IPv4 address");
    assertThatThrownBy(
            () ->
                answering("")
                    .runAll(
                        List.of(
                            probes.get(0),
                            new Probe(
                                ProbeCheck.NODE_TO_POD,
                                ProbeProtocol.ICMP,
                                a.node(),
                                b.server(),
                                0,
                                56,
                                true))))
        .hasMessageContaining("share a sender");
  }
}
