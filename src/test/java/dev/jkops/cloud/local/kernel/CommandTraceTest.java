package dev.jkops.cloud.local.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JKOPS_COMMAND_TRACE: every command, its input and outcome, one JSON line each; and batched
 * sysctls.
 */
class CommandTraceTest {

  @Test
  void everyCommandIsRecordedWithItsInputAndExitCode(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("trace.jsonl");
    CommandRunner fake = c -> new CommandResult(c, c.argv().contains("fail") ? 2 : 0, "", "");
    CommandTrace trace = new CommandTrace(fake, file);
    trace.run(Command.of("list", List.of("ip", "-n", "jk-abc-vpc", "-j", "link", "show")));
    trace.run(
        Command.of("load", List.of("ip", "netns", "exec", "jk-abc-vpc", "nft", "-f", "-"))
            .withStdin("table inet t {}\n"));
    trace.run(
        Command.of(
                "cni", List.of("ip", "netns", "exec", "jk-abc-n1", "/usr/lib/cni/bridge", "fail"))
            .withEnv(Map.of("CNI_COMMAND", "ADD")));
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(3);
    ObjectMapper json = new ObjectMapper();
    JsonNode first = json.readTree(lines.get(0));
    assertThat(first.path("argv").toString())
        .isEqualTo("[\"ip\",\"-n\",\"jk-abc-vpc\",\"-j\",\"link\",\"show\"]");
    assertThat(first.path("exit").asInt()).isZero();
    assertThat(first.has("stdin")).isFalse();
    assertThat(first.path("ms").asDouble()).isGreaterThanOrEqualTo(0);
    assertThat(json.readTree(lines.get(1)).path("stdin").asText()).isEqualTo("table inet t {}\n");
    JsonNode third = json.readTree(lines.get(2));
    assertThat(third.path("exit").asInt()).isEqualTo(2);
    assertThat(third.path("env").path("CNI_COMMAND").asText()).isEqualTo("ADD");
    assertThat(third.path("startMs").asDouble())
        .isGreaterThanOrEqualTo(first.path("startMs").asDouble());
  }

  @Test
  void linesAreJsonWhateverTheCommandHolds() throws Exception {
    // written by jackson-core's generator (no databind mapper): quotes, newlines, backslashes and
    // non-ASCII must still come back as they went in
    String odd = "a \"quoted\" \\ line\nnext\ttab \u00e9\u2603";
    Command c =
        Command.of("odd", List.of("echo", odd)).withStdin(odd).withEnv(Map.of("K\"EY", odd));
    ObjectMapper json = new ObjectMapper();
    JsonNode line = json.readTree(CommandTrace.commandLine(1.5, 0.25, 3, c));
    assertThat(line.path("startMs").asDouble()).isEqualTo(1.5);
    assertThat(line.path("ms").asDouble()).isEqualTo(0.25);
    assertThat(line.path("exit").asInt()).isEqualTo(3);
    assertThat(line.path("argv").get(1).asText()).isEqualTo(odd);
    assertThat(line.path("stdin").asText()).isEqualTo(odd);
    assertThat(line.path("env").path("K\"EY").asText()).isEqualTo(odd);
    assertThat(line.path("thread").asText()).isEqualTo(Thread.currentThread().getName());
    String phase = CommandTrace.phaseLine("plan \"x\"", 1796574662390L);
    assertThat(phase).endsWith("}\n").doesNotContain("\n{");
    JsonNode p = json.readTree(phase);
    assertThat(p.path("phase").asText()).isEqualTo("plan \"x\"");
    assertThat(p.path("epochMs").asLong()).isEqualTo(1796574662390L);
  }

  @Test
  void sysctlsGoInOneProcessAndOnlyWellFormedOnes() {
    List<Command> ran = new ArrayList<>();
    NetnsIp ip =
        new NetnsIp(
            c -> {
              ran.add(c);
              return new CommandResult(c, 0, "", "");
            },
            "jk-abc-n1");
    ip.sysctls("router", List.of("net.ipv4.ip_forward=1", "net.ipv4.conf.all.rp_filter=0"));
    assertThat(ran)
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.argv())
                    .containsExactly(
                        "ip",
                        "netns",
                        "exec",
                        "jk-abc-n1",
                        "sysctl",
                        "-qw",
                        "net.ipv4.ip_forward=1",
                        "net.ipv4.conf.all.rp_filter=0"));
    assertThatThrownBy(() -> ip.sysctls("bad", List.of("net.ipv4.ip_forward=1; reboot")))
        .hasMessageContaining("not a sysctl key=value");
  }
}
