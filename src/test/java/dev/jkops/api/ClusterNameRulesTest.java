package dev.jkops.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterNameRulesTest {

  @ParameterizedTest
  @ValueSource(strings = {"minimal.example.com", "a", "k8s-1.example.com", "x.y.z"})
  void acceptsDnsNames(String name) {
    assertThat(ClusterNameRules.problems("metadata.name", name)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../etc",
        "a/b.example.com",
        "a..b",
        "a b.example.com",
        "a;rm -rf.com",
        "$(id).com",
        "-a.example.com",
        "a-.example.com",
        ".example.com",
        "example.com.",
        "Upper.Example.com",
        "a_b.com"
      })
  void refusesNamesThatAreNotDnsNamesBeforeTheyBecomePaths(String name) {
    List<FieldError> errors = ClusterNameRules.problems("metadata.name", name);
    assertThat(errors)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.path()).isEqualTo("metadata.name");
              assertThat(e.type()).isEqualTo(FieldError.Type.INVALID);
              assertThat(e.detail()).containsAnyOf("use a DNS name", "use ");
            });
  }

  @Test
  void refusesALabelLongerThan63AndANameLongerThan253() {
    assertThat(ClusterNameRules.problems("metadata.name", "a".repeat(63) + ".com")).isEmpty();
    assertThat(ClusterNameRules.problems("metadata.name", "a".repeat(64) + ".com"))
        .singleElement()
        .satisfies(e -> assertThat(e.detail()).contains("at most 63"));
    String long254 = ("a".repeat(62) + ".").repeat(4) + "ab";
    assertThat(long254).hasSize(254);
    assertThat(ClusterNameRules.problems("metadata.name", long254))
        .singleElement()
        .satisfies(e -> assertThat(e.detail()).contains("at most 253"));
  }

  @Test
  void requiresAName() {
    assertThat(ClusterNameRules.problems("metadata.name", " "))
        .singleElement()
        .satisfies(e -> assertThat(e.type()).isEqualTo(FieldError.Type.REQUIRED));
    assertThat(ClusterNameRules.problems("metadata.name", null)).hasSize(1);
  }
}
