package dev.jkops.cloud.local.etcd;

import java.nio.file.Path;

/**
 * One etcd member: it runs on a control-plane instance, inside that instance's namespace, with its
 * peers on the instance's VPC address and its clients on a unix socket in its directory.
 *
 * @param name the member's name, the instance's name (e.g. control-plane-zone-a-1)
 * @param namespace the instance's network namespace
 * @param address the instance's VPC address, where peers reach it on {@value #PEER_PORT}: IPv4, or
 *     IPv6 for an instance of an IPv6-only subnet
 * @param dir {@code <runtime>/etcd/<name>} ({@link #dirName}): data, socket, pidfile and log
 */
public record EtcdMember(String name, String namespace, String address, Path dir) {
  public static final int PEER_PORT = 2380;

  /**
   * etcd wants host:port even for a unix socket; it makes a socket file of that name in its working
   * dir.
   */
  static final String SOCKET_NAME = "localhost:2379";

  /** Longest member directory name: an instance group's name may be a 253-character DNS name. */
  static final int MAX_DIR_NAME = 40;

  /**
   * The member's directory name: its name when that has at most {@value #MAX_DIR_NAME} characters,
   * else its first characters and a hash of the whole, so that the directory, the socket in it and
   * the log path in error messages stay short whatever the instance group is called.
   */
  static String dirName(String name) {
    return dev.jkops.cloud.local.kernel.HashedNames.cut(name, MAX_DIR_NAME, "-", 8);
  }

  /**
   * {@code http://address:2380}; an IPv6 address (a control-plane instance of an IPv6-only subnet)
   * in brackets, as a URL must write it.
   */
  public String peerUrl() {
    String host = address.contains(":") ? "[" + address + "]" : address;
    return "http://" + host + ":" + PEER_PORT;
  }

  public Path dataDir() {
    return dir.resolve("data");
  }

  public Path socket() {
    return dir.resolve(SOCKET_NAME);
  }

  public Path pidFile() {
    return dir.resolve("etcd.pid");
  }

  public Path log() {
    return dir.resolve("etcd.log");
  }

  /**
   * Whether the member has written data before (so it restarts as itself rather than
   * bootstrapping).
   */
  public boolean hasData() {
    return java.nio.file.Files.isDirectory(dataDir().resolve("member"));
  }
}
