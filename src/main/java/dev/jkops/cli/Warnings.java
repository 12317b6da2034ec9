package dev.jkops.cli;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterValidator;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Warnings a command prints, on stderr, each on a line starting {@code W: } (as kops' own warnings
 * start with {@code W}), so a script can tell them from a command's output.
 */
final class Warnings {
  /**
   * Fields jkops' own {@code create cluster} writes, as kops does, without acting on them. Warning
   * about them would only repeat what jkops itself chose; a user's other fields are worth a word.
   */
  static final Set<String> WRITTEN_BY_CREATE =
      Set.of(
          "spec.authorization",
          "spec.channel",
          "spec.cloudControllerManager", // create cluster --ipv6, as kops
          "spec.etcdClusters",
          "spec.iam");

  static final String PREFIX = "W: ";

  private Warnings() {}

  /** Fields a user's spec carries that jkops keeps verbatim but does not act on. */
  static void unmodelled(PrintWriter err, Collection<String> fields) {
    TreeSet<String> shown = new TreeSet<>(fields);
    shown.removeAll(WRITTEN_BY_CREATE);
    if (!shown.isEmpty()) {
      err.println(PREFIX + "jkops keeps but does not use: " + String.join(", ", shown));
      for (String field : shown) {
        leftoverOfASwitch(field).ifPresent(hint -> err.println(PREFIX + hint));
      }
      err.flush();
    }
  }

  /**
   * A field of one provider left under another's key by a switch made by renaming the key (e.g. sed
   * flannel -> calico leaves {@code calico: {backend: vxlan}}): the user meant a setting that now
   * does nothing, so say which field the new provider has for it, if any.
   */
  static java.util.Optional<String> leftoverOfASwitch(String field) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("spec\\.networking\\.([a-zA-Z]+)\\.backend").matcher(field);
    if (!m.matches() || m.group(1).equals("flannel")) {
      return java.util.Optional.empty();
    }
    String provider = m.group(1);
    String instead =
        switch (provider) {
          case "calico" ->
              "; for calico's VXLAN set spec.networking.calico.encapsulationMode: vxlan (ipip is the default)";
          case "canal" -> "; canal always carries pods over flannel's vxlan";
          default -> "; " + provider + " has no backend setting";
        };
    return java.util.Optional.of(
        field
            + " looks left over from flannel (only flannel has a backend): it has no"
            + " effect on "
            + provider
            + instead
            + ", and remove it");
  }

  /** Things the validator lets through but a user should know (e.g. a large route table quota). */
  static void validation(PrintWriter err, ClusterBundle bundle) {
    for (String w : ClusterValidator.warnings(bundle)) {
      err.println(PREFIX + w);
    }
    err.flush();
  }

  /** Each of {@code warnings}, one to a line. */
  static void print(PrintWriter err, Collection<String> warnings) {
    warnings.forEach(w -> err.println(PREFIX + w));
    err.flush();
  }
}
