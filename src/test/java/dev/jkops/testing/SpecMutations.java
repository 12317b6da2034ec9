package dev.jkops.testing;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/** Inputs for the property tests: valid specs to start from, and ways to damage them. */
public final class SpecMutations {
  private SpecMutations() {}

  private static List<String> seeds;

  /**
   * Valid specs: kops' golden cases (when the peer data is there) and jkops' own create output for
   * every networking mode, both clouds and both topologies.
   */
  public static synchronized List<String> seedSpecs() {
    if (seeds != null) {
      return seeds;
    }
    List<String> out = new ArrayList<>();
    Path kops = findKops();
    if (kops != null) {
      try (Stream<Path> files = Files.walk(kops)) {
        for (Path p :
            files
                .filter(f -> f.getFileName().toString().matches("(expected|in)-v1alpha2\\.yaml"))
                .sorted()
                .toList()) {
          out.add(Files.readString(p));
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    String[][] variants = {
      {"--zones", "zone-a", "--networking", "kubenet"},
      {"--zones", "zone-a,zone-b", "--networking", "calico", "--topology", "private", "--bastion"},
      {"--zones", "us-east-1a,us-east-1b", "--networking", "flannel"},
      {"--zones", "us-east-1a", "--networking", "canal", "--topology", "private"},
      {"--zones", "zone-a", "--networking", "weave", "--node-count", "3"},
      {"--zones", "zone-a", "--networking", "cni"},
      {
        "--zones",
        "zone-a,zone-b,zone-c",
        "--control-plane-zones",
        "zone-a,zone-b,zone-c",
        "--networking",
        "kopeio-vxlan"
      },
    };
    for (String[] v : variants) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "create", "cluster", "--name", "fuzz.example.com", "--dry-run", "-o", "yaml"));
      args.addAll(Arrays.asList(v));
      StringWriter o = new StringWriter();
      int code =
          dev.jkops.cli.Main.commandLine(
                  new PrintWriter(o),
                  new PrintWriter(new StringWriter()),
                  Map.of("HOME", "/nonexistent"))
              .execute(args.toArray(String[]::new));
      if (code != 0) {
        throw new IllegalStateException("seed spec " + args + " failed: " + code);
      }
      out.add(o.toString());
    }
    seeds = List.copyOf(out);
    return seeds;
  }

  private static Path findKops() {
    String override = System.getProperty("jkops.peer.kops");
    if (override != null) {
      return Path.of(override);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("shared/peer/kops"))) {
        return dir.resolve("shared/peer/kops");
      }
    }
    return null;
  }

  /**
   * Text that looks like YAML: keys, values, indentation, flow collections, anchors, tags,
   * documents.
   */
  public static String yamlish(Random r) {
    List<String> bits =
        List.of(
            "apiVersion: kops.k8s.io/v1alpha2\n",
            "kind: Cluster\n",
            "kind: InstanceGroup\n",
            "metadata:\n",
            "  name: ",
            "spec:\n",
            "  networking:\n",
            "    calico: {}\n",
            "---\n",
            "- ",
            ": ",
            "{",
            "}",
            "[",
            "]",
            "&a ",
            "*a ",
            "!!binary ",
            "!!python/object ",
            "<<: *a\n",
            "? ",
            "|\n",
            ">-\n",
            "\"",
            "'",
            "#",
            "\t",
            "  ",
            "\n",
            "null",
            "~",
            "1e999",
            "0x",
            "-",
            "kubenet",
            "nonMasqueradeCIDR: ",
            "100.64.0.0/10",
            "%YAML 1.2\n",
            "...\n");
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(60);
    for (int i = 0; i < n; i++) {
      b.append(r.nextInt(8) == 0 ? Property.token(r) : Property.oneOf(r, bits));
    }
    return b.toString();
  }

  /** One to three damaging edits of a valid spec. */
  public static String mutate(Random r, String spec) {
    String s = spec;
    int edits = 1 + r.nextInt(3);
    for (int i = 0; i < edits; i++) {
      s = mutateOnce(r, s);
    }
    return s;
  }

  private static String mutateOnce(Random r, String s) {
    List<String> lines = new ArrayList<>(Arrays.asList(s.split("\n", -1)));
    if (lines.isEmpty() || s.isEmpty()) {
      return Property.token(r);
    }
    int i = r.nextInt(lines.size());
    String line = lines.get(i);
    switch (r.nextInt(10)) {
      case 0 -> lines.remove(i);
      case 1 -> lines.add(i, line);
      case 2 -> {
        int j = r.nextInt(lines.size());
        lines.set(i, lines.get(j));
        lines.set(j, line);
      }
      case 3 ->
          lines.set(
              i,
              (r.nextBoolean() ? "  " : r.nextBoolean() ? "\t" : "")
                  + line.replaceFirst("^  ", r.nextBoolean() ? "" : "   "));
      case 4 -> {
        int colon = line.indexOf(':');
        lines.set(
            i,
            colon < 0
                ? line + ": " + Property.token(r)
                : line.substring(0, colon + 1) + " " + Property.token(r));
      }
      case 5 -> {
        int colon = line.indexOf(':');
        String indent = line.replaceAll("^(\\s*).*$", "$1");
        lines.set(
            i,
            colon < 0
                ? Property.token(r)
                : indent + Property.token(r).replace(":", "") + line.substring(colon));
      }
      case 6 -> {
        return s.substring(0, r.nextInt(s.length()));
      }
      case 7 -> {
        int at = r.nextInt(s.length());
        return s.substring(0, at) + Property.byteGarbage(r, 8) + s.substring(at);
      }
      case 8 -> {
        int at = r.nextInt(s.length());
        char[] c = s.toCharArray();
        c[at] = (char) (32 + r.nextInt(95));
        return new String(c);
      }
      default -> {
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+").matcher(s);
        List<int[]> found = new ArrayList<>();
        while (m.find()) {
          found.add(new int[] {m.start(), m.end()});
        }
        if (found.isEmpty()) {
          return s + "\n" + Property.token(r);
        }
        int[] f = Property.oneOf(r, found);
        return s.substring(0, f[0]) + mutateCidr(r, s.substring(f[0], f[1])) + s.substring(f[1]);
      }
    }
    return String.join("\n", lines);
  }

  /** A CIDR with one part changed: octets above 255, host bits, prefixes out of range, junk. */
  public static String mutateCidr(Random r, String cidr) {
    return switch (r.nextInt(8)) {
      case 0 -> cidr.replaceFirst("/\\d+", "/" + (r.nextInt(80) - 20));
      case 1 -> cidr.replaceFirst("^\\d+", String.valueOf(r.nextInt(1000)));
      case 2 -> cidr.replaceFirst("\\.0/", "." + (1 + r.nextInt(255)) + "/");
      case 3 -> cidr.replace("/", "");
      case 4 -> cidr + "/" + r.nextInt(40);
      case 5 -> cidr.replaceFirst("\\.", "..");
      case 6 -> " " + cidr + " ";
      default -> Property.token(r);
    };
  }

  /** A name that must be refused: a hostile one, or a DNS name with one bad character put in. */
  public static String hostileName(Random r) {
    if (r.nextBoolean()) {
      return Property.oneOf(r, Property.HOSTILE);
    }
    String good = dnsName(r);
    String bad =
        Property.oneOf(
            r,
            List.of(
                "/", "..", ";", "$", "`", " ", "|", "&", "\n", "\\", "'", "\"", "*", "?", "A", "_",
                "\u0000", "é", "\u202e"));
    int at = r.nextInt(good.length() + 1);
    return good.substring(0, at) + bad + good.substring(at);
  }

  /** A valid DNS-style cluster name: 1-4 labels of a-z0-9 and inner '-'. */
  public static String dnsName(Random r) {
    int labels = 1 + r.nextInt(4);
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < labels; i++) {
      int len = 1 + r.nextInt(12);
      StringBuilder b = new StringBuilder();
      for (int j = 0; j < len; j++) {
        String alphabet =
            j == 0 || j == len - 1
                ? "abcdefghijklmnopqrstuvwxyz0123456789"
                : "abcdefghijklmnopqrstuvwxyz0123456789-";
        b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      parts.add(b.toString());
    }
    return String.join(".", parts);
  }
}
