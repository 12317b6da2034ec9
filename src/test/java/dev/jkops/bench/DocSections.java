package dev.jkops.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces generated sections of a Markdown document, so a benchmark rewrites its own tables in
 * docs/benchmarks.md and leaves the hand-written text around them alone. A section is everything
 * between {@code <!-- bench:NAME -->} and {@code <!-- /bench:NAME -->}; a missing section is
 * appended at the end.
 */
public final class DocSections {
  private DocSections() {}

  public static String replace(String doc, String name, String body) {
    if (!name.matches("[a-z0-9-]+")) {
      throw new IllegalArgumentException(
          "section name \"" + name + "\" must be lower-case letters, digits and '-'");
    }
    String open = "<!-- bench:" + name + " -->";
    String close = "<!-- /bench:" + name + " -->";
    String content = body.endsWith("\n") ? body : body + "\n";
    Pattern p = Pattern.compile(Pattern.quote(open) + ".*?" + Pattern.quote(close), Pattern.DOTALL);
    Matcher m = p.matcher(doc);
    String section = open + "\n" + content + close;
    if (m.find()) {
      return doc.substring(0, m.start()) + section + doc.substring(m.end());
    }
    if (doc.contains(open) || doc.contains(close)) {
      throw new IllegalArgumentException(
          "section " + name + " is opened or closed but not both; fix the markers in the document");
    }
    String sep = doc.isEmpty() || doc.endsWith("\n\n") ? "" : doc.endsWith("\n") ? "\n" : "\n\n";
    return doc + sep + section + "\n";
  }
}
