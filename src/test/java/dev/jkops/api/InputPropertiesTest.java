package dev.jkops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.jkops.api.store.ClusterStore;
import dev.jkops.api.store.FileStateStore;
import dev.jkops.api.store.StateStoreException;
import dev.jkops.testing.Property;
import dev.jkops.testing.SpecMutations;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Properties of the parsers every user input goes through: the YAML loader, the CIDR parser and the
 * name checks. Whatever the input, the answer is a value or an error that says what is wrong; never
 * an unexpected exception (which the CLI would report as an internal error).
 */
class InputPropertiesTest {
  static final int TRIES = Property.tries(400);

  @TempDir Path dir;

  @Test
  void theYamlLoaderAnswersGarbageWithASpecError() {
    Property.forAll(
        "YAML loader on garbage",
        TRIES,
        r -> r.nextBoolean() ? Property.byteGarbage(r, 400) : SpecMutations.yamlish(r),
        text -> loadOrSpecError(text));
  }

  @Test
  void theYamlLoaderAnswersMutatedSpecsWithASpecOrAValidationResult() {
    List<String> seeds = SpecMutations.seedSpecs();
    assertThat(seeds).hasSizeGreaterThanOrEqualTo(5);
    Property.forAll(
        "YAML loader on mutated specs",
        TRIES,
        r -> SpecMutations.mutate(r, Property.oneOf(r, seeds)),
        text -> {
          YamlCodec.Documents docs = loadOrSpecError(text);
          if (docs != null && docs.clusters().size() == 1) {
            try {
              ClusterValidator.check(
                  new ClusterBundle(docs.clusters().get(0), docs.instanceGroups()));
            } catch (ApiException expected) {
              assertThat(expected.getMessage()).isNotBlank();
            }
          }
        });
  }

  private static YamlCodec.Documents loadOrSpecError(String text) {
    try {
      return YamlCodec.read(text, "fuzz.yaml");
    } catch (ApiException e) {
      assertThat(e.getMessage()).as("a spec error names the file").contains("fuzz.yaml");
      return null;
    } catch (RuntimeException e) {
      fail("the YAML loader threw " + e + " instead of a spec error", e);
      return null;
    }
  }

  @Test
  void theCidrParserAcceptsExactlyDottedQuadsWithAPrefixAndNoHostBits() {
    Property.forAll(
        "CIDR parser on garbage",
        TRIES,
        r ->
            switch (r.nextInt(3)) {
              case 0 -> Property.asciiGarbage(r, 24);
              case 1 -> Property.token(r);
              default ->
                  SpecMutations.mutateCidr(r, r.nextInt(256) + "." + r.nextInt(256) + ".0.0/16");
            },
        text -> {
          try {
            Cidr c = Cidr.parse(text);
            assertThat(Cidr.parse(c.toString())).isEqualTo(c);
            assertThat(text.trim()).matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}/\\d{1,2}");
          } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
          }
        });
    Property.forAll(
        "CIDR parser round trip",
        TRIES,
        r -> {
          int prefix = r.nextInt(33);
          long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
          return new Cidr(r.nextLong() & 0xFFFFFFFFL & mask, prefix);
        },
        c -> {
          assertThat(Cidr.parse(c.toString())).isEqualTo(c);
          if (c.prefix() < 32) {
            String hostBit = Cidr.formatAddress(c.network() | 1) + "/" + c.prefix();
            assertThatThrownBy(() -> Cidr.parse(hostBit)).hasMessageContaining("did you mean " + c);
          }
        });
  }

  @Test
  void namesThatCouldEscapeTheirPlaceAreRefusedBeforeTheyBecomePaths() {
    FileStateStore store = new FileStateStore(dir.resolve("state"));
    ClusterStore clusters = new ClusterStore(store);
    Property.forAll(
        "hostile names",
        TRIES,
        SpecMutations::hostileName,
        name -> {
          assertThat(ClusterNameRules.problems("metadata.name", name))
              .as("api ClusterNameRules")
              .isNotEmpty();
          assertThatThrownBy(() -> ClusterStore.checkName("cluster", name))
              .isInstanceOf(StateStoreException.class)
              .hasMessageContaining("name");
          assertThatThrownBy(() -> clusters.exists(name)).isInstanceOf(StateStoreException.class);
        });
    Property.forAll(
        "DNS names",
        TRIES,
        SpecMutations::dnsName,
        name -> {
          assertThat(ClusterNameRules.problems("metadata.name", name)).isEmpty();
          ClusterStore.checkName("cluster", name);
        });
    assertThat(dir.resolve("state")).doesNotExist();
  }
}
