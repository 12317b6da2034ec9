package dev.jkops.cloud.local.validate;

import dev.jkops.cloud.local.kernel.NamespaceName;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The two Perl programs validate runs inside probe namespaces, from jkops' jar: the probe agent
 * (one per sender, {@link KernelProbeRunner}) and the probe server (one per server pod, {@link
 * ProbeServers}). Each is given to {@code perl -e} whole, so nothing is written to disk.
 */
final class ProbePrograms {
  static final String AGENT = read("probe-agent.pl");
  static final String SERVER = read("probe-server.pl");

  private ProbePrograms() {}

  /**
   * The argv that runs {@code program} with {@code args} inside the jkops namespace {@code netns}.
   */
  static List<String> inNamespace(String netns, String program, String... args) {
    List<String> argv =
        new ArrayList<>(List.of("ip", "netns", "exec", NamespaceName.require(netns), "perl", "-e"));
    argv.add(program);
    argv.addAll(List.of(args));
    return List.copyOf(argv);
  }

  private static String read(String name) {
    String resource = "/probes/" + name;
    try (InputStream in = ProbePrograms.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from jkops' jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource + " from jkops' jar", e);
    }
  }
}
