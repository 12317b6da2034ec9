package dev.jkops.api;

/**
 * Keeps the JDK from searching the whole class path for a provider jkops never ships. A lookup of a
 * resource that no jar holds opens every jar on the class path, and jkops has 77 of them (the AWS
 * SDK and fabric8's client, ~37,000 entries between them): the first such search cost ~60-90 ms of
 * CPU, in every JVM that made one (2026-12-07, docs/benchmarks.md, "classpath searches"). Later
 * searches find the jars open and cost little, so one search left on a path makes the others'
 * removal worth nothing there.
 */
public final class ClassPathScans {
  private ClassPathScans() {}

  /** The JDK's Linux selector provider, named as {@code SelectorProvider.provider()} reads it. */
  static final String EPOLL_PROVIDER = "sun.nio.ch.EPollSelectorProvider";

  static final String SELECTOR_PROVIDER_PROPERTY = "java.nio.channels.spi.SelectorProvider";

  /**
   * The first NIO channel (the etcd client's unix socket, the API server's listener) asks {@code
   * SelectorProvider.provider()}, which looks for a provider on the class path before it takes the
   * JDK's own, unless this property names one. On Linux the JDK's own is its epoll provider; the
   * property is set to it only where this JDK has that class and nobody has set the property, so a
   * JDK without it behaves as before. Call before the first channel is opened.
   */
  public static void skipSelectorProviderSearch() {
    if (System.getProperty(SELECTOR_PROVIDER_PROPERTY) != null
        || !System.getProperty("os.name", "").equals("Linux")) {
      return;
    }
    try {
      Class.forName(EPOLL_PROVIDER, false, null);
    } catch (ClassNotFoundException notThisJdk) {
      return;
    }
    System.setProperty(SELECTOR_PROVIDER_PROPERTY, EPOLL_PROVIDER);
  }
}
