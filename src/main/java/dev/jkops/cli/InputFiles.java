package dev.jkops.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads a file given with {@code -f}, after checking what it is: a regular file (not a device, fifo
 * or directory: {@code -f /dev/zero} once ended in an OutOfMemoryError) of at most {@link
 * #MAX_BYTES}, no line longer than {@link #MAX_LINE_CHARS}. The YAML parser's time grows with the
 * square of a single scalar's length (here 0.45 s for 256 KiB, 2-3 s for 1 MiB, 31 s for 4 MiB),
 * while a long line of many short values (minified JSON) costs linear time; a scalar longer than a
 * line needs many lines, so bounding the line bounds the cost of each scalar.
 */
final class InputFiles {
  /** Far above any spec or manifest jkops reads (a networking provider's is under 1 MiB). */
  static final long MAX_BYTES = 4L << 20;

  /** A quarter of a second or so of parsing at most for the longest scalar one line can hold. */
  static final int MAX_LINE_CHARS = 256 << 10;

  private InputFiles() {}

  /** The file's text; {@code takes} ends each error ("-f takes a kops YAML file"). */
  static String read(Path file, String takes) {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new CommandException(
          "cannot read " + file + ": no such file; check the path given to -f");
    } catch (IOException e) {
      throw new CommandException("cannot read " + file + ": " + e.getMessage() + "; " + takes, e);
    }
    if (!a.isRegularFile()) {
      throw new CommandException(
          "cannot read "
              + file
              + ": it is "
              + (a.isDirectory()
                  ? "a directory"
                  : "not a regular" + " file (a device, fifo or socket)")
              + "; "
              + takes);
    }
    if (a.size() > MAX_BYTES) {
      throw new CommandException(
          "cannot read "
              + file
              + ": it is "
              + a.size()
              + " bytes, more than the "
              + MAX_BYTES
              + " jkops reads from one file; "
              + takes
              + " (split it into several files)");
    }
    byte[] bytes;
    try (var in = Files.newInputStream(file)) {
      bytes = in.readNBytes((int) MAX_BYTES + 1);
    } catch (AccessDeniedException e) {
      throw new CommandException(
          "cannot read " + file + ": permission denied; check the file's permissions");
    } catch (IOException e) {
      throw new CommandException("cannot read " + file + ": " + e.getMessage() + "; " + takes, e);
    }
    if (bytes.length > MAX_BYTES) {
      throw new CommandException(
          "cannot read "
              + file
              + ": it grew past "
              + MAX_BYTES
              + " bytes while being read; "
              + takes);
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new CommandException("cannot read " + file + ": it is not UTF-8 text; " + takes);
    }
    int lineStart = 0;
    int lineNumber = 1;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == '\n') {
        if (i - lineStart > MAX_LINE_CHARS) {
          throw new CommandException(
              "cannot read "
                  + file
                  + ": line "
                  + lineNumber
                  + " is "
                  + (i - lineStart)
                  + " characters long, more than the "
                  + MAX_LINE_CHARS
                  + " jkops reads in one line (a value that long"
                  + " takes the YAML parser minutes); break it up, or for one-line JSON pretty-print it (jq .)");
        }
        lineStart = i + 1;
        lineNumber++;
      }
    }
    return text;
  }
}
