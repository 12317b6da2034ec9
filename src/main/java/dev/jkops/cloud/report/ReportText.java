package dev.jkops.cloud.report;

/**
 * validate's text output: kops' INSTANCE GROUPS and NODE STATUS tables, jkops' CONNECTIVITY table,
 * kops' VALIDATION ERRORS table when something failed, and kops' last line, which stays last so
 * scripts that look for it keep working.
 */
public final class ReportText {
  private ReportText() {}

  public static String render(ValidationReport r) {
    StringBuilder sb = new StringBuilder();
    sb.append("Validating cluster ").append(r.clusterName()).append("\n\n");
    TextTable groups = new TextTable("NAME", "ROLE", "MACHINETYPE", "MIN", "MAX", "SUBNETS");
    r.instanceGroups()
        .forEach(
            g ->
                groups.row(
                    g.name(),
                    g.role(),
                    g.machineType(),
                    g.min(),
                    g.max(),
                    String.join(",", g.subnets())));
    sb.append("INSTANCE GROUPS\n").append(groups.render()).append('\n');
    TextTable nodes = new TextTable("NAME", "ROLE", "READY");
    r.nodes().forEach(n -> nodes.row(n.name(), n.role(), n.ready() ? "True" : "False"));
    sb.append("NODE STATUS\n").append(nodes.render()).append('\n');
    r.etcd()
        .ifPresent(
            h -> {
              TextTable etcd = new TextTable("MEMBER", "ADDRESS", "RUNNING", "HEALTHY", "LEADER");
              h.members()
                  .forEach(
                      m ->
                          etcd.row(
                              m.name(),
                              m.address(),
                              m.running() ? "True" : "False",
                              m.healthy() ? "True" : "False",
                              m.leader() ? "True" : "False"));
              sb.append("ETCD (")
                  .append(h.summary())
                  .append(")\n")
                  .append(etcd.render())
                  .append('\n');
            });
    if (!r.connectivity().isEmpty()) {
      TextTable probes = new TextTable("CHECK", "FROM", "TO", "PROTOCOL", "RESULT");
      r.connectivity()
          .forEach(
              p ->
                  probes.row(
                      p.probe().check().words(),
                      p.probe().from().describe(),
                      p.probe().to().describe(),
                      p.probe().protocolText(),
                      p.resultText()));
      long passed = r.connectivity().stream().filter(ProbeResult::passed).count();
      sb.append("CONNECTIVITY (")
          .append(passed)
          .append(" of ")
          .append(r.connectivity().size())
          .append(" probes passed)\n")
          .append(probes.render());
      r.coverage().ifPresent(c -> sb.append("Coverage: ").append(c.summary()).append('\n'));
      sb.append('\n');
    }
    if (!r.failures().isEmpty()) {
      TextTable errors = new TextTable("KIND", "NAME", "MESSAGE");
      r.failures().forEach(f -> errors.row(f.kind(), f.name(), f.message()));
      sb.append("VALIDATION ERRORS\n").append(errors.render()).append('\n');
    }
    if (!r.warnings().isEmpty()) {
      TextTable warnings = new TextTable("KIND", "NAME", "MESSAGE");
      r.warnings().forEach(f -> warnings.row(f.kind(), f.name(), f.message()));
      sb.append("VALIDATION WARNINGS\n").append(warnings.render()).append('\n');
    }
    sb.append(r.verdict()).append('\n');
    return sb.toString();
  }
}
