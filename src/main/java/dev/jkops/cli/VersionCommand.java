package dev.jkops.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jkops version}: the client version, as {@code kops version} prints it. */
@Command(name = "version", description = "Print the jkops version.")
public final class VersionCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  static String version() {
    return dev.jkops.api.JkopsVersion.current();
  }

  /** What {@code jkops version} prints. */
  static String line() {
    return "Client version: " + version();
  }

  @Override
  public Integer call() {
    spec.commandLine().getOut().println(line());
    return 0;
  }

  /** Feeds {@code jkops --version}. */
  public static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"jkops " + version()};
    }
  }
}
