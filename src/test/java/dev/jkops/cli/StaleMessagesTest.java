package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No message or doc says a feature jkops has is missing (issue 21: validate and create pod said
 * installing a provider with apply -f was "not available on the local cloud yet" while it worked).
 * Every "not available"/"not yet" claim in the sources and docs must be one of the few listed here,
 * each a limit that is still true; a new one is added here only with the reason it is true.
 */
class StaleMessagesTest {
  private static final Pattern CLAIM =
      Pattern.compile(
          "(?i)not (available|supported) (on the local cloud )?yet"
              + "|is not available yet|cannot apply it yet|not implemented yet|coming soon");

  /** Claims that stay true: where they are, and why. */
  private static final List<String> STILL_TRUE = List.of();

  @Test
  void noSourceOrDocSaysAShippedFeatureIsNotAvailableYet() throws IOException {
    List<String> found = new ArrayList<>();
    for (String root : List.of("src/main", "docs", "README.md", "scripts")) {
      Path r = Path.of(root);
      if (!Files.exists(r)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(r)) {
        for (Path f :
            files
                .filter(Files::isRegularFile)
                .filter(f -> !f.toString().contains("/bench/"))
                .toList()) {
          String text;
          try {
            text = Files.readString(f);
          } catch (java.nio.charset.MalformedInputException binary) {
            continue;
          }
          if (CLAIM.matcher(text.replaceAll("\"\\s*\\+\\s*\"", "").replaceAll("\\s+", " ")).find()
              && !STILL_TRUE.contains(f.toString())) {
            found.add(f.toString());
          }
        }
      }
    }
    assertThat(found).as("files that say a feature is not available yet").isEmpty();
  }

  @Test
  void theCheckFindsTheMessageIssue21Reported() {
    String old =
        "installing one with 'jkops apply -f' is not available on the local cloud yet, so use a built-in";
    assertThat(CLAIM.matcher(old).find()).isTrue();
  }
}
