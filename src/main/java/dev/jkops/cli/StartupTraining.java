package dev.jkops.cli;

import dev.jkops.api.NetworkingSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The training run the {@code jkops} launcher records a class-data archive from (AppCDS on JDK 17,
 * the AOT cache on JDK 25): the commands users start most (version, help, get clusters, get
 * networking), run in-process against a throwaway file state store, so the classes they load
 * (picocli's model, Jackson's YAML codec, the api records) are parsed, verified and linked once at
 * archive time instead of on every start, and then {@code get pods}' reading and printing of pods
 * ({@link PodListingTraining}, from a stand-in for etcd's gateway on a unix socket in the same
 * directory), and {@code update cluster --yes}' planning, diff, apply and addons on a kernel that
 * runs nothing ({@link UpdateTraining}). It touches nothing but its own temporary directory: no
 * network, no namespaces, no program started.
 */
public final class StartupTraining {
  static final String CLUSTER = "training.jkops.local";

  private StartupTraining() {}

  /** The command lines the training runs, in order. */
  static List<List<String>> commands(String store) {
    String state = "file://" + store;
    List<List<String>> all = new ArrayList<>(defaultClusterCommands(state));
    // every provider's model, manifest template and checks: without these, `get networking` on a
    // calico cluster loaded its provider's classes and template from the jar, ~45 ms more than on
    // the default kubenet one
    for (String mode : OTHER_MODES) {
      String name = mode + "." + CLUSTER;
      List<String> create = new ArrayList<>(createCluster(state, name));
      create.addAll(List.of("--networking", mode));
      all.add(create);
      all.add(List.of("--state", state, "get", "networking", name));
    }
    return all;
  }

  /**
   * One {@code --networking} value per kind of networking, the first that names it (flannel, not
   * flannel-udp, which is refused; cilium, not cilium-eni), less the default kubenet and classic,
   * which today's Kubernetes refuses (it needs one before 1.4): derived, so a provider added later
   * is trained too.
   */
  static final List<String> OTHER_MODES = otherModes();

  private static List<String> otherModes() {
    Set<Class<?>> kinds =
        new HashSet<>(List.of(NetworkingSpec.Kubenet.class, NetworkingSpec.Classic.class));
    List<String> modes = new ArrayList<>();
    for (String flag : NetworkingSpec.FLAG_VALUES) {
      if (kinds.add(NetworkingSpec.fromFlag(flag).getClass())) {
        modes.add(flag);
      }
    }
    return List.copyOf(modes);
  }

  /** {@code create cluster NAME} with two zones and two nodes, every training cluster's shape. */
  private static List<String> createCluster(String state, String name) {
    return List.of(
        "--state",
        state,
        "create",
        "cluster",
        name,
        "--zones",
        "zone-a,zone-b",
        "--node-count",
        "2");
  }

  private static List<List<String>> defaultClusterCommands(String state) {
    return List.of(
        List.of("version"),
        List.of("--help"),
        createCluster(state, CLUSTER),
        List.of("--state", state, "get", "clusters"),
        List.of("--state", state, "get", "clusters", "-o", "yaml"),
        List.of("--state", state, "get", "clusters", "-o", "json"),
        List.of("--state", state, "get", "instancegroups", "--name", CLUSTER),
        // the network plan: without these, `get networking` loaded ~220 classes from the jar on
        // every start (the planner, the firewall model, ~100 lambda forms of its string joins)
        List.of("--state", state, "get", "networking", CLUSTER),
        List.of("--state", state, "get", "networking", CLUSTER, "-o", "yaml"),
        List.of("--state", state, "get", "clusters", "no-such-cluster.example.com"),
        // update's command line, state lock and cloud, as far as the local cloud's refusal of
        // Terraform (no kernel touched); UpdateTraining then runs the rest of update in-process
        List.of("--state", state, "update", "cluster", CLUSTER, "--target", "terraform"));
  }

  /** Runs every training command; returns how many exited 0. */
  static int run(Path dir) {
    int ok = 0;
    // the warm-up's own classes, as Main.main starts it for update
    ColdStartWarmUp.run();
    for (List<String> argv : commands(dir.toString())) {
      // through a charset encoder, as stdout is: a StringWriter left the classes of every command's
      // first print (CharBuffer, CoderResult) out of the archive
      PrintWriter w =
          new PrintWriter(
              new OutputStreamWriter(OutputStream.nullOutputStream(), StandardCharsets.UTF_8));
      String[] args = argv.toArray(String[]::new);
      // built as jkops builds it for these arguments (Main.main): get clusters and get networking
      // run on HandBuiltModels, whose classes and lambdas the archive must hold too
      // and, as Main.main runs them first, without picocli (FastGet), so both paths are archived
      if (GetClustersCommand.fast(args, Map.of(), w, w) == null) {
        GetNetworkingCommand.fast(args, Map.of(), w, w);
      }
      int code = Main.commandLine(w, w, Map.of(), args).execute(args);
      ok += code == 0 ? 1 : 0;
    }
    try {
      UpdateTraining.run(dir, CLUSTER);
    } catch (RuntimeException e) {
      // the archive then lacks update's classes, which load from the jar as before
    }
    try {
      PodListingTraining.run(dir);
    } catch (IOException | RuntimeException e) {
      // the archive then lacks get pods' classes, which load from the jar as before
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ok;
  }

  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("jkops-training");
    try {
      run(dir);
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths
            .sorted(Comparator.reverseOrder())
            .forEach(
                p -> {
                  try {
                    Files.delete(p);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
      }
    }
  }
}
