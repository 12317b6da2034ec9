package dev.jkops.cli;

import dev.jkops.cloud.local.Prerequisites;
import dev.jkops.cloud.local.kernel.CommandRunner;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code jkops doctor}: checks what the local cloud needs (root, iproute2, nftables, the CNI
 * plugins, perl, and a kernel that does namespaces, veth, bridges and VXLAN) and prints the exact
 * command that installs what is missing. Exit 0 only when everything is there.
 */
@Command(
    name = "doctor",
    description = "Check this machine can run local clusters, and say how to fix it.")
final class DoctorCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<Prerequisites.Check> checks = new Prerequisites(CommandRunner.system()).run();
    Table t = new Table("CHECK", "STATUS", "DETAIL");
    for (Prerequisites.Check c : checks) {
      t.row(c.name(), c.ok() ? "ok" : "MISSING", c.detail());
    }
    t.print(out);
    out.println();
    Optional<String> install = Prerequisites.installCommand(checks);
    boolean ok = checks.stream().allMatch(Prerequisites.Check::ok);
    if (install.isPresent()) {
      out.println("To install what is missing, run as root:");
      out.println("  " + install.get());
    }
    if (!Prerequisites.isRoot()) {
      out.println("Then run jkops as root (sudo): local clusters are network namespaces.");
    }
    if (ok) {
      out.println("This machine can run local clusters.");
    }
    out.flush();
    return ok ? 0 : 1;
  }
}
