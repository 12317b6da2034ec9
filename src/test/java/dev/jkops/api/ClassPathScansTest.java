package dev.jkops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import org.junit.jupiter.api.Test;

/** The selector provider jkops names is the one the JDK would have found after its search. */
class ClassPathScansTest {
  @Test
  void onLinuxTheJdksOwnEpollProviderIsNamedAndUnixSocketsStillOpen() throws Exception {
    assumeTrue(
        System.getProperty("os.name").equals("Linux"),
        "skipped: the property is set on Linux only, and this is " + System.getProperty("os.name"));
    String before = System.getProperty(ClassPathScans.SELECTOR_PROVIDER_PROPERTY);
    ClassPathScans.skipSelectorProviderSearch();
    // named as this JDK's own Linux provider, unless someone named another first
    assertThat(System.getProperty(ClassPathScans.SELECTOR_PROVIDER_PROPERTY))
        .isEqualTo(before == null ? ClassPathScans.EPOLL_PROVIDER : before);
    // the provider in use is the JDK's default: its epoll one (no jar here ships another)
    assertThat(SelectorProvider.provider().getClass().getName())
        .isEqualTo(ClassPathScans.EPOLL_PROVIDER);
    // and what the etcd client opens still opens
    try (SocketChannel unix = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      assertThat(unix.isOpen()).isTrue();
    }
  }
}
