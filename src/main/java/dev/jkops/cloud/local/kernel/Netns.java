package dev.jkops.cloud.local.kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Network namespaces: add, check, delete by exact name, and list those with a prefix. */
public final class Netns {
  /** Where {@code ip netns} keeps its named namespaces. */
  public static final Path RUN_DIR = Path.of("/run/netns");

  private final CommandRunner runner;

  public Netns(CommandRunner runner) {
    this.runner = runner;
  }

  public boolean exists(String name) {
    return Files.exists(RUN_DIR.resolve(NamespaceName.require(name)));
  }

  /** Creates the namespace and brings its loopback up; an existing one is left as it is. */
  public void add(String name) {
    NamespaceName.require(name);
    if (!exists(name)) {
      runner.check(Command.of("create network namespace " + name, List.of("ip", "netns", "add", name)));
    }
    runner.check(Command.of("bring up lo in " + name, List.of("ip", "-n", name, "link", "set", "lo", "up")));
  }

  /** Deletes exactly this namespace (and with it every interface inside); a missing one is not an error. */
  public void delete(String name) {
    NamespaceName.require(name);
    if (exists(name)) {
      runner.check(Command.of("delete network namespace " + name, List.of("ip", "netns", "delete", name)));
    }
  }

  /** Names of the namespaces starting with {@code prefix} (itself a jk- name), sorted. */
  public List<String> list(String prefix) {
    NamespaceName.require(prefix.endsWith("-") ? prefix + "x" : prefix);
    String[] names = RUN_DIR.toFile().list();
    if (names == null) {
      return List.of();
    }
    return Arrays.stream(names).filter(n -> n.startsWith(prefix)).sorted().toList();
  }
}
