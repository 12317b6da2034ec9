package dev.jkops.tasks.rolling;

/**
 * One instance as rolling-update sees it.
 *
 * @param id the cloud's name for it (local: the instance name; AWS: the instance id)
 * @param group its instance group
 * @param needsUpdate its node configuration hash differs from its group's current one
 * @param ready it runs and has joined the cluster
 */
public record CloudInstance(String id, String group, boolean needsUpdate, boolean ready) {}
