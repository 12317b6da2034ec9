package dev.jkops.docs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How an example's shown output is compared with what the command printed (stdout and stderr as a
 * terminal shows them):
 *
 * <ul>
 *   <li>lines compare in order, each whole line against a whole line;
 *   <li>runs of spaces and tabs compare equal to any run (tables may be aligned either way), and
 *       spaces at the start and end of a line do not count;
 *   <li>{@code <*>} inside a line stands for any text (a time, an id, a hash);
 *   <li>a line that is only {@code ...} stands for any number of lines, none included;
 *   <li>blank lines at the end do not count.
 * </ul>
 */
final class OutputPattern {
  static final String ANY_LINES = "...";
  static final String ANY_TEXT = "<*>";

  private final List<String> expected;
  private final List<Pattern> patterns = new ArrayList<>();

  OutputPattern(List<String> expected) {
    this.expected = trimEnd(expected.stream().map(OutputPattern::normalize).toList());
    for (String e : this.expected) {
      patterns.add(e.equals(ANY_LINES) ? null : lineRegex(e));
    }
  }

  boolean matches(String output) {
    List<String> actual = trimEnd(output.lines().map(OutputPattern::normalize).toList());
    return match(0, 0, actual, new HashMap<>());
  }

  private boolean match(int i, int j, List<String> actual, Map<Long, Boolean> memo) {
    long key = ((long) i << 32) | j;
    Boolean known = memo.get(key);
    if (known != null) {
      return known;
    }
    boolean result;
    if (i == expected.size()) {
      result = j == actual.size();
    } else if (patterns.get(i) == null) {
      result =
          match(i + 1, j, actual, memo) || (j < actual.size() && match(i, j + 1, actual, memo));
    } else {
      result =
          j < actual.size()
              && patterns.get(i).matcher(actual.get(j)).matches()
              && match(i + 1, j + 1, actual, memo);
    }
    memo.put(key, result);
    return result;
  }

  static String normalize(String line) {
    return line.replaceAll("[ \\t]+", " ").strip();
  }

  private static Pattern lineRegex(String line) {
    StringBuilder re = new StringBuilder();
    int from = 0;
    int at;
    while ((at = line.indexOf(ANY_TEXT, from)) >= 0) {
      re.append(Pattern.quote(line.substring(from, at))).append(".*");
      from = at + ANY_TEXT.length();
    }
    re.append(Pattern.quote(line.substring(from)));
    return Pattern.compile(re.toString());
  }

  private static List<String> trimEnd(List<String> lines) {
    int n = lines.size();
    while (n > 0 && lines.get(n - 1).isEmpty()) {
      n--;
    }
    return lines.subList(0, n);
  }
}
