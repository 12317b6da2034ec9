package dev.jkops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The local cloud baseline replays the traced run's changes, batched, in its own namespaces, and no
 * reads.
 */
class TraceReplayTest {
  private static final String TRACE =
      """
      {"startMs":0,"ms":3,"exit":0,"argv":["ip","netns","add","jk-abc123-vpc"],"env":{}}
      {"startMs":1,"ms":2,"exit":0,"argv":["ip","-batch","-"],"env":{},"stdin":"netns add jk-abc123-n1\\n"}
      {"startMs":3,"ms":2,"exit":0,"argv":["ip","-n","jk-abc123-vpc","link","set","lo","up"],"env":{}}
      {"startMs":5,"ms":2,"exit":0,"argv":["ip","-n","jk-abc123-vpc","-j","-d","link","show"],"env":{}}
      {"startMs":7,"ms":2,"exit":0,"argv":["ip","-n","jk-abc123-vpc","link","add","br-a","mtu","1500","type","bridge"],"env":{}}
      {"startMs":9,"ms":2,"exit":0,"argv":["ip","-n","jk-abc123-vpc","link","set","br-a","alias","jk subnet=a"],"env":{}}
      {"startMs":11,"ms":2,"exit":1,"argv":["ip","-n","jk-abc123-vpc","route","del","10.0.0.0/24"],"env":{}}
      {"startMs":13,"ms":2,"exit":0,"argv":["ip","-n","jk-abc123-n1","-batch","-"],"env":{},"stdin":"addr replace 10.0.0.5/24 dev eth0\\nlink set eth0 up\\n"}
      {"startMs":14,"ms":2,"exit":0,"argv":["ip","-n","jk-abc123-vpc","-batch","-"],"env":{},"stdin":"link add p1 type veth peer name eth0 netns jk-abc123-n1\\nlink set p1 alias \\"jk instance=n1 address=10.0.0.5\\"\\n"}
      {"startMs":15,"ms":2,"exit":0,"argv":["ip","netns","exec","jk-abc123-vpc","sysctl","-qw","net.ipv4.ip_forward=1"],"env":{}}
      {"startMs":17,"ms":2,"exit":0,"argv":["ip","netns","exec","jk-abc123-n1","nft","-f","-"],"env":{},"stdin":"table inet jk-sg {}\\n"}
      {"startMs":19,"ms":2,"exit":0,"argv":["ip","netns","exec","jk-abc123-n1","nft","-j","list","tables"],"env":{}}
      {"startMs":21,"ms":9,"exit":0,"argv":["ip","netns","exec","jk-abc123-n1","/usr/lib/cni/bridge"],"env":{"CNI_COMMAND":"ADD","CNI_NETNS":"/run/netns/jk-abc123-p-x"},"stdin":"{\\"dataDir\\":\\"/var/lib/jkops/abc123/nodes/n1/ipam\\"}"}
      """;

  @Test
  void changesAreBatchedPerNamespaceAndReadsDropped() {
    String s =
        TraceReplay.script(
            TraceReplay.parse(TRACE), "abc123", "be0001", "/var/lib/jkops/abc123", "/tmp/b/be0001");
    // namespaces made one by one and together (ip -batch) alike
    assertThat(s)
        .contains("ip -batch - <<'EOF'\nnetns add jk-be0001-vpc\nnetns add jk-be0001-n1\nEOF\n");
    assertThat(s)
        .contains(
            "ip -n jk-be0001-vpc -batch - <<'EOF'\nlink add br-a mtu 1500 type bridge\n"
                + "link add p1 type veth peer name eth0 netns jk-be0001-n1\nEOF\n");
    assertThat(s)
        .contains(
            "ip -n jk-be0001-vpc -batch - <<'EOF'\nlink set lo up\nlink set br-a alias \"jk subnet=a\"\n"
                + "link set p1 alias \"jk instance=n1 address=10.0.0.5\"\nEOF\n");
    assertThat(s)
        .contains(
            "ip -n jk-be0001-n1 -batch - <<'EOF'\naddr replace 10.0.0.5/24 dev eth0\nlink set eth0 up\nEOF\n");
    assertThat(s).contains("ip netns exec jk-be0001-vpc sysctl -qw net.ipv4.ip_forward=1\n");
    assertThat(s).contains("ip netns exec jk-be0001-n1 nft -f \"$dir/nft-0.nft\"");
    assertThat(s)
        .contains("CNI_NETNS='/run/netns/jk-be0001-p-x'")
        .contains("/usr/lib/cni/bridge < \"$dir/cni-1.json\"");
    assertThat(s).contains("\"dataDir\":\"/tmp/b/be0001/nodes/n1/ipam\"");
    assertThat(s)
        .doesNotContain("abc123")
        .doesNotContain("show")
        .doesNotContain("list tables")
        .doesNotContain("route del");
    // Links before anything refers to them: every link add precedes the other changes.
    assertThat(s.indexOf("link add br-a")).isLessThan(s.indexOf("alias"));
    assertThat(TraceReplay.namespaces(s)).containsExactly("jk-be0001-vpc", "jk-be0001-n1");
  }

  @Test
  void namespacesMadeWithTheirSysctlsInOneRootBatchAreReplayedWithEveryKey() {
    String trace =
        """
        {"startMs":0,"ms":3,"exit":0,"argv":["ip","-batch","-"],"env":{},"stdin":"netns add jk-abc123-vpc\\nnetns exec jk-abc123-vpc sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0\\nnetns exec jk-abc123-vpc ip link set lo up\\n"}
        {"startMs":3,"ms":2,"exit":0,"argv":["ip","netns","exec","jk-abc123-n1","sysctl","-qw","net.ipv4.ip_forward=1","net.ipv4.conf.default.rp_filter=0"],"env":{}}
        """;
    String s =
        TraceReplay.script(
            TraceReplay.parse(trace), "abc123", "be0001", "/var/lib/jkops/abc123", "/tmp/b/be0001");
    assertThat(s).contains("ip -batch - <<'EOF'\nnetns add jk-be0001-vpc\nEOF\n");
    assertThat(s)
        .contains(
            "ip netns exec jk-be0001-vpc sysctl -qw net.ipv4.ip_forward=1"
                + " net.ipv4.conf.all.rp_filter=0\n")
        .contains(
            "ip netns exec jk-be0001-n1 sysctl -qw net.ipv4.ip_forward=1"
                + " net.ipv4.conf.default.rp_filter=0\n")
        .contains("ip -n jk-be0001-vpc -batch - <<'EOF'\nlink set lo up\nEOF\n");
  }

  @Test
  void inParallelEachStepRunsItsNamespacesAtOnceAndIsWaitedFor() throws Exception {
    String trace =
        TRACE
            + """
            {"startMs":31,"ms":2,"exit":0,"argv":["ip","-n","jk-abc123-n1","link","add","cbr0","type","bridge"],"env":{}}
            {"startMs":33,"ms":2,"exit":0,"argv":["ip","netns","exec","jk-abc123-n1","sysctl","-qw","net.ipv4.ip_forward=1"],"env":{}}
            """;
    List<TraceReplay.Traced> t = TraceReplay.parse(trace);
    String s =
        TraceReplay.script(t, "abc123", "be0001", "/var/lib/jkops/abc123", "/tmp/b/be0001", true);
    String vpcLinks = "ip -n jk-be0001-vpc -batch - <<'EOF'\nlink add br-a";
    // the veth's end must be in n1 before n1's own links and addresses: alone, not in the
    // background
    assertThat(s).contains(vpcLinks).doesNotContain(vpcLinks.replace(" <<'EOF'", " <<'EOF' &"));
    // both namespaces' other changes and sysctls at once, each step waited for before the next
    assertThat(s)
        .contains("ip -n jk-be0001-vpc -batch - <<'EOF' &\nlink set lo up\n")
        .contains("ip -n jk-be0001-n1 -batch - <<'EOF' &\naddr replace 10.0.0.5/24 dev eth0\n")
        .contains("ip netns exec jk-be0001-vpc sysctl -qw net.ipv4.ip_forward=1 &\npids+=($!)\n")
        .contains("ip netns exec jk-be0001-n1 sysctl -qw net.ipv4.ip_forward=1 &\npids+=($!)\n");
    assertThat(s.indexOf("for p in \"${pids[@]}\"; do wait \"$p\"; done"))
        .isGreaterThan(s.indexOf("addr replace"))
        .isLessThan(s.indexOf("sysctl"));
    // the same changes as one at a time, and a script bash accepts
    assertThat(s.replace(" &\n", "\n").replaceAll("pids\\+?=\\(.*\\)\\n|for p in .*\\n", ""))
        .isEqualTo(
            TraceReplay.script(t, "abc123", "be0001", "/var/lib/jkops/abc123", "/tmp/b/be0001"));
    java.nio.file.Path f = java.nio.file.Files.createTempFile("replay", ".sh");
    try {
      java.nio.file.Files.writeString(f, s);
      Process bash =
          new ProcessBuilder("bash", "-n", f.toString()).redirectErrorStream(true).start();
      String out = new String(bash.getInputStream().readAllBytes());
      assertThat(bash.waitFor()).as(out).isZero();
    } finally {
      java.nio.file.Files.delete(f);
    }
  }

  @Test
  void idsMustKeepTheirLength() {
    assertThatThrownBy(() -> TraceReplay.script(List.of(), "abc123", "b1", "/a", "/b"))
        .hasMessageContaining("same length");
  }

  @Test
  void readsAreRecognisedWhateverTheirOptions() {
    assertThat(TraceReplay.isRead(List.of("-4", "route", "show", "table", "100"))).isTrue();
    assertThat(TraceReplay.isRead(List.of("-j", "link", "show"))).isTrue();
    assertThat(TraceReplay.isRead(List.of("route", "replace", "10.0.0.0/24", "via", "10.0.0.1")))
        .isFalse();
  }
}
