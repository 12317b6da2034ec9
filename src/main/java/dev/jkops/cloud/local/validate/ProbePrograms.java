package dev.jkops.cloud.local.validate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The two Perl programs validate runs inside probe namespaces, from jkops' jar: the probe agent
 * (one per sender, {@link KernelProbeRunner}) and the probe server (one per server pod, {@link
 * ProbeServers}). Each is given to {@code perl -e} whole, so nothing is written to disk.
 */
final class ProbePrograms {
  static final String AGENT = read("probe-agent.pl");
  static final String SERVER = read("probe-server.pl");

  private ProbePrograms() {}

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
