package dev.jkops.cloud.local;

import dev.jkops.cloud.local.kernel.Command;
import dev.jkops.cloud.local.kernel.CommandResult;
import dev.jkops.cloud.local.kernel.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the local cloud needs from the machine, each check naming the Debian package that provides
 * it, so {@code jkops doctor} can print the one apt-get command that fixes everything.
 */
public final class Prerequisites {

  /** One check: what, whether it passed, what was found, and the package that provides it. */
  public record Check(String name, boolean ok, String detail, Optional<String> debianPackage) {}

  private record Tool(String name, List<String> paths, String pkg, String why) {}

  private static final List<Tool> TOOLS =
      List.of(
          new Tool(
              "iproute2",
              List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip"),
              "iproute2",
              "namespaces, links, routes"),
          new Tool(
              "bridge",
              List.of("/usr/sbin/bridge", "/sbin/bridge"),
              "iproute2",
              "VXLAN forwarding entries"),
          new Tool(
              "nftables",
              List.of("/usr/sbin/nft", "/sbin/nft"),
              "nftables",
              "security groups, source/dest check, NetworkPolicy"),
          new Tool(
              "sysctl",
              List.of("/usr/sbin/sysctl", "/sbin/sysctl"),
              "procps",
              "forwarding inside namespaces"),
          new Tool(
              "CNI bridge",
              List.of("/usr/lib/cni/bridge"),
              "containernetworking-plugins",
              "pod interfaces"),
          new Tool(
              "CNI host-local",
              List.of("/usr/lib/cni/host-local"),
              "containernetworking-plugins",
              "pod addresses"),
          new Tool(
              "CNI loopback",
              List.of("/usr/lib/cni/loopback"),
              "containernetworking-plugins",
              "pod loopback"),
          new Tool(
              "CNI portmap",
              List.of("/usr/lib/cni/portmap"),
              "containernetworking-plugins",
              "hostPort mappings"),
          new Tool(
              "iptables",
              List.of("/usr/sbin/iptables", "/sbin/iptables"),
              "iptables",
              "the portmap plugin's rules"),
          new Tool(
              "perl",
              List.of("/usr/bin/perl"),
              "perl-base",
              "validate's probe agent and probe servers"),
          new Tool(
              "etcd", List.of("/usr/bin/etcd"), "etcd-server", "the control plane's etcd members"));

  private final CommandRunner runner;

  public Prerequisites(CommandRunner runner) {
    this.runner = runner;
  }

  public static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.split("\\s+")[2].equals("0");
        }
      }
    } catch (IOException e) {
      // not Linux: not root in any sense that matters here
    }
    return false;
  }

  public List<Check> run() {
    List<Check> out = new ArrayList<>();
    boolean root = isRoot();
    out.add(
        new Check(
            "root",
            root,
            root ? "running as root" : "namespaces and links need root: run with sudo",
            Optional.empty()));
    for (Tool t : TOOLS) {
      Optional<Path> found =
          t.paths().stream().map(Path::of).filter(Files::isExecutable).findFirst();
      out.add(
          new Check(
              t.name(),
              found.isPresent(),
              found.map(p -> p + " (" + t.why() + ")").orElse("missing: needed for " + t.why()),
              Optional.of(t.pkg())));
    }
    if (root && out.stream().allMatch(Check::ok)) {
      out.add(kernelCheck());
    }
    return out;
  }

  /**
   * Proves the kernel can do what the data planes need, in a throwaway namespace removed at once.
   */
  Check kernelCheck() {
    String ns = "jk-doctor-" + ProcessHandle.current().pid();
    List<String> script =
        List.of(
            "ip netns add " + ns,
            "ip -n " + ns + " link add br0 type bridge",
            "ip -n " + ns + " link add veth0 type veth peer name veth1",
            "ip -n " + ns + " link add vx0 type vxlan id 1 dstport 8472 nolearning dev veth0",
            "ip netns exec " + ns + " nft add table bridge jk-doctor");
    String failed = null;
    try {
      for (String line : script) {
        CommandResult r =
            runner.run(
                Command.of("kernel check", List.of(line.split(" ")))
                    .withTimeout(Duration.ofSeconds(10)));
        if (!r.ok()) {
          failed = line + ": " + r.said();
          break;
        }
      }
    } finally {
      runner.run(Command.of("remove the check's namespace", List.of("ip", "netns", "delete", ns)));
    }
    return new Check(
        "kernel",
        failed == null,
        failed == null
            ? "network namespaces, veth, bridge, vxlan and nftables bridge filtering work"
            : "failed: " + failed,
        Optional.empty());
  }

  /** The apt-get command that installs every missing package, or empty when nothing is missing. */
  public static Optional<String> installCommand(List<Check> checks) {
    Set<String> pkgs = new LinkedHashSet<>();
    checks.stream().filter(c -> !c.ok()).forEach(c -> c.debianPackage().ifPresent(pkgs::add));
    return pkgs.isEmpty()
        ? Optional.empty()
        : Optional.of("apt-get update && apt-get install -y " + String.join(" ", pkgs));
  }
}
