package dev.jkops.cloud.report;

/**
 * One row of kops' VALIDATION ERRORS table. {@code kind} is what kops prints in the KIND column
 * (Machine, Node, Pod, InstanceGroup) or, for jkops' connectivity checks, Network or NetworkPolicy.
 */
public record ValidationFailure(String kind, String name, String message) {}
