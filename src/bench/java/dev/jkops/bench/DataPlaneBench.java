package dev.jkops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jkops.cloud.local.runtime.ClusterNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pod-to-pod throughput (iperf3, 2 s per round) and latency (20 pings, 50 ms apart) between two
 * pods on two nodes of one subnet, for every provider the local cloud runs, each right after the
 * same measure over a bare veth pair between two namespaces; and a don't-fragment probe at the
 * pod's MTU (must pass) and one byte over (must be refused), which shows the MTU is right and
 * nothing fragments. Needs root.
 */
final class DataPlaneBench {
  static final List<String> ROUTED = List.of("kubenet", "classic", "calico", "romana");
  static final List<String> VXLAN = List.of("kopeio-vxlan", "flannel", "canal", "weave");
  private static final ObjectMapper JSON = new ObjectMapper();

  private DataPlaneBench() {}

  record Probe(double mbps, double rttMs, int mtu, boolean dfAtMtu, boolean refusedAbove) {}

  static String run(Path repo, boolean quick, Report report) throws IOException {
    if (!Shell.isRoot()) {
      throw new IllegalStateException("the data plane benchmark needs root (network namespaces)");
    }
    Path launcher = repo.resolve("jkops");
    Path work = Files.createTempDirectory("jkops-bench-dp");
    // HOME too: update --yes writes the cluster's kubectl context to ~/.kube/config, as kops does
    Map<String, String> env =
        Map.of("KOPS_STATE_STORE", "file://" + work.resolve("state"), "HOME", work.toString());
    String benchId =
        "bv" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt(0x10000), 4);
    String va = "jk-" + benchId + "-va";
    String vb = "jk-" + benchId + "-vb";
    MarkdownTable t =
        new MarkdownTable(
            "mode",
            "kind",
            "pod MTU",
            "throughput (Mbit/s)",
            "bare veth (Mbit/s)",
            "throughput ratio",
            "ratio range",
            "rtt avg (ms)",
            "bare veth rtt (ms)",
            "DF at MTU / MTU+1",
            "bar");
    Map<String, Samples> raw = new LinkedHashMap<>();
    int rounds = quick ? 3 : 5;
    List<String> modes = new ArrayList<>(ROUTED);
    modes.addAll(VXLAN);
    try {
      Shell.run("ip", "netns", "add", va).check("ip netns add " + va);
      Shell.run("ip", "netns", "add", vb).check("ip netns add " + vb);
      Shell.run(
              "ip", "-n", va, "link", "add", "veth0", "type", "veth", "peer", "name", "veth0",
              "netns", vb)
          .check("veth");
      for (String[] e : new String[][] {{va, "10.255.0.1/30"}, {vb, "10.255.0.2/30"}}) {
        Shell.run("ip", "-n", e[0], "addr", "add", e[1], "dev", "veth0").check("address");
        Shell.run("ip", "-n", e[0], "link", "set", "veth0", "up").check("up");
        Shell.run("ip", "-n", e[0], "link", "set", "lo", "up").check("lo up");
      }
      for (String mode : modes) {
        String name = "bench-dp-" + mode.replace("-", "") + ".jkops.local";
        List<Probe> bare = new ArrayList<>();
        List<Probe> pods = new ArrayList<>();
        boolean created = false;
        try {
          List<String> create =
              new ArrayList<>(
                  List.of(
                      "create",
                      "cluster",
                      name,
                      "--zones",
                      "zone-a",
                      "--node-count",
                      "2",
                      "--networking",
                      mode));
          if (mode.equals("classic")) {
            create.addAll(
                List.of(
                    "--kubernetes-version", "v1.4.8")); // classic existed only up to Kubernetes 1.4
          }
          LocalCloudBench.jkops(launcher, env, repo, create.toArray(String[]::new));
          created = true;
          LocalCloudBench.jkops(launcher, env, repo, "update", "cluster", name, "--yes");
          String a = createPod(launcher, env, repo, name, "dp-a", "nodes-zone-a-1");
          String b = createPod(launcher, env, repo, name, "dp-b", "nodes-zone-a-2");
          if (b.isEmpty()) {
            throw new IllegalStateException("pod dp-b has no address");
          }
          ClusterNames names = ClusterNames.of(name, ClusterNames.DEFAULT_RUNTIME_BASE);
          String nsA = names.podNamespace("default", "dp-a");
          String nsB = names.podNamespace("default", "dp-b");
          // Rounds alternate the bare pair and the pods, a few seconds apart, so a burst of load
          // from
          // elsewhere on the machine lands on both sides of a ratio rather than on one mode.
          try (Server bareServer = Server.start(va);
              Server podServer = Server.start(nsA)) {
            for (int r = 0; r < rounds; r++) {
              bare.add(probe(vb, "10.255.0.1"));
              pods.add(probe(nsB, a));
            }
          }
        } catch (RuntimeException e) {
          t.row(
              mode,
              ROUTED.contains(mode) ? "routed" : "VXLAN",
              "-",
              "-",
              bare.isEmpty() ? "-" : MarkdownTable.num(mbps(bare).median(), 0),
              "-",
              "-",
              "-",
              "-",
              "failed: "
                  + e.getMessage()
                      .lines()
                      .filter(l -> l.contains("Error"))
                      .findFirst()
                      .orElse(e.getMessage().lines().findFirst().orElse("")));
          System.err.println("dataplane " + mode + " failed: " + e.getMessage());
          continue;
        } finally {
          if (created) {
            LocalCloudBench.jkops(launcher, env, repo, "delete", "cluster", name, "--yes");
          }
        }
        boolean routed = ROUTED.contains(mode);
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          ratios[r] = pods.get(r).mbps() / bare.get(r).mbps();
        }
        double ratio = Samples.of(ratios).median();
        Probe last = pods.get(pods.size() - 1);
        boolean dfRight = pods.stream().allMatch(p -> p.dfAtMtu() && p.refusedAbove());
        String bar =
            routed
                ? (ratio >= 0.90 ? "met (>= 0.90x)" : "missed (< 0.90x)")
                : (dfRight ? "reported; no fragmentation" : "MTU wrong");
        t.row(
            mode,
            routed ? "routed" : "VXLAN",
            last.mtu(),
            MarkdownTable.num(mbps(pods).median(), 0),
            MarkdownTable.num(mbps(bare).median(), 0),
            MarkdownTable.ratio(ratio),
            MarkdownTable.ratio(Samples.of(ratios).min())
                + "-"
                + MarkdownTable.ratio(Samples.of(ratios).max()),
            MarkdownTable.num(rtt(pods).median(), 3),
            MarkdownTable.num(rtt(bare).median(), 3),
            (pods.stream().allMatch(Probe::dfAtMtu) ? "passes" : "FAILS")
                + " / "
                + (pods.stream().allMatch(Probe::refusedAbove) ? "refused" : "NOT refused"),
            bar);
        raw.put(mode + " | Mbit/s", mbps(pods));
        raw.put(mode + " | bare veth Mbit/s", mbps(bare));
        raw.put(mode + " | ratio", Samples.of(ratios));
        raw.put(mode + " | rtt ms", rtt(pods));
        raw.put(mode + " | bare veth rtt ms", rtt(bare));
        System.out.println(t.text());
      }
    } finally {
      Shell.deleteNamespaces(List.of(va, vb));
    }
    String breakdown = DataPlaneBreakdown.run("jk-" + benchId + "-x", rounds, raw);
    report.tsv("dataplane", raw);
    return "Two pods on two nodes of one subnet (`--zones zone-a --node-count 2`), `iperf3 -t "
        + IPERF_SECONDS
        + "` from pod B to pod A and `ping -c 20 -i 0.05`, against a bare veth pair (two namespaces, MTU 1500), in "
        + rounds
        + " rounds that alternate the bare pair and the pods. Throughput and rtt are medians over the rounds; "
        + "the ratio is the median of each round's pods-over-bare ratio (its range beside it). "
        + "DF probes: `ping -M do -s MTU-28` must pass and `-s MTU-27` must be refused.\n\n"
        + t.markdown()
        + "\n"
        + breakdown;
  }

  private static String createPod(
      Path launcher, Map<String, String> env, Path repo, String cluster, String pod, String node) {
    String out =
        LocalCloudBench.jkops(
                launcher, env, repo, "create", "pod", pod, "--node", node, "--name", cluster)
            .stdout();
    Matcher m = Pattern.compile("with address (\\d+\\.\\d+\\.\\d+\\.\\d+)").matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("create pod " + pod + " printed no address: " + out);
    }
    return m.group(1);
  }

  static final int IPERF_SECONDS = 2;

  /**
   * An iperf3 server in a namespace for the whole of one mode's rounds (one-shot servers were lost
   * now and then).
   */
  record Server(Process process) implements AutoCloseable {
    static Server start(String namespace) throws IOException {
      return new Server(
          new ProcessBuilder("ip", "netns", "exec", namespace, "iperf3", "-s", "-p", "5201")
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start());
    }

    @Override
    public void close() {
      process.destroy();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static Samples mbps(List<Probe> probes) {
    return new Samples(probes.stream().map(Probe::mbps).toList());
  }

  static Samples rtt(List<Probe> probes) {
    return new Samples(probes.stream().map(Probe::rttMs).toList());
  }

  /**
   * iperf3's received throughput from {@code client} to the server at {@code address}, in Mbit/s. A
   * run that fails or reports no bytes (the server still starting, or busy with the previous
   * client's teardown) is retried, at most 20 times; a run that never reports is an error, not a
   * zero.
   */
  static double iperf(String client, String address) throws IOException {
    double mbps = 0;
    String last = "";
    for (int attempt = 0; attempt < 20 && !(mbps > 0); attempt++) {
      if (attempt > 0) {
        sleep(200);
      }
      Shell.Out iperf =
          Shell.run(
              List.of(
                  "ip",
                  "netns",
                  "exec",
                  client,
                  "iperf3",
                  "-c",
                  address,
                  "-p",
                  "5201",
                  "-t",
                  Integer.toString(IPERF_SECONDS),
                  "-J"),
              Map.of(),
              null,
              30);
      last = iperf.stdout() + iperf.stderr();
      if (iperf.code() == 0) {
        JsonNode j = JSON.readTree(iperf.stdout());
        mbps = j.path("end").path("sum_received").path("bits_per_second").asDouble() / 1e6;
      }
    }
    if (!(mbps > 0)) {
      throw new IllegalStateException(
          "iperf3 to " + address + " reported no throughput in 20 tries: " + last);
    }
    return mbps;
  }

  /** iperf3 from {@code client} to the server at {@code address}, ping, and DF probes. */
  static Probe probe(String client, String address) throws IOException {
    double mbps = iperf(client, address);
    Shell.Out ping =
        Shell.run(
                List.of(
                    "ip", "netns", "exec", client, "ping", "-q", "-c", "20", "-i", "0.05", "-W",
                    "1", address),
                Map.of(),
                null,
                30)
            .check("ping " + address);
    Matcher m = Pattern.compile("= [\\d.]+/([\\d.]+)/").matcher(ping.stdout());
    double rtt = m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    JsonNode link =
        JSON.readTree(
            Shell.run("ip", "-n", client, "-j", "link", "show", "eth0").stdout().isBlank()
                ? Shell.run("ip", "-n", client, "-j", "link", "show", "veth0").stdout()
                : Shell.run("ip", "-n", client, "-j", "link", "show", "eth0").stdout());
    int mtu = link.get(0).path("mtu").asInt();
    boolean atMtu =
        Shell.run(
                    List.of(
                        "ip",
                        "netns",
                        "exec",
                        client,
                        "ping",
                        "-M",
                        "do",
                        "-s",
                        Integer.toString(mtu - 28),
                        "-c",
                        "1",
                        "-W",
                        "1",
                        address),
                    Map.of(),
                    null,
                    10)
                .code()
            == 0;
    boolean above =
        Shell.run(
                    List.of(
                        "ip",
                        "netns",
                        "exec",
                        client,
                        "ping",
                        "-M",
                        "do",
                        "-s",
                        Integer.toString(mtu - 27),
                        "-c",
                        "1",
                        "-W",
                        "1",
                        address),
                    Map.of(),
                    null,
                    10)
                .code()
            != 0;
    return new Probe(mbps, rtt, mtu, atMtu, above);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
