package dev.jkops.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The block YAML jkops writes to a state store (YamlCodec's generator: block mappings, sequences
 * indented under their key, plain scalars, {@code {}} and {@code []}), read into the plain values
 * {@link RecordYamlReader} binds, without SnakeYAML. Starting SnakeYAML (its scanner, parser and
 * the resolver's regular expressions, initialised in every cold JVM) was a third of reading the
 * first spec of {@code get clusters} (docs/benchmarks.md).
 *
 * <p>It reads only text whose meaning is certain and declines everything else ({@link #read} is
 * null), and SnakeYAML reads that: comments, anchors, tags, quotes other than a plain {@code
 * "..."}, flow collections with contents, block scalars, several documents, blank lines, tabs,
 * trailing spaces, and any plain scalar that SnakeYAML's resolver might not take as the string it
 * looks like (other spellings of booleans and null, numbers other than plain decimals).
 * RecordYamlReaderTest proves that on every YAML file of the tests, and on specs jkops writes, it
 * either declines or gives what SnakeYAML gives.
 */
final class PlainBlockYaml {
  /** Characters of a plain scalar or key read here; any other sends the text to SnakeYAML. */
  private static final String PLAIN =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/:+-";

  /**
   * Characters that may make up a YAML 1.1 int or float (digits, signs, '_', '.', ':', hex digits,
   * 0x/0b/0o, exponents, .inf and .nan): a value starting with a digit, sign or dot that holds one
   * character outside this set is a string (or a timestamp, which is read as its text too).
   */
  private static final String NUMERIC = "0123456789_+-.:xXbBoOabcdefABCDEFinfINFaN";

  /** Words SnakeYAML's resolver reads as booleans or null in other spellings than true/false. */
  private static final List<String> OTHER_WORDS =
      List.of(
          "yes", "Yes", "YES", "no", "No", "NO", "True", "TRUE", "False", "FALSE", "on", "On", "ON",
          "off", "Off", "OFF", "null", "Null", "NULL", "y", "Y", "n", "N");

  private final String[] text;
  private final int[] indent;
  private int line;

  private PlainBlockYaml(String[] text, int[] indent) {
    this.text = text;
    this.indent = indent;
  }

  /** Declined: SnakeYAML reads the text. */
  private static final class Declined extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Declined() {
      super(null, null, false, false);
    }
  }

  /** The one document of {@code yaml} as a mapping, or null when SnakeYAML must read it. */
  static Map<String, Object> read(String yaml) {
    if (yaml.isEmpty() || yaml.charAt(yaml.length() - 1) != '\n') {
      return null;
    }
    String[] lines = yaml.substring(0, yaml.length() - 1).split("\n", -1);
    int first = lines.length > 0 && lines[0].equals("---") ? 1 : 0;
    int n = lines.length - first;
    if (n == 0) {
      return null;
    }
    String[] body = new String[n];
    int[] indent = new int[n];
    for (int i = 0; i < n; i++) {
      String l = lines[first + i];
      int s = 0;
      while (s < l.length() && l.charAt(s) == ' ') {
        s++;
      }
      if (s == l.length() || l.charAt(l.length() - 1) == ' ') {
        return null; // a blank line or a trailing space
      }
      body[i] = l.substring(s);
      indent[i] = s;
    }
    PlainBlockYaml p = new PlainBlockYaml(body, indent);
    try {
      if (indent[0] != 0 || body[0].startsWith("-")) {
        return null;
      }
      Map<String, Object> doc = p.mapping(0);
      return p.line == n ? doc : null;
    } catch (Declined e) {
      return null;
    }
  }

  /** A block mapping whose keys are at column {@code at}, from the current line. */
  private Map<String, Object> mapping(int at) {
    Map<String, Object> map = new LinkedHashMap<>();
    while (line < text.length && indent[line] == at && !text[line].startsWith("-")) {
      String l = text[line];
      int colon = l.indexOf(':');
      if (colon <= 0) {
        throw new Declined();
      }
      String key = l.substring(0, colon);
      if (!plain(key) || map.containsKey(key)) {
        throw new Declined();
      }
      Object value;
      if (colon == l.length() - 1) {
        line++;
        value = nested(at);
      } else if (l.charAt(colon + 1) == ' ') {
        value = scalarOrEmpty(l.substring(colon + 2));
        line++;
      } else {
        throw new Declined(); // "a:b" is a plain scalar in YAML, a key here would be wrong
      }
      map.put(key, value);
    }
    return map;
  }

  /** What follows {@code key:} alone on its line at column {@code at}: a deeper block. */
  private Object nested(int at) {
    if (line >= text.length) {
      throw new Declined();
    }
    if (text[line].startsWith("-") && indent[line] >= at) {
      return sequence(indent[line]);
    }
    if (indent[line] > at) {
      return mapping(indent[line]);
    }
    throw new Declined(); // an empty value
  }

  /** A block sequence whose dashes are at column {@code at}. */
  private List<Object> sequence(int at) {
    List<Object> list = new ArrayList<>();
    while (line < text.length && indent[line] == at && text[line].startsWith("-")) {
      String l = text[line];
      if (!l.startsWith("- ")) {
        throw new Declined();
      }
      String item = l.substring(2);
      int colon = item.indexOf(':');
      if (colon > 0 && (colon == item.length() - 1 || item.charAt(colon + 1) == ' ')) {
        // "- key: value": a mapping whose keys are at the column after the dash
        text[line] = item;
        indent[line] = at + 2;
        list.add(mapping(at + 2));
      } else {
        list.add(scalarOrEmpty(item));
        line++;
      }
    }
    return list;
  }

  private static Object scalarOrEmpty(String value) {
    if (value.equals("{}")) {
      return new LinkedHashMap<String, Object>();
    }
    if (value.equals("[]")) {
      return new ArrayList<Object>();
    }
    return scalar(value);
  }

  /** A scalar as RecordYamlReader's SnakeYAML path gives it, when that is certain. */
  private static Object scalar(String value) {
    if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
      String inner = value.substring(1, value.length() - 1);
      if (inner.indexOf('"') >= 0 || inner.indexOf('\\') >= 0) {
        throw new Declined();
      }
      return inner; // a quoted scalar is a string, whatever it looks like
    }
    if (!plain(value)) {
      throw new Declined();
    }
    char c = value.charAt(0);
    if (value.charAt(value.length() - 1) == ':' || (c == ':' && value.length() == 1)) {
      throw new Declined(); // "a:" would be a key
    }
    if (c == '-') {
      Number negative = decimal(value);
      if (negative == null) {
        throw new Declined(); // "-", "---", "-x": left to SnakeYAML
      }
      return negative;
    }
    if (value.equals("true")) {
      return Boolean.TRUE;
    }
    if (value.equals("false")) {
      return Boolean.FALSE;
    }
    if (OTHER_WORDS.contains(value)) {
      throw new Declined();
    }
    if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.') {
      Number decimal = decimal(value);
      if (decimal != null) {
        return decimal;
      }
      for (int i = 0; i < value.length(); i++) {
        if (NUMERIC.indexOf(value.charAt(i)) < 0) {
          return value; // cannot be a number
        }
      }
      throw new Declined();
    }
    return value;
  }

  /** A plain decimal ('-' at most, no leading zero, at most 18 digits) as Integer or Long. */
  private static Number decimal(String value) {
    int start = value.startsWith("-") ? 1 : 0;
    int digits = value.length() - start;
    if (digits < 1 || digits > 18 || (digits > 1 && value.charAt(start) == '0')) {
      return null;
    }
    for (int i = start; i < value.length(); i++) {
      char d = value.charAt(i);
      if (d < '0' || d > '9') {
        return null;
      }
    }
    long l = Long.parseLong(value);
    return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? (Number) (int) l : (Number) l;
  }

  private static boolean plain(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (PLAIN.indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }
}
