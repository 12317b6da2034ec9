package dev.jkops.cloud.terraform;

import dev.jkops.api.SafePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a configuration into a directory as kops does: {@code kubernetes.tf} (or {@code
 * kubernetes.tf.json}) and the data files under {@code data/}. The other format's file is removed,
 * so Terraform never sees the cluster twice. Each file is written to a new temporary file
 * (exclusive, 0644) and moved into place, so an interrupted run leaves the previous files whole and
 * a link planted at a file's or the temporary file's name is replaced, never written through. The
 * directory must be the user's own and writable by no one else.
 */
public final class TerraformOutput {
  private TerraformOutput() {}

  /** Writes the files and returns their paths, the configuration first. */
  public static List<Path> write(Path dir, TerraformConfig config, TerraformFormat format) {
    List<Path> written = new ArrayList<>();
    try {
      SafePaths.ensureOwnedDir(
          dir, dir.resolve("data"), SafePaths.READABLE_DIR, "Terraform output directory");
      Path main = dir.resolve(format.fileName());
      replace(main, format.render(config));
      written.add(main);
      for (TerraformFormat other : TerraformFormat.values()) {
        if (other != format) {
          Files.deleteIfExists(dir.resolve(other.fileName()));
        }
      }
      for (Map.Entry<String, String> f : config.dataFiles().entrySet()) {
        Path p = dir.resolve("data").resolve(f.getKey());
        replace(p, f.getValue());
        written.add(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "writing Terraform to "
              + dir
              + " failed: "
              + e.getMessage()
              + "; check that the directory is writable",
          e);
    }
    return written;
  }

  private static void replace(Path target, String content) throws IOException {
    SafePaths.writeAtomically(
        target, content.getBytes(StandardCharsets.UTF_8), SafePaths.READABLE_FILE);
  }
}
