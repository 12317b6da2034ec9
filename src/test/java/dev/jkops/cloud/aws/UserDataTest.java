package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterDefaults;
import dev.jkops.api.CreateClusterOptions;
import dev.jkops.api.InstanceGroup;
import dev.jkops.model.ClusterCompletion;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.ipam.IpamState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The launch templates' user data is a script a real instance can run: shellcheck (the Debian
 * package scripts/setup installs) finds nothing in it, and bash runs it to the end in a private
 * mount namespace whose {@code /etc} is an empty tmpfs, so it must create every directory it writes
 * to (before, it wrote {@code /etc/jkops/networking.env} under errexit without creating {@code
 * /etc/jkops}). Without shellcheck, or without root for the namespace, the test skips and says why;
 * on CI ({@code CI=true}) it fails instead.
 */
class UserDataTest {
  @TempDir Path dir;

  static Stream<String> clusters() {
    List<String> out = new ArrayList<>(AwsCases.names().stream().map(n -> "case:" + n).toList());
    // kops HEAD's IPv6 cases (shared/peer/kops-current)
    out.add("case:minimal-ipv6-calico@HEAD");
    out.add("case:minimal-ipv6-cilium@HEAD");
    for (String mode :
        List.of(
            "kubenet",
            "cni",
            "kopeio",
            "weave",
            "flannel",
            "calico",
            "canal",
            "romana",
            "external")) {
      out.add("mode:" + mode);
    }
    return out.stream();
  }

  static ClusterBundle bundle(String spec) {
    if (spec.startsWith("case:")) {
      return AwsCases.bundle(spec.substring(5));
    }
    String mode = spec.substring(5);
    List<String> zones = List.of("us-test-1a", "us-test-1b");
    return ClusterDefaults.create(
        CreateClusterOptions.builder(mode + ".example.com", zones)
            .cloud("aws")
            .networking(mode)
            .nodeCount(2)
            .build());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clusters")
  void userDataIsShellcheckCleanAndRunsOnAnEmptyEtc(String spec) throws Exception {
    ClusterBundle stored = bundle(spec);
    ClusterBundle bundle =
        new ClusterBundle(ClusterCompletion.complete(stored), stored.instanceGroups());
    AwsCluster cluster = AwsCluster.of(bundle);
    NetworkPlan plan = NetworkPlanner.plan(bundle, IpamState.empty());
    List<AwsResource> resources = AwsResources.build(cluster, plan);
    List<LaunchTemplate> templates =
        resources.stream()
            .filter(r -> r instanceof LaunchTemplate)
            .map(r -> (LaunchTemplate) r)
            .toList();
    assertThat(templates).isNotEmpty();
    for (LaunchTemplate lt : templates) {
      Path script = dir.resolve(lt.name() + ".sh");
      Files.writeString(script, lt.userData());
      Result check =
          run(List.of(tool("shellcheck"), "--shell=bash", "--severity=style", script.toString()));
      assertThat(check.code())
          .as("shellcheck of %s's user data:\n%s\n%s", lt.name(), check.output(), lt.userData())
          .isZero();

      Path out = Files.createDirectories(dir.resolve(lt.name() + "-etc"));
      // A private mount namespace: /etc is an empty tmpfs there, copied out before the namespace
      // ends.
      String inner =
          "mount -t tmpfs tmpfs /etc && bash " + script + " && cp -a /etc/. " + out + "/";
      Result ran =
          run(List.of(tool("unshare"), "--mount", "--propagation", "private", "sh", "-c", inner));
      assertThat(ran.code())
          .as("bash ran %s's user data on an empty /etc:\n%s", lt.name(), ran.output())
          .isZero();
      String env = Files.readString(out.resolve("jkops/networking.env"));
      assertThat(env).contains("NETWORKING_MODE=").contains("POD_CIDR=").contains("SERVICE_CIDR=");
      // every range the node reads is a range (an IPv6 cluster's IPv4 ranges once read "null")
      assertThat(env).as("%s's networking.env", lt.name()).doesNotContain("null");
      if (bundle.cluster().spec().isIpv6Only()) {
        assertThat(env.lines())
            .as("%s's networking.env on an IPv6 cluster", lt.name())
            .contains(
                "IP_FAMILY=ipv6",
                "POD_CIDR=::/0",
                "NON_MASQUERADE_CIDR=::/0",
                "SERVICE_CIDR=" + ClusterDefaults.IPV6_SERVICE_CLUSTER_IP_RANGE);
      }
      // The node configuration published for the group lists exactly what the script wrote, and
      // sha256sum, given the published object beside the hash the script left, confirms it.
      InstanceGroup ig =
          bundle.instanceGroups().stream()
              .filter(g -> g.name().equals(lt.instanceGroup()))
              .findFirst()
              .orElseThrow();
      Optional<NodeConfigDocument> published = UserData.nodeConfig(cluster, plan, ig);
      assertThat(published.isPresent()).isEqualTo(!ig.spec().isBastion());
      if (published.isPresent()) {
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(published.get().content());
        List<String> listed = new ArrayList<>();
        for (JsonNode f : doc.path("files")) {
          String path = f.path("path").asText();
          listed.add(path);
          assertThat(Files.readString(out.resolve(path.substring("/etc/".length()))))
              .as("%s as the published configuration lists it", path)
              .isEqualTo(f.path("content").asText());
        }
        try (Stream<Path> written = Files.walk(out)) {
          assertThat(
                  written
                      .filter(Files::isRegularFile)
                      .map(p -> "/etc/" + out.relativize(p))
                      .filter(p -> !p.equals(UserData.HASH_FILE)))
              .as("every file the user data writes is in the published configuration")
              .containsExactlyInAnyOrderElementsOf(listed);
        }
        Path jkopsDir = out.resolve("jkops");
        Files.writeString(jkopsDir.resolve("nodeupconfig.yaml"), published.get().content());
        Result sum =
            run(
                List.of(
                    "sh",
                    "-c",
                    "cd " + jkopsDir + " && sha256sum --check --strict nodeupconfig.yaml.sha256"));
        assertThat(sum.code()).as("sha256sum --check: %s", sum.output()).isZero();
      }
      if (lt.userData().contains("/etc/cni/net.d/")) {
        try (Stream<Path> cni = Files.list(out.resolve("cni/net.d"))) {
          assertThat(cni.map(p -> p.getFileName().toString()))
              .allMatch(n -> n.endsWith(".template"))
              .isNotEmpty();
        }
      }
    }
  }

  record Result(int code, String output) {}

  private static String tool(String name) {
    for (String d : List.of("/usr/bin", "/bin", "/usr/sbin", "/usr/local/bin")) {
      if (Files.isExecutable(Path.of(d, name))) {
        return d + "/" + name;
      }
    }
    String reason =
        name + " is not installed (scripts/setup installs shellcheck; unshare is util-linux)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException("CI must check the user data, but " + reason);
    }
    System.out.println("SKIPPED: " + reason);
    Assumptions.abort(reason);
    throw new AssertionError("unreachable");
  }

  private static Result run(List<String> cmd) throws IOException, InterruptedException {
    if (cmd.get(0).endsWith("unshare") && !"root".equals(System.getProperty("user.name"))) {
      String reason = "running the user data needs root for a private mount namespace";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException("CI must run the user data, but " + reason);
      }
      Assumptions.abort(reason);
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", cmd) + " took over 60 s");
    }
    return new Result(p.exitValue(), output);
  }
}
