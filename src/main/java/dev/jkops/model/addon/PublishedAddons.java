package dev.jkops.model.addon;

import dev.jkops.api.store.StateStore;
import dev.jkops.model.AddonManifest;
import dev.jkops.model.NetworkPlan;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What the last {@code update cluster --yes} published for a cluster ({@link
 * ClusterArtifactsWriter}), read back, so a preview can say how the next one differs: which addons
 * go out and come in. On AWS that is all a user sees of a switch before the roll, since the
 * providers' data planes are their own DaemonSets.
 */
public record PublishedAddons(boolean published, List<String> names) {

  /** A cluster never applied reads as not published, with no addons. */
  public static PublishedAddons read(StateStore store, String cluster) {
    String base = cluster + "/";
    // The channel is written on every apply, even for modes without an addon (kubenet, classic).
    boolean published = store.read(base + ClusterArtifactsWriter.CHANNEL).isPresent();
    // Manifests are stored as <cluster>/addons/<addon name>/<id>.yaml beside the channel.
    TreeSet<String> names = new TreeSet<>();
    for (String path : store.list(base + "addons/")) {
      String[] parts = path.substring(base.length()).split("/");
      if (parts.length == 3) {
        names.add(parts[1]);
      }
    }
    return new PublishedAddons(published, List.copyOf(names));
  }

  /**
   * One line for a preview when the plan's addons differ from the published ones, e.g. {@code
   * switch to calico; addon out: networking.flannel; addon in: networking.projectcalico.org}; empty
   * before the first apply and when nothing changes.
   */
  public Optional<String> switchTo(NetworkPlan plan) {
    TreeSet<String> next = new TreeSet<>(plan.addons().stream().map(AddonManifest::name).toList());
    // the addons published beside the provider on AWS stay through a switch
    List<String> names = this.names.stream().filter(n -> !ClusterAddons.NAMES.contains(n)).toList();
    if (!published || next.equals(new TreeSet<>(names))) {
      return Optional.empty();
    }
    List<String> out = names.stream().filter(n -> !next.contains(n)).toList();
    List<String> in = next.stream().filter(n -> !names.contains(n)).toList();
    return Optional.of(
        "switch to "
            + plan.mode()
            + "; addon out: "
            + (out.isEmpty() ? "none" : String.join(", ", out))
            + "; addon in: "
            + (in.isEmpty() ? "none" : String.join(", ", in)));
  }
}
