package dev.jkops.bench;

import dev.jkops.cloud.local.runtime.ClusterNames;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local Kubernetes API (issues 20 and 24), on a calico cluster of one control plane and five
 * nodes with one NetworkPolicy stored (so the policy path runs for every pod):
 *
 * <ul>
 *   <li>per pod, paired rounds of the bare CNI call (ip netns add, lo up, the CNI ADD call(s) a
 *       traced {@code jkops create pod} made on the same node) and one pod created through the API
 *       by a client that is already running (fabric8), each timed until its network is ready (the
 *       API answers once the pod has its address) and again until the address answers a ping from
 *       its node;
 *   <li>{@code N} pods made through the API (1,000; 200 with --quick), then paired rounds of {@code
 *       kubectl get pods -A} and {@code jkops get pods -A}, and of {@code kubectl run} and {@code
 *       jkops create pod}, each until the new pod answers a ping.
 * </ul>
 *
 * Every ratio is the median of the paired rounds' ratios, with their range. Needs root and a
 * kubectl; the cluster and every namespace it made are deleted before it returns.
 */
final class KubectlBench {
  private KubectlBench() {}

  /**
   * @param pods how many pods to make before the kubectl/jkops rounds (null: 1,000, or 200 with
   *     {@code quick}); {@code --quick --pods=1000} gives issue 20's comparison with 1,000 pods in
   *     a few minutes
   * @param perPodOnly only the per-pod table (issue 24's bar): no pods made in bulk, no get/run
   *     rounds, nothing written to docs/bench/
   */
  static String run(Path repo, boolean quick, Integer pods, boolean perPodOnly, Report report)
      throws Exception {
    if (!Shell.isRoot()) {
      throw new IllegalStateException("the kubectl benchmark needs root (network namespaces)");
    }
    String kubectl = Shell.run("bash", "-c", "command -v kubectl").stdout().strip();
    if (kubectl.isEmpty()) {
      throw new IllegalStateException("the kubectl benchmark needs kubectl (scripts/setup)");
    }
    int rounds = quick ? 5 : 15;
    int manyPods = pods != null ? pods : quick ? 200 : 1000;
    Path launcher = repo.resolve("jkops");
    Path work = Files.createTempDirectory("jkops-bench-kubectl");
    Map<String, String> env =
        Map.of("KOPS_STATE_STORE", "file://" + work.resolve("state"), "HOME", work.toString());
    String name = "bench-kubectl.jkops.local";
    ClusterNames names = ClusterNames.of(name, ClusterNames.DEFAULT_RUNTIME_BASE);
    Path kubeconfig = work.resolve("kubeconfig");
    StringBuilder out = new StringBuilder();
    Map<String, Samples> raw = new LinkedHashMap<>();
    // the cluster's API server prints step marks to its log (ApiServerProcess passes -Djkops.steps
    // on from the update that starts it): where a create's time goes inside the server
    Map<String, String> withSteps = new LinkedHashMap<>(env);
    withSteps.put("JKOPS_JAVA_OPTS", "-Djkops.steps");
    try {
      long t0 = System.nanoTime();
      LocalCloudBench.jkops(
          launcher,
          withSteps,
          repo,
          "create",
          "cluster",
          name,
          "--zones",
          "zone-a",
          "--node-count",
          "5",
          "--networking",
          "calico",
          "--yes");
      LocalCloudBench.jkops(
          launcher,
          env,
          repo,
          "export",
          "kubecfg",
          name,
          "--admin",
          "--kubeconfig",
          kubeconfig.toString());
      // update returns once the API server has started, before it listens (as kops)
      dev.jkops.cloud.local.apiserver.ApiServerProcess.awaitReady(
          names.runtimeDir(), java.time.Duration.ofSeconds(120));
      System.out.printf("cluster up in %.0f s%n", (System.nanoTime() - t0) / 1e9);
      Path policy = work.resolve("policy.yaml");
      Files.writeString(
          policy,
          """
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: db-from-web, namespace: default}
          spec:
            podSelector: {matchLabels: {role: db}}
            ingress: [{from: [{podSelector: {matchLabels: {role: web}}}]}]
          """,
          StandardCharsets.UTF_8);
      kubectl(kubectl, kubeconfig, work, "apply", "-f", policy.toString());
      Config config = Config.fromKubeconfig(Files.readString(kubeconfig, StandardCharsets.UTF_8));
      try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
        out.append(perPod(launcher, env, repo, name, names, work, client, rounds, raw));
        if (perPodOnly) {
          return out.toString();
        }
        out.append(
            many(
                launcher,
                env,
                repo,
                name,
                names,
                work,
                client,
                kubectl,
                kubeconfig,
                rounds,
                manyPods,
                raw));
      }
      report.tsv("kubectl", raw);
    } finally {
      Shell.run(List.of(launcher.toString(), "delete", "cluster", name, "--yes"), env, repo, 900);
      Shell.deleteNamespaces(LocalCloudBench.namespacesWithPrefix(names.prefix()));
    }
    return out.toString();
  }

  /** Bare CNI ADD against a pod through the API, alternating. */
  private static String perPod(
      Path launcher,
      Map<String, String> env,
      Path repo,
      String name,
      ClusterNames names,
      Path work,
      KubernetesClient client,
      int rounds,
      Map<String, Samples> raw)
      throws IOException {
    // the CNI calls of one pod, from the trace of jkops create pod, for the bare baseline
    Path trace = work.resolve("pod-trace.jsonl");
    Map<String, String> traced = new LinkedHashMap<>(env);
    traced.put("JKOPS_COMMAND_TRACE", trace.toString());
    LocalCloudBench.jkops(launcher, traced, repo, "create", "pod", "traced", "--name", name);
    List<TraceReplay.Traced> t = TraceReplay.parse(Files.readString(trace, StandardCharsets.UTF_8));
    List<TraceReplay.Traced> adds =
        t.stream().filter(c -> "ADD".equals(c.env().get("CNI_COMMAND"))).toList();
    if (adds.isEmpty()) {
      throw new IllegalStateException("no CNI ADD in the trace of create pod: " + trace);
    }
    String nodeNs = adds.get(0).argv().get(3);
    String node = nodeNs.substring(names.prefix().length());
    // a few unmeasured pods first: the API server's JIT and the client's connection warm up
    for (int i = 0; i < 3; i++) {
      createThroughApi(client, "warm" + i, node);
      client.pods().inNamespace("default").withName("warm" + i).delete();
    }
    List<Double> bare = new ArrayList<>();
    List<Double> api = new ArrayList<>();
    List<Double> barePing = new ArrayList<>();
    List<Double> apiPing = new ArrayList<>();
    List<Double> ratio = new ArrayList<>();
    List<Double> ratioPing = new ArrayList<>();
    List<String> bareNs = new ArrayList<>();
    // the reachable part of the bar: one etcd put (the pod's one transaction) and one HTTP round
    // trip through the API server (a GET of the pod just made: TLS front, handler, one etcd read)
    List<Double> etcdPut = new ArrayList<>();
    List<Double> httpGet = new ArrayList<>();
    // the transport alone: one request the server answers without reading anything (/healthz), on
    // the client's own kept-alive connection through the TLS front, as the create's request goes
    List<Double> healthz = new ArrayList<>();
    List<Double> floorRatio = new ArrayList<>();
    String healthzUrl = client.getMasterUrl().toString().replaceAll("/*$", "") + "/healthz";
    Path serverLog =
        dev.jkops.cloud.local.apiserver.ApiServerProcess.dirOf(names.runtimeDir()).resolve("log");
    StepBreakdown serverSteps = new StepBreakdown();
    dev.jkops.cloud.local.etcd.EtcdClient etcd =
        dev.jkops.cloud.local.etcd.EtcdControlPlane.existing(names.runtimeDir())
            .orElseThrow()
            .writer()
            .requiringLeader();
    String rttKey = "/registry/jkops.dev/bench/round-trip";
    try {
      for (int r = 0; r < rounds; r++) {
        String ns = names.prefix() + "bare" + r;
        bareNs.add(ns);
        StringBuilder addCalls = new StringBuilder();
        StringBuilder delCalls = new StringBuilder();
        for (int k = 0; k < adds.size(); k++) {
          TraceReplay.Traced c = adds.get(k);
          Path conf = work.resolve("bare-" + r + "-" + k + ".json");
          Files.writeString(conf, c.stdin(), StandardCharsets.UTF_8);
          StringBuilder envs = new StringBuilder();
          int round = r;
          c.env()
              .forEach(
                  (key, v) ->
                      envs.append(key)
                          .append("='")
                          .append(
                              key.equals("CNI_NETNS")
                                  ? "/run/netns/" + ns
                                  : key.equals("CNI_CONTAINERID") ? "benchbare" + round : v)
                          .append("' "));
          String call = "ip netns exec " + c.argv().get(3) + " " + c.argv().get(4) + " < " + conf;
          addCalls
              .append(envs)
              .append(call)
              .append(" > ")
              .append(work.resolve("add-" + r))
              .append('\n');
          delCalls.insert(
              0,
              envs.toString().replace("CNI_COMMAND='ADD'", "CNI_COMMAND='DEL'")
                  + call
                  + " >/dev/null\n");
        }
        // times in microseconds: to the end of the CNI calls, and to the first answered ping
        String script =
            "s=$(date +%s%N)\nip netns add "
                + ns
                + "\nip -n "
                + ns
                + " link set lo up\n"
                + addCalls
                + "e=$(date +%s%N)\n"
                + "a=$(ip -n "
                + ns
                + " -4 -o addr show dev eth0 | awk '{print $4}' | cut -d/ -f1)\n"
                + "for i in $(seq 1 200); do ip netns exec "
                + nodeNs
                + " ping -c1 -W1 -q \"$a\" >/dev/null && break; done\n"
                + "p=$(date +%s%N)\necho $(( (e - s) / 1000 )) $(( (p - s) / 1000 ))\n"
                + delCalls;
        Shell.Out b =
            Shell.run(List.of("bash", "-ec", script), Map.of(), work, 120).check("bare CNI call");
        String[] us = b.stdout().strip().split(" ");
        double bareMs = Double.parseDouble(us[0]) / 1000;
        double barePingMs = Double.parseDouble(us[1]) / 1000;
        Shell.deleteNamespaces(List.of(ns));

        long s = System.nanoTime();
        Pod pod = createThroughApi(client, "paired" + r, node);
        long created = System.nanoTime();
        double apiMs = (created - s) / 1e6;
        serverSteps.add(
            marksBetween(serverLog, s, created),
            s,
            created,
            "client-to-handler",
            "handler-to-client");
        pingUntilAnswered(nodeNs, pod.getStatus().getPodIP());
        double apiPingMs = (System.nanoTime() - s) / 1e6;
        long g = System.nanoTime();
        client.pods().inNamespace("default").withName("paired" + r).get();
        double getMs = (System.nanoTime() - g) / 1e6;
        long h = System.nanoTime();
        String ok = client.raw(healthzUrl);
        double healthzMs = (System.nanoTime() - h) / 1e6;
        if (!"ok".equals(ok)) {
          throw new IllegalStateException(healthzUrl + " answered " + ok);
        }
        healthz.add(healthzMs);
        long e = System.nanoTime();
        etcd.txn(List.of(new dev.jkops.cloud.local.etcd.EtcdClient.Put(rttKey, "round " + r)));
        double putMs = (System.nanoTime() - e) / 1e6;
        etcdPut.add(putMs);
        httpGet.add(getMs);
        floorRatio.add((bareMs + putMs + healthzMs) / bareMs);
        client.pods().inNamespace("default").withName("paired" + r).delete();

        bare.add(bareMs);
        api.add(apiMs);
        barePing.add(barePingMs);
        apiPing.add(apiPingMs);
        ratio.add(apiMs / bareMs);
        ratioPing.add(apiPingMs / barePingMs);
        System.out.printf(
            "round %d: bare %.1f ms (ping %.1f), API %.1f ms (ping %.1f)%n",
            r, bareMs, barePingMs, apiMs, apiPingMs);
      }
    } finally {
      Shell.deleteNamespaces(bareNs);
      etcd.deletePrefix(rttKey);
    }
    raw.put("etcd put round trip (ms)", new Samples(etcdPut));
    raw.put("API GET round trip (ms)", new Samples(httpGet));
    raw.put("API /healthz round trip (ms)", new Samples(healthz));
    raw.putAll(serverSteps.samples("create through the API, step "));
    raw.put("bare CNI ADD (ms)", new Samples(bare));
    raw.put("pod through the API (ms)", new Samples(api));
    raw.put("bare CNI ADD to ping (ms)", new Samples(barePing));
    raw.put("pod through the API to ping (ms)", new Samples(apiPing));
    Samples r1 = new Samples(ratio);
    Samples r2 = new Samples(ratioPing);
    MarkdownTable table =
        new MarkdownTable(
            "per pod, node " + node,
            "bare (ms)",
            "through the API (ms)",
            "ratio (median of pairs)",
            "range",
            "bar (within 10%)");
    table.row(
        "network ready (bare: CNI ADD returned; API: the create answered, with the pod's IP)",
        MarkdownTable.num(new Samples(bare).median(), 1),
        MarkdownTable.num(new Samples(api).median(), 1),
        MarkdownTable.ratio(r1.median()),
        MarkdownTable.ratio(r1.min()) + "-" + MarkdownTable.ratio(r1.max()),
        r1.median() <= 1.10 ? "met" : "missed");
    table.row(
        "until the pod answers a ping from its node",
        MarkdownTable.num(new Samples(barePing).median(), 1),
        MarkdownTable.num(new Samples(apiPing).median(), 1),
        MarkdownTable.ratio(r2.median()),
        MarkdownTable.ratio(r2.min()) + "-" + MarkdownTable.ratio(r2.max()),
        "");
    Samples put = new Samples(etcdPut);
    Samples get = new Samples(httpGet);
    Samples fr = new Samples(floorRatio);
    table.row(
        "... one etcd put round trip (unix socket, the pod's one transaction), same rounds",
        "",
        MarkdownTable.num(put.median(), 1),
        "",
        MarkdownTable.num(put.min(), 1) + "-" + MarkdownTable.num(put.max(), 1) + " ms",
        "");
    Samples hz = new Samples(healthz);
    table.row(
        "... one HTTPS request round trip (GET /healthz on the client's kept-alive connection,"
            + " through the TLS front; no handler work), same rounds",
        "",
        MarkdownTable.num(hz.median(), 1),
        "",
        MarkdownTable.num(hz.min(), 1) + "-" + MarkdownTable.num(hz.max(), 1) + " ms",
        "");
    table.row(
        "... for comparison, a GET of the pod just made (the same, plus the handler's reads)",
        "",
        MarkdownTable.num(get.median(), 1),
        "",
        MarkdownTable.num(get.min(), 1) + "-" + MarkdownTable.num(get.max(), 1) + " ms",
        "");
    table.row(
        "floor: bare + one etcd put + one HTTPS request round trip (no API server can do less)",
        MarkdownTable.num(new Samples(bare).median(), 1),
        "",
        MarkdownTable.ratio(fr.median()),
        MarkdownTable.ratio(fr.min()) + "-" + MarkdownTable.ratio(fr.max()),
        fr.median() <= 1.10 ? "reachable" : "the bar is below the floor");
    System.out.println(table.text());
    MarkdownTable stepTable =
        serverSteps.table("create through the API, step (the server's -Djkops.steps marks)");
    System.out.println(stepTable.text());
    return "Per-pod setup through the API, "
        + rounds
        + " paired rounds (a bare CNI call, then a pod created with fabric8's client through the"
        + " running API server; no JVM starts per pod):\n\n"
        + table.markdown()
        + "\nWhere a create through the API goes (the same rounds; marks the API server prints to"
        + " its log, each step named after the mark that ends it; `client-to-handler` is from the"
        + " client's call to the handler's first line: the client, TLS, the front and the JDK's"
        + " HTTP server; `handler-to-client` from the last mark to the client's return):\n\n"
        + stepTable.markdown()
        + "\n";
  }

  /** Many pods through the API, then kubectl beside jkops. */
  private static String many(
      Path launcher,
      Map<String, String> env,
      Path repo,
      String name,
      ClusterNames names,
      Path work,
      KubernetesClient client,
      String kubectl,
      Path kubeconfig,
      int rounds,
      int count,
      Map<String, Samples> raw)
      throws IOException {
    long s = System.nanoTime();
    for (int i = 0; i < count; i++) {
      createThroughApi(client, "many" + i, null);
    }
    double makeS = (System.nanoTime() - s) / 1e9;
    System.out.printf("%d pods through the API in %.1f s%n", count, makeS);
    List<Double> kGet = new ArrayList<>();
    List<Double> jGet = new ArrayList<>();
    List<Double> getRatio = new ArrayList<>();
    // what a jkops command costs before it reads a pod: the JVM's start and the CLI
    List<Double> jVersion = new ArrayList<>();
    List<Double> versionRatio = new ArrayList<>();
    List<Double> kRun = new ArrayList<>();
    List<Double> jRun = new ArrayList<>();
    List<Double> runRatio = new ArrayList<>();
    int listed = 0;
    // the same get pods once more per round with step marks: where its time goes
    StepBreakdown getSteps = new StepBreakdown();
    for (int r = 0; r < rounds; r++) {
      Shell.Out k = kubectl(kubectl, kubeconfig, work, "get", "pods", "-A");
      Shell.Out j = LocalCloudBench.jkops(launcher, env, repo, "get", "pods", "-A", "--name", name);
      Shell.Out v = LocalCloudBench.jkops(launcher, env, repo, "version");
      getSteps.run(List.of(launcher.toString(), "get", "pods", "-A", "--name", name), env, repo);
      listed = (int) k.stdout().lines().count() - 1;
      int jListed = (int) j.stdout().lines().count() - 1;
      if (jListed != listed) {
        throw new IllegalStateException(
            "kubectl listed "
                + listed
                + " pods and jkops "
                + jListed
                + ": they must list the same");
      }
      kGet.add(k.ms());
      jGet.add(j.ms());
      getRatio.add(k.ms() / j.ms());
      jVersion.add(v.ms());
      versionRatio.add(k.ms() / v.ms());

      long t0 = System.nanoTime();
      kubectl(kubectl, kubeconfig, work, "run", "krun" + r, "--image=busybox");
      Pod kp = client.pods().inNamespace("default").withName("krun" + r).get();
      pingUntilAnswered(names.prefix() + kp.getSpec().getNodeName(), kp.getStatus().getPodIP());
      double kMs = (System.nanoTime() - t0) / 1e6;

      t0 = System.nanoTime();
      LocalCloudBench.jkops(launcher, env, repo, "create", "pod", "jrun" + r, "--name", name);
      Pod jp = client.pods().inNamespace("default").withName("jrun" + r).get();
      pingUntilAnswered(names.prefix() + jp.getSpec().getNodeName(), jp.getStatus().getPodIP());
      double jMs = (System.nanoTime() - t0) / 1e6;
      kRun.add(kMs);
      jRun.add(jMs);
      runRatio.add(kMs / jMs);
      System.out.printf(
          "round %d: get pods -A kubectl %.0f ms, jkops %.0f ms (jkops version %.0f ms); to ping"
              + " kubectl run %.0f ms, jkops create pod %.0f ms%n",
          r, k.ms(), j.ms(), v.ms(), kMs, jMs);
    }
    raw.put("kubectl get pods -A (ms)", new Samples(kGet));
    raw.put("jkops get pods -A (ms)", new Samples(jGet));
    raw.put("jkops version, same rounds (ms)", new Samples(jVersion));
    raw.putAll(getSteps.samples("jkops get pods -A step "));
    raw.put("kubectl run to ping (ms)", new Samples(kRun));
    raw.put("jkops create pod to ping (ms)", new Samples(jRun));
    Samples g = new Samples(getRatio);
    Samples rr = new Samples(runRatio);
    MarkdownTable table =
        new MarkdownTable(
            "work, " + listed + " pods present",
            "kubectl via the API (ms)",
            "jkops (ms)",
            "kubectl / jkops (median of pairs)",
            "range");
    table.row(
        "`get pods -A`",
        MarkdownTable.num(new Samples(kGet).median(), 0),
        MarkdownTable.num(new Samples(jGet).median(), 0),
        MarkdownTable.ratio(g.median()),
        MarkdownTable.ratio(g.min()) + "-" + MarkdownTable.ratio(g.max()));
    Samples vr = new Samples(versionRatio);
    table.row(
        "... floor of any jkops command: `jkops version` (JVM start, CLI), same rounds",
        MarkdownTable.num(new Samples(kGet).median(), 0),
        MarkdownTable.num(new Samples(jVersion).median(), 0),
        MarkdownTable.ratio(vr.median()),
        MarkdownTable.ratio(vr.min()) + "-" + MarkdownTable.ratio(vr.max()));
    table.row(
        "`kubectl run` / `jkops create pod`, until the pod answers a ping",
        MarkdownTable.num(new Samples(kRun).median(), 0),
        MarkdownTable.num(new Samples(jRun).median(), 0),
        MarkdownTable.ratio(rr.median()),
        MarkdownTable.ratio(rr.min()) + "-" + MarkdownTable.ratio(rr.max()));
    System.out.println(table.text());
    MarkdownTable stepTable =
        getSteps.table("`jkops get pods -A`, step (-Djkops.steps, one more run per round)");
    System.out.println(stepTable.text());
    return String.format(
            java.util.Locale.ROOT,
            "%n%d pods made through the API (fabric8, one after another) in %.1f s (%.1f ms a"
                + " pod). Then %d paired rounds:%n%n",
            count,
            makeS,
            makeS * 1000 / count,
            rounds)
        + table.markdown()
        + "\nWhere `jkops get pods -A`'s time goes (each step ends at the mark it is named after;"
        + " `jvm-start-and-cli` is from the process's start to the command's first line):\n\n"
        + stepTable.markdown()
        + "\n";
  }

  /** The step marks in the server's log printed between {@code start} and {@code end}. */
  private static List<String> marksBetween(Path log, long start, long end) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      String[] f = line.split(" ");
      if (f.length == 3 && f[0].equals("jkops-step")) {
        long at = Long.parseLong(f[2]);
        if (at >= start && at <= end) {
          out.add(line);
        }
      }
    }
    return out;
  }

  private static Pod createThroughApi(KubernetesClient client, String pod, String node) {
    PodBuilder b =
        new PodBuilder()
            .withNewMetadata()
            .withName(pod)
            .withNamespace("default")
            .addToLabels("run", pod)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName(pod)
            .withImage("busybox")
            .endContainer()
            .endSpec();
    if (node != null) {
      b.editSpec().withNodeName(node).endSpec();
    }
    return client.pods().inNamespace("default").resource(b.build()).create();
  }

  private static void pingUntilAnswered(String fromNs, String address) {
    for (int i = 0; i < 200; i++) {
      if (Shell.run("ip", "netns", "exec", fromNs, "ping", "-c1", "-W1", "-q", address).code()
          == 0) {
        return;
      }
    }
    throw new IllegalStateException(address + " never answered a ping from " + fromNs);
  }

  private static Shell.Out kubectl(String kubectl, Path kubeconfig, Path work, String... args) {
    List<String> argv = new ArrayList<>(List.of(kubectl, "--kubeconfig", kubeconfig.toString()));
    argv.addAll(List.of(args));
    return Shell.run(argv, Map.of("HOME", work.toString()), work, 300)
        .check("kubectl " + String.join(" ", args));
  }
}
