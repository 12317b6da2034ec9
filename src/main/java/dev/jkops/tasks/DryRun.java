package dev.jkops.tasks;

import java.util.Map;

/**
 * Renders a plan as kops' {@code update cluster} dry run: "Will create resources:" with each new
 * resource's fields, "Will modify resources:" with {@code field old -> new}, "Will delete items:",
 * then "Must specify --yes to apply changes" or "No changes need to be applied".
 */
public final class DryRun {
  private DryRun() {}

  public static String render(Plan<?> plan) {
    StringBuilder sb = new StringBuilder();
    if (!plan.creates().isEmpty()) {
      sb.append("Will create resources:\n");
      for (Action.Create<?> c : plan.creates()) {
        sb.append("  ").append(c.id()).append('\n');
        appendFields(sb, c.desired().attributes());
        sb.append('\n');
      }
    }
    if (!plan.modifies().isEmpty()) {
      sb.append("Will modify resources:\n");
      for (Action.Modify<?> m : plan.modifies()) {
        sb.append("  ").append(m.id()).append('\n');
        int w = m.changes().stream().mapToInt(c -> c.field().length()).max().orElse(0);
        for (Change c : m.changes()) {
          sb.append("  \t")
              .append(pad(c.field(), w))
              .append("\t ")
              .append(orNone(c.before()))
              .append(" -> ")
              .append(orNone(c.after()))
              .append('\n');
        }
        sb.append('\n');
      }
    }
    if (!plan.deletes().isEmpty()) {
      sb.append("Will delete items:\n");
      int w = plan.deletes().stream().mapToInt(d -> d.id().kind().length()).max().orElse(4);
      sb.append("  ").append(pad("TYPE", w)).append("\tNAME\n");
      for (Action.Delete<?> d : plan.deletes()) {
        sb.append("  ")
            .append(pad(d.id().kind(), w))
            .append('\t')
            .append(d.id().name())
            .append('\n');
      }
      sb.append('\n');
    }
    sb.append(
        plan.isEmpty()
            ? "No changes need to be applied\n"
            : "Must specify --yes to apply changes\n");
    return sb.toString();
  }

  private static void appendFields(StringBuilder sb, Map<String, String> fields) {
    int w = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
    fields.forEach(
        (k, v) -> sb.append("  \t").append(pad(k, w)).append('\t').append(v).append('\n'));
  }

  private static String orNone(String s) {
    return s == null ? "<none>" : s;
  }

  private static String pad(String s, int w) {
    return s.length() >= w ? s : s + " ".repeat(w - s.length());
  }
}
