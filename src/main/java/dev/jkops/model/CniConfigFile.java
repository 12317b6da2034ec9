package dev.jkops.model;

/** A file for {@code /etc/cni/net.d/} on a node: its name and JSON content. */
public record CniConfigFile(String name, String content) {
  public static final String DIRECTORY = "/etc/cni/net.d";
  public static final String BIN_DIRECTORY = "/opt/cni/bin";

  public String path() {
    return DIRECTORY + "/" + name;
  }
}
