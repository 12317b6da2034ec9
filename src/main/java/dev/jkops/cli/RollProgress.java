package dev.jkops.cli;

import dev.jkops.tasks.rolling.GroupRole;
import dev.jkops.tasks.rolling.RollEvent;

/** One progress line per roll event, in the words kops' rolling-update logs. */
final class RollProgress {
  private RollProgress() {}

  static String line(RollEvent e) {
    if (e instanceof RollEvent.GroupStarted s) {
      return "Rolling instance group \""
          + s.group().name()
          + "\": "
          + s.toReplace()
          + " instance"
          + (s.toReplace() == 1 ? "" : "s")
          + " to replace, "
          + s.batch()
          + " at a time";
    } else if (e instanceof RollEvent.GroupSkipped s) {
      return "Skipping instance group \"" + s.group().name() + "\": " + s.reason();
    } else if (e instanceof RollEvent.Cordoned c) {
      return "Cordoning node \"" + c.instance().id() + "\"";
    } else if (e instanceof RollEvent.Drained d) {
      return "Drained node \"" + d.instance().id() + "\"";
    } else if (e instanceof RollEvent.Replaced r) {
      return "Replaced instance \""
          + r.instance().id()
          + "\" of group \""
          + r.instance().group()
          + "\"";
    } else if (e instanceof RollEvent.Waiting w) {
      return "Waiting "
          + w.interval().toMillis() / 1000.0
          + "s ("
          + (w.role() == GroupRole.CONTROL_PLANE ? "--master-interval" : "--node-interval")
          + ") for the instance to settle";
    } else if (e instanceof RollEvent.Validated v) {
      return v.problems().isEmpty()
          ? "Cluster validated (" + v.passedInARow() + " of " + v.required() + " in a row)"
          : "Cluster did not validate (attempt "
              + v.attempt()
              + "): "
              + String.join("; ", v.problems());
    } else if (e instanceof RollEvent.ValidationGaveUp g) {
      return "Cluster did not validate within "
          + g.after().toSeconds()
          + "s: "
          + String.join("; ", g.problems());
    } else if (e instanceof RollEvent.Finished f) {
      return f.cleanedUp().isEmpty()
          ? "Every selected instance is on its group's current configuration"
          : "Every selected instance is on its group's current configuration; removed what the switch kept during the"
              + " roll ("
              + f.cleanedUp().size()
              + " changes: "
              + String.join(", ", f.cleanedUp())
              + ")";
    }
    return e.toString();
  }
}
