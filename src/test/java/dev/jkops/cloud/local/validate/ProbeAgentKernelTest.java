package dev.jkops.cloud.local.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.kernel.NetnsIp;
import dev.jkops.cloud.report.Probe;
import dev.jkops.cloud.report.ProbeCheck;
import dev.jkops.cloud.report.ProbeEndpoint;
import dev.jkops.cloud.report.ProbeProtocol;
import dev.jkops.cloud.report.ProbeResult;
import dev.jkops.testing.RequiresRoot;
import dev.jkops.testing.ThrowawayNamespaces;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The probe agent against the real kernel, in throwaway jk-t<random>- namespaces: a client, a
 * router and a server, the router's link to the server 1300 bytes, and validate's own probe servers
 * answering. What a user reads in validate's report for each outcome: an answer, a reply, a
 * refusal, a packet too big for the path (from the router, or refused locally), and silence.
 */
@RequiresRoot
class ProbeAgentKernelTest {
  final Kernel kernel = Kernel.system();
  final ThrowawayNamespaces namespaces = new ThrowawayNamespaces();
  final String prefix = namespaces.prefix();
  final String client = prefix + "c";
  final String router = prefix + "r";
  final String server = prefix + "s";

  final ProbeEndpoint from = new ProbeEndpoint("vc", client, "10.77.1.2", "vc", "z");
  final ProbeEndpoint to = new ProbeEndpoint("vs", server, "10.77.2.2", "vs", "z");
  final ProbeEndpoint to6 = new ProbeEndpoint("vs", server, "fd77:2::2", "vs", "z");
  final ProbeEndpoint nobody = new ProbeEndpoint("vn", server, "10.77.2.9", "vn", "z");

  @AfterEach
  void removeEverything() {
    ProbeServers.killAllIn(List.of(client, router, server));
    namespaces.removeAll();
  }

  @Test
  void eachOutcomeReadsAsValidateReportsIt() {
    build();
    try (ProbeServers servers = new ProbeServers(kernel.runner())) {
      servers.start(new ProbeServers.Spec(server, "vs"), ProbePlan.TCP_PORT, ProbePlan.UDP_PORT);
      servers.start(
          new ProbeServers.Spec(server, "vs", true),
          ProbePlan.TCP_PORT + 10,
          ProbePlan.UDP_PORT + 10);
      List<Probe> probes =
          List.of(
              probe(ProbeProtocol.ICMP, to, 0, 56, ProbeCheck.POD_TO_POD_ACROSS_NODES),
              probe(
                  ProbeProtocol.TCP, to, ProbePlan.TCP_PORT, 0, ProbeCheck.POD_TO_POD_ACROSS_NODES),
              probe(
                  ProbeProtocol.UDP, to, ProbePlan.UDP_PORT, 0, ProbeCheck.POD_TO_POD_ACROSS_NODES),
              // 1300 bytes fit the whole path; 1301 do not fit the router's link to the server
              probe(ProbeProtocol.ICMP, to, 0, 1300 - 28, ProbeCheck.MTU),
              probe(ProbeProtocol.ICMP, to, 0, 1301 - 28, ProbeCheck.MTU),
              // 1501 bytes do not fit the client's own link
              probe(ProbeProtocol.ICMP, to, 0, 1501 - 28, ProbeCheck.MTU),
              probe(ProbeProtocol.TCP, to, 9, 0, ProbeCheck.POD_TO_POD_ACROSS_NODES),
              probe(ProbeProtocol.ICMP, nobody, 0, 56, ProbeCheck.POD_TO_POD_ACROSS_NODES),
              probe(ProbeProtocol.TCP, nobody, ProbePlan.TCP_PORT, 0, ProbeCheck.NODE_TO_POD),
              probe(ProbeProtocol.ICMP, to6, 0, 56, ProbeCheck.POD_TO_POD_ACROSS_NODES),
              probe(ProbeProtocol.TCP, to6, ProbePlan.TCP_PORT + 10, 0, ProbeCheck.NODE_TO_POD),
              probe(ProbeProtocol.UDP, to6, ProbePlan.UDP_PORT + 10, 0, ProbeCheck.NODE_TO_POD),
              probe(ProbeProtocol.ICMP, to6, 0, 1301 - 48, ProbeCheck.MTU));

      List<ProbeResult> r = new KernelProbeRunner(kernel.runner()).runAll(probes);

      assertThat(r).extracting(ProbeResult::probe).containsExactlyElementsOf(probes);
      assertThat(r.get(0).observed()).isEqualTo("replied");
      assertThat(r.get(1).observed()).isEqualTo("answered vs");
      assertThat(r.get(2).observed()).isEqualTo("answered vs");
      assertThat(r.get(3).observed()).isEqualTo("replied");
      assertThat(r.get(4).observed()).isEqualTo("Frag needed and DF set (mtu = 1300)");
      assertThat(r.get(5).observed()).startsWith("local error: message too long");
      assertThat(r.get(6).observed()).isEqualTo("Connection refused");
      assertThat(r.get(7).observed()).isIn("no reply within 2s", "Destination Host Unreachable");
      assertThat(r.get(8).observed()).isIn("no answer within 2s", "No route to host");
      assertThat(r.get(9).observed()).isEqualTo("replied");
      assertThat(r.get(10).observed()).isEqualTo("answered vs");
      assertThat(r.get(11).observed()).isEqualTo("answered vs");
      assertThat(r.get(12).observed()).isEqualTo("Packet too big: mtu=1300");
      assertThat(r.subList(0, 4)).allMatch(ProbeResult::reached);
      assertThat(r.subList(4, 9)).noneMatch(ProbeResult::reached);
      assertThat(r.subList(9, 12)).allMatch(ProbeResult::reached);
      assertThat(r.get(12).reached()).isFalse();
      // every probe is bounded: the silent ones gave up after the wait, not before
      assertThat(r.get(7).millis()).isBetween(0L, 2_500L);
    }
  }

  @Test
  void anEchoRequestOrDatagramLostOnTheWayIsSentOnceMore() {
    build();
    // the router drops the first echo request and the first datagram to the server, once each
    kernel
        .nft()
        .apply(
            router,
            "drop the first of each",
            "table ip first {\n chain forward {\n  type filter hook forward priority 0;\n"
                + "  icmp type echo-request quota until 84 bytes drop\n"
                + "  udp dport "
                + ProbePlan.UDP_PORT
                + " quota until 37 bytes drop\n }\n}\n");
    try (ProbeServers servers = new ProbeServers(kernel.runner())) {
      servers.start(new ProbeServers.Spec(server, "vs"), ProbePlan.TCP_PORT, ProbePlan.UDP_PORT);
      List<ProbeResult> r =
          new KernelProbeRunner(kernel.runner())
              .runAll(
                  List.of(
                      probe(ProbeProtocol.ICMP, to, 0, 56, ProbeCheck.POD_TO_POD_ACROSS_NODES),
                      probe(
                          ProbeProtocol.UDP,
                          to,
                          ProbePlan.UDP_PORT,
                          0,
                          ProbeCheck.POD_TO_POD_ACROSS_NODES)));
      assertThat(r).extracting(ProbeResult::observed).containsExactly("replied", "answered vs");
      // each answer came to the second packet, a second after the first
      assertThat(r).allSatisfy(p -> assertThat(p.millis()).isBetween(1_000L, 2_000L));
    }
  }

  private Probe probe(
      ProbeProtocol protocol, ProbeEndpoint target, int port, int payload, ProbeCheck check) {
    return new Probe(check, protocol, from, target, port, payload, true);
  }

  /** client (1500) -- router -- (1300) server, IPv4 and IPv6, no path anywhere else. */
  private void build() {
    for (String ns : List.of(client, router, server)) {
      kernel.netns().add(ns);
      // brand-new links: no duplicate address detection to wait for before IPv6 resolves
      kernel
          .ip(ns)
          .sysctls(
              "no DAD",
              List.of("net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0"));
    }
    NetnsIp c = kernel.ip(client);
    NetnsIp r = kernel.ip(router);
    c.addVeth("eth0", router, "c0", 1500);
    r.addVeth("s0", server, "eth0", 1300);
    c.batch(
        "client",
        List.of(
            "addr add 10.77.1.2/24 dev eth0",
            "addr add fd77:1::2/64 dev eth0 nodad",
            "link set eth0 up",
            "route add 10.77.2.0/24 via 10.77.1.1",
            "route add fd77:2::/64 via fd77:1::1"));
    r.batch(
        "router",
        List.of(
            "addr add 10.77.1.1/24 dev c0",
            "addr add fd77:1::1/64 dev c0 nodad",
            "addr add 10.77.2.1/24 dev s0",
            "addr add fd77:2::1/64 dev s0 nodad",
            "link set c0 up",
            "link set s0 up"));
    r.sysctls("router", List.of("net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1"));
    kernel
        .ip(server)
        .batch(
            "server",
            List.of(
                "addr add 10.77.2.2/24 dev eth0",
                "addr add fd77:2::2/64 dev eth0 nodad",
                "link set eth0 up",
                "route add 10.77.1.0/24 via 10.77.2.1",
                "route add fd77:1::/64 via fd77:2::1"));
  }
}
