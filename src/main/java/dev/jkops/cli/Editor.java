package dev.jkops.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Opens a file in the user's editor, as kubectl and kops do: {@code KUBE_EDITOR}, else {@code
 * EDITOR}, else {@code vi}. The editor value may carry arguments ({@code code --wait}).
 */
final class Editor {
  private final String command;
  private final java.util.Optional<Path> tempDir;

  Editor(Map<String, String> env) {
    // TMPDIR as every Unix tool reads it (Java's own java.io.tmpdir ignores it), so a user or a
    // test
    // that points TMPDIR at a directory of its own finds a kept edit file there
    String t = env.get("TMPDIR");
    this.tempDir =
        t == null || t.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(Path.of(t));
    String c = env.get("KUBE_EDITOR");
    if (c == null || c.isBlank()) {
      c = env.get("EDITOR");
    }
    this.command = c == null || c.isBlank() ? "vi" : c.trim();
  }

  /**
   * Writes {@code text} to a private temporary file, lets the user edit it, and returns the file.
   */
  Path edit(String prefix, String text) {
    Path file;
    try {
      var privateFile =
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
      file =
          tempDir.isPresent()
              ? Files.createTempFile(tempDir.get(), prefix, ".yaml", privateFile)
              : Files.createTempFile(prefix, ".yaml", privateFile);
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CommandException(
          "cannot create a temporary file to edit: "
              + e.getMessage()
              + "; check that TMPDIR ("
              + tempDir.map(Path::toString).orElse(System.getProperty("java.io.tmpdir"))
              + ") is writable",
          e);
    }
    int code;
    try {
      // sh splits the editor value into words, so EDITOR="code --wait" works; the file is $1.
      Process p =
          new ProcessBuilder("sh", "-c", command + " \"$1\"", "jkops-edit", file.toString())
              .inheritIO()
              .start();
      code = p.waitFor();
    } catch (IOException e) {
      throw new CommandException(
          "cannot start the editor \""
              + command
              + "\": "
              + e.getMessage()
              + "; set EDITOR to an editor installed here",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandException("interrupted while waiting for the editor; nothing was changed");
    }
    if (code == 127) {
      throw new CommandException(
          "the editor \""
              + command
              + "\" was not found (the shell said 127); set EDITOR"
              + " to an installed editor, e.g. EDITOR=nano; nothing was changed");
    }
    if (code != 0) {
      throw new CommandException(
          "the editor \""
              + command
              + "\" exited with code "
              + code
              + "; nothing was changed (your text is in "
              + file
              + ")");
    }
    return file;
  }
}
