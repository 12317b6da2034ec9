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
  void runsOneSendersProbesTogetherInItsNamespace() {
    answering("").runAll(probes);
    assertThat(ran).hasSize(1);
    List<String> argv = ran.get(0).argv();
    assertThat(argv.subList(0, 5))
        .containsExactly("ip", "netns", "exec", a.server().netns(), "bash");
    assertThat(argv.get(6))
        .contains(
            "p 0 icmp -s 56 100.96.3.2 &",
            "p 1 tcp 100.96.3.2 8080 &",
            "p 2 udp 100.96.3.2 8081 &",
            "p 3 icmp -s 1422 -M do 100.96.3.2 &")
        .endsWith("wait\n");
  }

  @Test
  void readsEachProbesLineWhateverOrderTheyFinishIn() {
    List<ProbeResult> r =
        answering(
                String.join(
                    "\n",
                    "@2 1 2003 head: error reading 'standard input': Connection refused",
                    "@0 0 3 PING 100.96.3.2 56(84) bytes of data.\u001f64 bytes from 100.96.3.2: icmp_seq=1",
                    "@3 1 1 ping: local error: message too long, mtu=1400",
                    "@1 0 4 vs-nodes-a-1"))
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
    assertThat(r.get(3).observed()).isEqualTo("ping: local error: message too long, mtu=1400");
  }

  @Test
  void theServersOwnNameIsAnAnswerAndAMissingLineIsAFailure() {
    List<ProbeResult> r =
        answering("@1 0 5 vs-nodes-b-1\n@2 0 6 vs-nodes-b-1\n@0 1 2000 2026/11/26 socat[7] E x")
            .runAll(probes);
    assertThat(r.get(1).reached()).isTrue();
    assertThat(r.get(2).reached()).isTrue();
    assertThat(r.get(0).reached()).isFalse();
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
