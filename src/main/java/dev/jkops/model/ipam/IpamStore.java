package dev.jkops.model.ipam;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.jkops.api.Cidr;
import dev.jkops.api.Ipv6Cidr;
import dev.jkops.api.YamlTreeWriter;
import dev.jkops.api.store.StateStore;
import dev.jkops.model.ModelException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps a cluster's pod range allocations in its state store at {@code
 * <cluster>/ipam/pod-ranges.yaml}, so that a rerun of update hands every node the range it had. The
 * file is a small YAML map: {@code podRanges: {nodes-1: 100.96.1.0/24, ...}}, and for an IPv6 local
 * cluster {@code ipv6NodePrefixes: {nodes-1: "fd01:2345:6789:ab01:1::/80", ...}} beside it (written
 * only when there is one, so an IPv4 cluster's file is as it always was).
 */
public final class IpamStore {
  /**
   * The file's writer: a YAML generator walked over the document's tree, with no mapper (making one
   * initialises Jackson's databind, ~30 ms of a cold JVM's first update); reading it (every {@code
   * get networking}) with SnakeYAML alone keeps Jackson out of read-only commands.
   */
  private static final class Writer {
    static final YAMLFactory YAML =
        YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build();
  }

  private final StateStore store;

  public IpamStore(StateStore store) {
    this.store = store;
  }

  public static String path(String clusterName) {
    return clusterName + "/ipam/pod-ranges.yaml";
  }

  /** The stored allocations, or an empty state for a cluster that has none yet. */
  public IpamState load(String clusterName) {
    Optional<byte[]> bytes = store.read(path(clusterName));
    if (bytes.isEmpty()) {
      return IpamState.empty();
    }
    try {
      Object parsed =
          new org.yaml.snakeyaml.Yaml(
                  new org.yaml.snakeyaml.constructor.SafeConstructor(
                      new org.yaml.snakeyaml.LoaderOptions()))
              .load(new String(bytes.get(), StandardCharsets.UTF_8));
      if (parsed != null && !(parsed instanceof Map)) {
        throw new IllegalArgumentException("its top level is not a map");
      }
      Map<?, ?> doc = (Map<?, ?>) parsed;
      Object ranges = doc == null ? null : doc.get("podRanges");
      Map<String, Cidr> out = new LinkedHashMap<>();
      if (ranges instanceof Map<?, ?> m) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
          out.put(String.valueOf(e.getKey()), Cidr.parse(String.valueOf(e.getValue())));
        }
      }
      Object prefixes = doc == null ? null : doc.get("ipv6NodePrefixes");
      Map<String, Ipv6Cidr> v6 = new LinkedHashMap<>();
      if (prefixes instanceof Map<?, ?> m) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
          v6.put(String.valueOf(e.getKey()), Ipv6Cidr.parse(String.valueOf(e.getValue())));
        }
      }
      return new IpamState(out, v6);
    } catch (org.yaml.snakeyaml.error.YAMLException | IllegalArgumentException e) {
      throw new ModelException(
          store.location()
              + "/"
              + path(clusterName)
              + " is not a valid pod range"
              + " file ("
              + e.getMessage()
              + "); restore it from a backup or delete it to reallocate",
          e);
    }
  }

  /** Writes the allocations; a state equal to the stored one is not rewritten. */
  public void save(String clusterName, IpamState state) {
    if (load(clusterName).equals(state)) {
      return;
    }
    store.write(path(clusterName), serialise(state));
  }

  static byte[] serialise(IpamState state) {
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    ObjectNode ranges = doc.putObject("podRanges");
    state.podRanges().forEach((k, v) -> ranges.put(k, v.toString()));
    if (!state.ipv6NodePrefixes().isEmpty()) {
      ObjectNode prefixes = doc.putObject("ipv6NodePrefixes");
      state.ipv6NodePrefixes().forEach((k, v) -> prefixes.put(k, v.toString()));
    }
    return YamlTreeWriter.write(doc, Writer.YAML).getBytes(StandardCharsets.UTF_8);
  }
}
