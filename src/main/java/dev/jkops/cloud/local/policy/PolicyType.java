package dev.jkops.cloud.local.policy;

/** The directions a policy isolates its pods in, spelled as in {@code spec.policyTypes}. */
public enum PolicyType {
  Ingress,
  Egress
}
