package dev.jkops.cli;

import dev.jkops.api.ApiException;
import dev.jkops.api.YamlCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One round of kubectl-style editing: the stored YAML goes to the editor; an unchanged or emptied
 * file cancels; otherwise the result is parsed and handed to {@code apply}, which validates and
 * stores it. If that fails the store is untouched and the user's edited file is kept for them.
 */
final class EditSession {
  static final String HEADER =
      """
      # Please edit the object below. Lines beginning with a '#' are ignored,
      # and an empty file aborts the edit. If an error occurs while saving, this file is kept
      # and its path is printed, so you can fix it and run 'jkops replace -f FILE'.
      #
      """;

  private EditSession() {}

  /** Returns 0 when stored or cancelled; throws with the edited file's path when refused. */
  static int run(
      Map<String, String> env,
      PrintWriter out,
      String prefix,
      byte[] stored,
      Consumer<YamlCodec.Documents> apply) {
    String original = HEADER + new String(stored, StandardCharsets.UTF_8);
    Path file = new Editor(env).edit(prefix, original);
    String edited;
    try {
      edited = InputFiles.read(file, "nothing was changed");
    } catch (CommandException e) {
      throw new CommandException("cannot read back the edited file: " + e.getMessage(), e);
    }
    if (edited.equals(original) || stripComments(edited).isBlank()) {
      delete(file);
      out.println("Edit cancelled, no changes made.");
      out.flush();
      return 0;
    }
    try {
      apply.accept(YamlCodec.read(edited, file.toString()));
    } catch (ApiException | CommandException e) {
      throw new CommandException(
          e.getMessage()
              + "\nThe stored spec was not changed. Your edited file is kept at "
              + file
              + ": fix it and run 'jkops replace -f "
              + file
              + "', or run the edit again.",
          e);
    }
    delete(file);
    return 0;
  }

  private static String stripComments(String text) {
    StringBuilder sb = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (!line.stripLeading().startsWith("#")) {
        sb.append(line).append('\n');
      }
    }
    return sb.toString();
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // A leftover file in TMPDIR is harmless.
    }
  }
}
