package dev.jkops.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a key given twice in one mapping. YAML says keys are unique, but parsers keep the last one
 * silently: a NetworkPolicy with {@code podSelector: {matchLabels: {app: db}}} and then {@code
 * podSelector: {}} would select every pod. Every reader of user YAML or JSON (specs, manifests,
 * policies) asks this first and refuses the text with both lines.
 */
public final class YamlKeys {
  private static final YAMLFactory FACTORY = new YAMLFactory();

  private YamlKeys() {}

  /**
   * A key given twice: {@code path} is where (e.g. {@code spec.podSelector}), {@code document}
   * counts from 1, the lines from 1.
   */
  public record Duplicate(String path, int document, int firstLine, int secondLine) {
    /** e.g. {@code the key spec.podSelector is given twice (lines 5 and 9) ...}. */
    public String describe() {
      return "the key " + path + " " + detail();
    }

    /** As {@link #describe()}, without the path, for an error that names the field itself. */
    public String detail() {
      return "is given twice"
          + (document > 1 ? " in document " + document : "")
          + " (lines "
          + firstLine
          + " and "
          + secondLine
          + "); YAML keys must be unique, and jkops will not guess which one you meant: keep one";
    }
  }

  /** A mapping (keys seen, with their lines) or a sequence (next index) being read. */
  private static final class Frame {
    final String path;
    final Map<String, Integer> keys;
    int index;

    Frame(String path, boolean mapping) {
      this.path = path;
      this.keys = mapping ? new HashMap<>() : null;
    }

    String child(String key) {
      return path.isEmpty() ? key : path + "." + key;
    }
  }

  /**
   * The first duplicate key in {@code text}, if any. Text that does not parse has none here: the
   * reader's own parse reports its syntax error, which is the one to fix first.
   */
  public static Optional<Duplicate> firstDuplicate(String text) {
    Deque<Frame> stack = new ArrayDeque<>();
    int document = 0;
    String pendingKey = null;
    Duplicate found =
        null; // reported once the whole text parsed: a syntax error further on comes first
    try (JsonParser p = FACTORY.createParser(text)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (stack.isEmpty() && t != JsonToken.FIELD_NAME) {
          document++;
        }
        switch (t) {
          case START_OBJECT, START_ARRAY -> {
            String path = stack.isEmpty() ? "" : childPath(stack.peek(), pendingKey);
            stack.push(new Frame(path, t == JsonToken.START_OBJECT));
            pendingKey = null;
          }
          case END_OBJECT, END_ARRAY -> {
            stack.pop();
            if (!stack.isEmpty() && stack.peek().keys == null) {
              stack.peek().index++;
            }
          }
          case FIELD_NAME -> {
            Frame f = stack.peek();
            String key = p.currentName();
            int line = p.currentTokenLocation().getLineNr();
            Integer first = f.keys.putIfAbsent(key, line);
            if (first != null && found == null) {
              found = new Duplicate(f.child(key), document, first, line);
            }
            pendingKey = key;
          }
          default -> {
            if (!stack.isEmpty() && stack.peek().keys == null) {
              stack.peek().index++;
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    return Optional.ofNullable(found);
  }

  private static String childPath(Frame parent, String key) {
    return parent.keys == null ? parent.path + "[" + parent.index + "]" : parent.child(key);
  }
}
