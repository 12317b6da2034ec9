package dev.jkops.api;

/** {@code rollingUpdate}: kept as text, since kops accepts both counts and percentages ("25%"). */
public record RollingUpdate(Object maxSurge, Object maxUnavailable) {}
