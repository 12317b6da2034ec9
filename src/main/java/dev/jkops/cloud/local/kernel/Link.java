package dev.jkops.cloud.local.kernel;

import java.util.Optional;

/** A network interface as {@code ip -d link show} reports it. {@code kind} is veth, bridge, vxlan, ... or "" for lo. */
public record Link(String name, String kind, int mtu, boolean up, Optional<String> master, String mac) {}
