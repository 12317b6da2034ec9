package dev.jkops.cloud.local.kernel;

import java.util.Optional;

/**
 * A network interface as {@code ip -d link show} reports it. {@code kind} is veth, bridge, vxlan,
 * ... or "" for lo; {@code alias} is the free-text ifalias jkops uses to label what it made; {@code
 * info} holds the kind's details (for vxlan: id, port, local).
 */
public record Link(
    String name,
    String kind,
    int mtu,
    boolean up,
    Optional<String> master,
    String mac,
    String alias,
    java.util.Map<String, String> info) {}
