package dev.jkops.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KubernetesVersionTest {

  @Test
  void readsVersionsAsKopsWritesThem() {
    assertThat(KubernetesVersion.parse("v1.32.0")).contains(new KubernetesVersion(1, 32, 0));
    assertThat(KubernetesVersion.parse("1.4.8")).contains(new KubernetesVersion(1, 4, 8));
    assertThat(KubernetesVersion.parse("1.24")).contains(new KubernetesVersion(1, 24, 0));
    assertThat(KubernetesVersion.parse("v1.36.0-alpha.1"))
        .contains(new KubernetesVersion(1, 36, 0));
  }

  @Test
  void refusesTextThatIsNotAVersion() {
    assertThat(KubernetesVersion.parse("latest")).isEmpty();
    assertThat(KubernetesVersion.parse("v1")).isEmpty();
    assertThat(KubernetesVersion.parse(null)).isEmpty();
  }

  @Test
  void comparesByMinorVersionNotText() {
    KubernetesVersion v = KubernetesVersion.parse("1.10.0").orElseThrow();
    assertThat(v.isAtLeast(1, 4)).isTrue();
    assertThat(v.isAtLeast(1, 24)).isFalse();
    assertThat(KubernetesVersion.parse("2.0").orElseThrow().isAtLeast(1, 24)).isTrue();
    assertThat(v).isGreaterThan(KubernetesVersion.parse("1.9.9").orElseThrow());
  }
}
