package dev.jkops.cloud.report;

/** What a connectivity probe proves, in the words validate prints. */
public enum ProbeCheck {
  POD_TO_POD_SAME_NODE("pod-to-pod, same node"),
  POD_TO_POD_ACROSS_NODES("pod-to-pod, across nodes"),
  POD_TO_POD_ACROSS_ZONES("pod-to-pod, across zones"),
  NODE_TO_POD("node-to-pod"),
  MTU("pod MTU"),
  POLICY_ALLOWED("policy allows"),
  POLICY_DENIED("policy denies");

  private final String words;

  ProbeCheck(String words) {
    this.words = words;
  }

  public String words() {
    return words;
  }
}
