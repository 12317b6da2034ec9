package dev.jkops.cloud.local.provider;

import dev.jkops.api.NetworkingSpec;
import dev.jkops.cloud.local.runtime.ClusterNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The provider a user installed with {@code apply -f} on a cluster whose networking is cni or
 * external, kept in the cluster's runtime dir: it is a fact about the running cluster (as the
 * DaemonSet is on a real one), so it goes when the cluster is deleted.
 */
public final class InstalledProvider {
  static final String FILE = "installed-networking";

  private InstalledProvider() {}

  public static boolean userInstalls(NetworkingSpec spec) {
    return spec instanceof NetworkingSpec.Cni || spec instanceof NetworkingSpec.External;
  }

  public static Path file(ClusterNames names) {
    return names.runtimeDir().resolve(FILE);
  }

  /**
   * Records the provider: one line, {@code flannel vxlan}, {@code cilium disabled}, {@code
   * kube-router} or {@code weave}.
   */
  public static void save(ClusterNames names, NetworkingSpec provider) {
    // the flag's spelling, which load reads back (kube-router's key is v1alpha2's kuberouter)
    String line;
    if (provider instanceof NetworkingSpec.Flannel f) {
      line = "flannel " + f.backendOrDefault();
    } else if (provider instanceof NetworkingSpec.Cilium c) {
      line = "cilium " + c.tunnelOrDefault();
    } else if (provider instanceof NetworkingSpec.KubeRouter) {
      line = "kube-router";
    } else {
      line = provider.key();
    }
    try {
      dev.jkops.api.SafePaths.ensureOwnedDir(
          names.runtimeBase(),
          names.runtimeDir(),
          dev.jkops.api.SafePaths.PRIVATE_DIR,
          "runtime dir");
      dev.jkops.api.SafePaths.writeAtomically(
          file(names),
          (line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8),
          dev.jkops.api.SafePaths.READABLE_FILE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the installed provider in " + file(names), e);
    }
  }

  public static Optional<NetworkingSpec> load(ClusterNames names) {
    Path f = file(names);
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    try {
      List<String> words = List.of(Files.readString(f).trim().split("\\s+"));
      if (words.get(0).equals("flannel")) {
        return Optional.of(
            new NetworkingSpec.Flannel(words.size() > 1 ? words.get(1) : null, null));
      }
      if (words.get(0).equals("cilium")) {
        return Optional.of(
            new NetworkingSpec.Cilium(
                null,
                words.size() > 1 ? words.get(1) : null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null));
      }
      return Optional.of(NetworkingSpec.fromFlag(words.get(0)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the installed provider from " + f, e);
    }
  }

  /**
   * The cluster as it runs: on cni or external with a provider installed, the spec with that
   * provider in place of cni/external (as update plans it); else the spec as stored. Every command
   * that describes a running local cluster's network (get networking, get nodes, update, the pods)
   * reads the provider through this, so none says "cni, MTU 1500" while the pods run flannel.
   */
  public static dev.jkops.api.ClusterBundle running(
      dev.jkops.api.ClusterBundle stored, ClusterNames names) {
    NetworkingSpec declared = stored.cluster().spec().networking();
    NetworkingSpec running = effective(declared, names);
    if (running == declared) {
      return stored;
    }
    dev.jkops.api.ClusterSpecBuilder b = stored.cluster().spec().toBuilder();
    b.networking = running;
    return new dev.jkops.api.ClusterBundle(
        stored.cluster().withSpec(b.build()), stored.instanceGroups());
  }

  /**
   * The networking to plan with: the installed provider in place of cni/external, else the spec's
   * own.
   */
  public static NetworkingSpec effective(NetworkingSpec spec, ClusterNames names) {
    return userInstalls(spec) ? load(names).orElse(spec) : spec;
  }
}
