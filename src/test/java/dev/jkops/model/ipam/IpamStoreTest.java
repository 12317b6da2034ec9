package dev.jkops.model.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.Cidr;
import dev.jkops.api.store.FileStateStore;
import dev.jkops.model.ModelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IpamStoreTest {
  @TempDir Path dir;

  @Test
  void aRerunReadsBackTheSameAllocations() {
    FileStateStore store = new FileStateStore(dir);
    IpamState s =
        new PodRangeAllocator(Cidr.parse("100.96.0.0/11"), 24)
            .allocate(IpamState.empty(), List.of("n1", "n2"));
    new IpamStore(store).save("c.example.com", s);
    assertThat(new IpamStore(new FileStateStore(dir)).load("c.example.com")).isEqualTo(s);
    assertThat(
            new String(
                store.read("c.example.com/ipam/pod-ranges.yaml").orElseThrow(),
                StandardCharsets.UTF_8))
        .contains("n1: \"100.96.0.0/24\"")
        .contains("n2: \"100.96.1.0/24\"");
  }

  @Test
  void ipv6NodePrefixesAreKeptBesideThePodRangesAndAnIpv4FileIsUnchanged() {
    FileStateStore store = new FileStateStore(dir);
    IpamState v4 = new IpamState(Map.of("n1", Cidr.parse("100.96.0.0/24")));
    assertThat(new String(IpamStore.serialise(v4), StandardCharsets.UTF_8))
        .isEqualTo("podRanges:\n  n1: \"100.96.0.0/24\"\n");
    IpamState v6 =
        IpamState.empty()
            .withIpv6NodePrefixes(
                Map.of("n1", dev.jkops.api.Ipv6Cidr.parse("fd01:2345:6789:ab01:1::/80")));
    new IpamStore(store).save("c.example.com", v6);
    assertThat(new IpamStore(new FileStateStore(dir)).load("c.example.com")).isEqualTo(v6);
    assertThat(
            new String(
                store.read("c.example.com/ipam/pod-ranges.yaml").orElseThrow(),
                StandardCharsets.UTF_8))
        .contains("ipv6NodePrefixes:\n  n1: \"fd01:2345:6789:ab01:1::/80\"");
  }

  @Test
  void theFileIsTheTextJacksonsMapperWroteForTheSameDocument() throws Exception {
    IpamState state =
        new IpamState(
                new java.util.TreeMap<>(
                    Map.of(
                        "nodes-zone-a-1", Cidr.parse("100.96.1.0/24"),
                        "control-plane-zone-a-1", Cidr.parse("100.96.0.0/24"),
                        "nodes-zone-b-10", Cidr.parse("100.96.10.0/24"))))
            .withIpv6NodePrefixes(
                Map.of(
                    "nodes-zone-a-1", dev.jkops.api.Ipv6Cidr.parse("fd01:2345:6789:ab01:1::/80")));
    Map<String, Object> doc = new java.util.LinkedHashMap<>();
    Map<String, String> ranges = new java.util.LinkedHashMap<>();
    state.podRanges().forEach((k, v) -> ranges.put(k, v.toString()));
    doc.put("podRanges", ranges);
    Map<String, String> prefixes = new java.util.LinkedHashMap<>();
    state.ipv6NodePrefixes().forEach((k, v) -> prefixes.put(k, v.toString()));
    doc.put("ipv6NodePrefixes", prefixes);
    // the mapper that wrote the file before: the reference for the generator walked without one
    String jackson =
        new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()
                    .disable(
                        com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature
                            .WRITE_DOC_START_MARKER))
            .writeValueAsString(doc);
    assertThat(new String(IpamStore.serialise(state), StandardCharsets.UTF_8)).isEqualTo(jackson);
  }

  @Test
  void aClusterWithNoFileStartsEmpty() {
    assertThat(new IpamStore(new FileStateStore(dir)).load("new.example.com"))
        .isEqualTo(IpamState.empty());
  }

  @Test
  void aDamagedFileIsAnErrorNamingItAndTheFix() {
    FileStateStore store = new FileStateStore(dir);
    store.write(
        "c.example.com/ipam/pod-ranges.yaml",
        "podRanges: {n1: not-a-cidr}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> new IpamStore(store).load("c.example.com"))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("pod-ranges.yaml")
        .hasMessageContaining("delete it");
  }

  @Test
  void savingAnUnchangedStateDoesNotRewriteTheFile() throws Exception {
    FileStateStore store = new FileStateStore(dir);
    IpamState s = new IpamState(Map.of("n1", Cidr.parse("100.96.0.0/24")));
    IpamStore ipam = new IpamStore(store);
    ipam.save("c.example.com", s);
    Path file = dir.resolve("c.example.com/ipam/pod-ranges.yaml");
    long before = java.nio.file.Files.getLastModifiedTime(file).toMillis();
    java.nio.file.Files.setLastModifiedTime(
        file, java.nio.file.attribute.FileTime.fromMillis(before - 100_000));
    ipam.save("c.example.com", s);
    assertThat(java.nio.file.Files.getLastModifiedTime(file).toMillis())
        .isEqualTo(before - 100_000);
  }

  @Test
  void aDamagedFileIsRefusedNamingItAndTheFix() {
    FileStateStore store = new FileStateStore(dir);
    for (String damaged :
        List.of("podRanges: {n1: [", "- just\n- a list\n", "podRanges:\n  n1: not-a-cidr\n")) {
      store.write("c.example.com/ipam/pod-ranges.yaml", damaged.getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(() -> new IpamStore(store).load("c.example.com"))
          .as(damaged)
          .isInstanceOf(ModelException.class)
          .hasMessageContaining("c.example.com/ipam/pod-ranges.yaml is not a valid pod range file")
          .hasMessageContaining("restore it from a backup or delete it to reallocate");
    }
    store.write("c.example.com/ipam/pod-ranges.yaml", new byte[0]);
    assertThat(new IpamStore(store).load("c.example.com")).isEqualTo(IpamState.empty());
  }
}
