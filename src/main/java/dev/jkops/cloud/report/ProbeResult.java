package dev.jkops.cloud.report;

/**
 * What a probe saw.
 *
 * @param probe the probe
 * @param reached the packet got through (TCP/UDP: the server's own name came back)
 * @param observed what was heard or why nothing was, for the report
 * @param millis how long the probe took
 */
public record ProbeResult(Probe probe, boolean reached, String observed, long millis) {

  /** Passed when what happened is what should: reached when allowed, dropped when policy denies. */
  public boolean passed() {
    return reached == probe.expectAllowed();
  }

  /** e.g. {@code ok (answered vs-nodes-1, 3ms)} or {@code FAILED: no answer within 2s}. */
  public String resultText() {
    if (passed()) {
      return probe.expectAllowed()
          ? "ok (" + observed + ", " + millis + "ms)"
          : "ok (dropped, as policy says)";
    }
    return probe.expectAllowed()
        ? "FAILED: " + observed
        : "FAILED: got through, but policy denies it (" + observed + ")";
  }
}
