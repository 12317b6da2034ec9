package dev.jkops.cloud.local.kernel;

/** What a finished command printed and how it exited. */
public record CommandResult(Command command, int exitCode, String stdout, String stderr) {

  public boolean ok() {
    return exitCode == 0;
  }

  /**
   * What the program said about its failure: stderr, or stdout when stderr is empty (CNI plugins
   * print JSON errors there).
   */
  public String said() {
    String s = stderr.isBlank() ? stdout : stderr;
    return s.isBlank() ? "(no output)" : s.strip().replaceAll("\\s*\n\\s*", "; ");
  }

  /** Returns this result when the command succeeded, else throws with everything a user needs. */
  public CommandResult orThrow() {
    if (!ok()) {
      throw new KernelException(
          "could not "
              + command.purpose()
              + ": `"
              + command.display()
              + "` exited "
              + exitCode
              + ": "
              + said());
    }
    return this;
  }
}
