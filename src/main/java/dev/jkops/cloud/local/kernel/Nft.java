package dev.jkops.cloud.local.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jkops.api.JsonTrees;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * nftables inside a jkops namespace ({@code ip netns exec NS nft ...}); never the host's ruleset.
 */
public final class Nft {
  private final CommandRunner runner;

  public Nft(CommandRunner runner) {
    this.runner = runner;
  }

  /** Loads a ruleset script atomically ({@code nft -f -}): all of it applies, or none. */
  public void apply(String namespace, String purpose, String script) {
    runner.check(nft(namespace, purpose, "-f", "-").withStdin(script));
  }

  /** Tables in the namespace as {@code family name}, e.g. {@code inet jk-sg}. */
  public List<String> tables(String namespace) {
    String out =
        runner.check(nft(namespace, "list nftables tables", "-j", "list", "tables")).stdout();
    List<String> names = new ArrayList<>();
    try {
      for (JsonNode n : JsonTrees.read(out).path("nftables")) {
        if (n.has("table")) {
          names.add(
              n.path("table").path("family").asText()
                  + " "
                  + n.path("table").path("name").asText());
        }
      }
    } catch (IOException e) {
      throw new KernelException(
          "could not read `nft -j list tables` output in " + namespace + ": " + e.getMessage(), e);
    }
    return names;
  }

  public boolean hasTable(String namespace, String family, String name) {
    return tables(namespace).contains(family + " " + name);
  }

  /** The table's rules as nft prints them. */
  public String list(String namespace, String family, String name) {
    return runner
        .check(nft(namespace, "list table " + family + " " + name, "list", "table", family, name))
        .stdout();
  }

  /**
   * Every table of one family in the namespace, as nft prints them ({@code nft list ruleset
   * FAMILY}): one process for all of them.
   */
  public String listRuleset(String namespace, String family) {
    return runner
        .check(nft(namespace, "list " + family + " tables", "list", "ruleset", family))
        .stdout();
  }

  public void deleteTable(String namespace, String family, String name) {
    if (hasTable(namespace, family, name)) {
      runner.check(
          nft(namespace, "delete table " + family + " " + name, "delete", "table", family, name));
    }
  }

  private static Command nft(String namespace, String purpose, String... args) {
    List<String> argv =
        new ArrayList<>(List.of("ip", "netns", "exec", NamespaceName.require(namespace), "nft"));
    argv.addAll(List.of(args));
    return Command.of(purpose + " in " + namespace, argv);
  }
}
