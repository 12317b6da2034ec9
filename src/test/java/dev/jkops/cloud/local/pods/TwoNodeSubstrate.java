package dev.jkops.cloud.local.pods;

import dev.jkops.api.Cidr;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.kernel.KernelRoute;
import dev.jkops.cloud.local.kernel.NetnsIp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Two node namespaces of the tests' own, joined by one veth and routing each other's pod range, as
 * kubenet's VPC routes would: enough to prove pods, CNI and policy without the VPC. Everything is
 * named {@code jk-<id>-...} and {@link #close()} deletes it by exact name.
 */
final class TwoNodeSubstrate implements AutoCloseable {
  static final Cidr RANGE_1 = Cidr.parse("100.96.1.0/24");
  static final Cidr RANGE_2 = Cidr.parse("100.96.2.0/24");
  static final List<Cidr> POD_ROUTES =
      List.of(Cidr.parse("100.64.0.0/10"), Cidr.parse("172.20.0.0/16"));

  final Kernel kernel = Kernel.system();
  final String id = "t" + Long.toHexString(System.nanoTime() & 0xfffff);
  final String prefix = "jk-" + id + "-";
  final Path runtime;
  final PodCluster cluster;

  TwoNodeSubstrate(boolean enforcePolicy, boolean classic) throws IOException {
    runtime = Files.createTempDirectory("jkops-pods-test");
    String n1 = prefix + "n1";
    String n2 = prefix + "n2";
    kernel.netns().add(n1);
    kernel.netns().add(n2);
    NetnsIp ip1 = kernel.ip(n1);
    NetnsIp ip2 = kernel.ip(n2);
    ip1.addVeth("eth0", n2, "eth0", 1500);
    ip1.addAddress("eth0", "172.20.32.10/24");
    ip2.addAddress("eth0", "172.20.32.11/24");
    ip1.setUp("eth0");
    ip2.setUp("eth0");
    ip1.sysctl("net.ipv4.ip_forward", "1");
    ip2.sysctl("net.ipv4.ip_forward", "1");
    ip1.replaceRoute(KernelRoute.via(RANGE_2.toString(), "172.20.32.11"));
    ip2.replaceRoute(KernelRoute.via(RANGE_1.toString(), "172.20.32.10"));
    if (classic) {
      for (var e : List.of(new Object[] {ip1, RANGE_1}, new Object[] {ip2, RANGE_2})) {
        NetnsIp ip = (NetnsIp) e[0];
        Cidr r = (Cidr) e[1];
        ip.addBridge("cbr0", 1500);
        ip.addAddress("cbr0", r.addressString(1) + "/24");
        ip.setUp("cbr0");
      }
    }
    cluster =
        new PodCluster(
            "test.example.com",
            runtime,
            List.of(
                site("n1", n1, "172.20.32.10", RANGE_1, "us-test-1a", classic),
                site("n2", n2, "172.20.32.11", RANGE_2, "us-test-1b", classic)),
            enforcePolicy,
            (ns, pod) -> prefix + "p-" + ns + "." + pod);
  }

  private NodeSite site(
      String name, String netns, String address, Cidr range, String zone, boolean classic) {
    PodAttachment attach =
        classic ? new PodAttachment.Cbr0("cbr0") : new PodAttachment.Cni(conflist(range));
    Path dir = runtime.resolve("nodes").resolve(name);
    return new NodeSite(
        name,
        "node",
        zone,
        netns,
        address,
        PodRange.parse(range.toString()),
        attach,
        1500,
        dir.resolve("ipam"),
        dir.resolve("network.log"),
        Set.of(address, range.addressString(1)),
        POD_ROUTES);
  }

  /**
   * The shape kops' kubenet conflist has, default route included: the pods code must confine it.
   */
  static String conflist(Cidr range) {
    return """
        {"cniVersion": "0.4.0", "name": "kubenet", "plugins": [
          {"type": "bridge", "bridge": "cbr0", "mtu": 1500, "isGateway": true, "ipMasq": false, "hairpinMode": true,
           "ipam": {"type": "host-local", "ranges": [[{"subnet": "%s", "gateway": "%s"}]],
                    "routes": [{"dst": "0.0.0.0/0"}]}},
          {"type": "portmap", "capabilities": {"portMappings": true}, "snat": true}]}
        """
        .formatted(range, range.addressString(1));
  }

  List<String> leftovers() {
    return kernel.netns().list(prefix);
  }

  @Override
  public void close() throws IOException {
    for (String ns : kernel.netns().list(prefix)) {
      dev.jkops.cloud.local.validate.ProbeServers.killAllIn(kernel.runner(), ns);
      kernel.netns().delete(ns);
    }
    try (var files = Files.walk(runtime)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
