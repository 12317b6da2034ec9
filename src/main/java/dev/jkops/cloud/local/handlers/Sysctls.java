package dev.jkops.cloud.local.handlers;

import dev.jkops.cloud.local.kernel.Netns;
import dev.jkops.cloud.local.kernel.NetnsIp;

/** The sysctls of a namespace that forwards packets: the VPC router and every instance. */
final class Sysctls {
  private Sysctls() {}

  private static final java.util.List<String> KEYS =
      java.util.List.of(
          "net.ipv4.ip_forward", "net.ipv4.conf.all.rp_filter", "net.ipv4.conf.default.rp_filter");
  private static final java.util.List<String> VALUES = java.util.List.of("1", "0", "0");

  /**
   * Makes the router namespace {@code namespace} with these sysctls (forwarding on, reverse-path
   * filtering off; and its loopback up when {@code loopbackUp}) in the process that creates it
   * ({@link Netns#addWithSysctls}); an existing one gets them in a process of its own.
   */
  static void makeRouter(Netns netns, String namespace, boolean loopbackUp) {
    netns.addWithSysctls(namespace, settings(), loopbackUp);
  }

  /**
   * As {@link #makeRouter} for several namespaces handed over at once, each with its own outcome
   * ({@link Netns#addAllWithSysctls}).
   */
  static java.util.List<java.util.Optional<RuntimeException>> makeRouters(
      Netns netns, java.util.List<String> namespaces, boolean loopbackUp) {
    return netns.addAllWithSysctls(namespaces, settings(), loopbackUp);
  }

  /** As {@link #makeRouter}, its loopback up and labelled {@code loopbackAlias} when given. */
  static void makeRouter(Netns netns, String namespace, java.util.Optional<String> loopbackAlias) {
    netns.addWithSysctls(namespace, settings(), true, loopbackAlias);
  }

  private static java.util.List<String> settings() {
    java.util.List<String> settings = new java.util.ArrayList<>();
    for (int i = 0; i < KEYS.size(); i++) {
      settings.add(KEYS.get(i) + "=" + VALUES.get(i));
    }
    if (KERNEL_HAS_IPV6) {
      settings.addAll(NO_DAD);
    }
    return settings;
  }

  /**
   * No duplicate address detection in the namespace, written before any interface exists there so
   * every interface made later (eth0, the VPC's bridges, a node's pod bridge) inherits it. A
   * dual-stack instance gets its IPv6 address after eth0 is up, and a dual-stack subnet's bridge
   * after it was made for IPv4; with DAD on, their link-local addresses stay tentative for up to ~2
   * s after they come up, and while they are the kernel sends no neighbour solicitation for a
   * forwarded packet (it needs a usable link-local source), so pod-to-pod IPv6 across zones failed
   * for the first seconds after {@code update --yes} (seen in CI once update and validate got
   * faster). Only the defaults are written, not read back: {@link #isRouter} checks forwarding.
   */
  private static final java.util.List<String> NO_DAD =
      java.util.List.of("net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0");

  /** A kernel booted with {@code ipv6.disable=1} has no IPv6 sysctls in any namespace. */
  private static final boolean KERNEL_HAS_IPV6 =
      java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/sys/net/ipv6"));

  /**
   * True when the namespace forwards as {@link #router} set it up. A namespace made by a run that
   * was killed before its sysctls were written exists but does not forward; the handlers read this
   * so the next run finishes the job instead of taking the namespace as done.
   */
  static boolean isRouter(NetnsIp ip) {
    java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("sysctl", "-n"));
    argv.addAll(KEYS);
    var r =
        ip.exec(
            "read forwarding sysctls",
            java.time.Duration.ofSeconds(10),
            argv.toArray(String[]::new));
    return r.exitCode() == 0
        && r.stdout().strip().lines().map(String::strip).toList().equals(VALUES);
  }
}
