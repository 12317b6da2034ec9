package dev.jkops.cli;

import dev.jkops.cloud.local.kernel.Kernel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What a cluster is on this machine, as text that is equal for two clusters built alike: per
 * namespace its links (names, kinds, state, MTU), IPv4 addresses, routes of every table and
 * nftables ruleset. MAC addresses, interface indexes, IPv6 link-local addresses and the VPC's
 * creation id (random per build) are left out. Read-only: it only lists.
 */
final class KernelFingerprint {
  private KernelFingerprint() {}

  static TreeMap<String, String> of(String prefix) {
    TreeMap<String, String> out = new TreeMap<>();
    for (String ns : Kernel.system().netns().list(prefix)) {
      StringBuilder b = new StringBuilder();
      // To name a veth's peer namespace, ip asks the kernel about every /run/netns entry; one that
      // another run deletes meanwhile makes it print this to stderr (seen on kernel 6.18 with tests
      // running beside each other). The peer's namespace name is left out below anyway.
      for (String l :
          run("ip", "-n", ns, "-d", "-o", "link", "show")
              .lines()
              .filter(l -> !l.equals("Error: Peer netns reference is invalid."))
              // by name, not index: update creates independent links in parallel, so their
              // indexes (and bridge port numbers) follow which finished first
              .map(KernelFingerprint::normalizeLink)
              .sorted()
              .toList()) {
        b.append("link ").append(l).append('\n');
      }
      run("ip", "-n", ns, "-4", "-o", "addr", "show")
          .lines()
          .map(l -> l.replaceFirst("^\\d+:\\s*", "").replaceAll("valid_lft.*$", "").trim())
          .sorted()
          .forEach(l -> b.append("addr ").append(l).append('\n'));
      run("ip", "-n", ns, "-4", "route", "show", "table", "all")
          .lines()
          .sorted()
          .forEach(l -> b.append("route ").append(l.trim()).append('\n'));
      // tables in name order: independent resources' tables are made in parallel
      String ruleset =
          run("ip", "netns", "exec", ns, "nft", "list", "ruleset")
              .replaceAll("counter packets \\d+ bytes \\d+", "counter");
      java.util.List<String> tables = new java.util.ArrayList<>();
      for (String t : ruleset.split("(?m)^(?=table )")) {
        if (!t.isBlank()) {
          tables.add(t.endsWith("\n") ? t : t + "\n");
        }
      }
      java.util.Collections.sort(tables);
      tables.forEach(b::append);
      out.put(ns, b.toString());
    }
    return out;
  }

  private static String normalizeLink(String line) {
    String l =
        line.replaceFirst("^\\d+:\\s*", "")
            .replaceAll("@if\\d+", "@if")
            .replaceAll("port_id 0x[0-9a-f]+ port_no 0x[0-9a-f]+", "port_id PORT port_no PORT")
            .replaceAll("link-netns\\S*\\s+\\S+", "")
            .replaceAll("link-netnsid \\d+", "")
            .replaceAll("8000\\.[0-9a-f:]+", "8000.BRIDGE-ID")
            .replaceAll(
                "jk owner=[0-9a-f]+", "jk owner=CREATION-ID") // random per creation (ClusterOwner)
            .replaceAll("([0-9a-f]{2}:){5}[0-9a-f]{2}", "MAC")
            .replaceAll("\\\\", " ");
    List<String> keep = new ArrayList<>();
    for (String word : l.split("\\s+")) {
      // counters and per-boot numbers vary; names, flags, kinds and settings do not
      if (!word.matches("\\d{4,}")
          && !word.matches("\\d+\\.\\d+")) { // counters; bridge timers (seconds)
        keep.add(word);
      }
    }
    return String.join(" ", keep);
  }

  static String run(String... argv) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      return text;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
