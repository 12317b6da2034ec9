package dev.jkops.cloud.local.kernel;

import dev.jkops.api.JsonTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs one real CNI plugin (from Debian's containernetworking-plugins) inside a node's namespace,
 * the way a kubelet's container runtime would: the network config on stdin, the request in CNI_*
 * environment variables, the result (or a CNI error) as JSON on stdout.
 */
public final class CniPlugin {
  public static final Path DEFAULT_DIR = Path.of("/usr/lib/cni");

  /**
   * ADD, DEL or CHECK for one container's interface. {@code podNetns} is a path such as
   * /run/netns/jk-....
   */
  public record Request(String command, String containerId, String podNetns, String ifName) {}

  private final CommandRunner runner;
  private final Path pluginDir;

  public CniPlugin(CommandRunner runner, Path pluginDir) {
    this.runner = runner;
    this.pluginDir = pluginDir;
  }

  /**
   * Runs the plugin named by the config's {@code type}; returns its JSON result (empty for DEL).
   */
  public String invoke(String nodeNamespace, Request request, String networkConfig) {
    NamespaceName.require(nodeNamespace);
    NamespaceName.require(Path.of(request.podNetns()).getFileName().toString());
    String type = pluginType(networkConfig);
    Path plugin = pluginDir.resolve(type);
    if (!Files.isRegularFile(plugin) || !Files.isExecutable(plugin)) {
      // Checked here, not left to exec: "No such file or directory" from inside `ip netns exec`
      // names neither the plugin nor the fix.
      throw new KernelException(
          "CNI plugin \""
              + type
              + "\" is "
              + (Files.exists(plugin) ? "not executable" : "missing")
              + ": "
              + plugin
              + (Files.exists(plugin) ? " cannot be run" : " does not exist")
              + ", so the "
              + request.command()
              + " of a pod on "
              + nodeNamespace
              + " cannot run; install the CNI plugins (Debian: apt-get install"
              + " containernetworking-plugins, which scripts/setup does) so that "
              + plugin
              + " exists, then rerun the command");
    }
    Map<String, String> env =
        Map.of(
            "CNI_COMMAND", request.command(),
            "CNI_CONTAINERID", request.containerId(),
            "CNI_NETNS", request.podNetns(),
            "CNI_IFNAME", request.ifName(),
            "CNI_PATH", pluginDir.toString());
    Command c =
        Command.of(
                "run CNI "
                    + type
                    + " "
                    + request.command()
                    + " for "
                    + request.containerId()
                    + " on "
                    + nodeNamespace,
                List.of("ip", "netns", "exec", nodeNamespace, plugin.toString()))
            .withEnv(env)
            .withStdin(networkConfig);
    CommandResult result = runner.run(c);
    if (!result.ok()) {
      String cniError = cniError(result.stdout());
      if (cniError != null) {
        throw new KernelException(
            "CNI plugin \""
                + type
                + "\" ("
                + plugin
                + ") failed "
                + request.command()
                + " for a pod on "
                + nodeNamespace
                + ": "
                + cniError
                + "; the plugin's own message says what to fix; the command was `"
                + c.display()
                + "`");
      }
      result.orThrow();
    }
    return result.stdout();
  }

  /**
   * The error a plugin reports on stdout ({"code": N, "msg": ..., "details": ...}, CNI spec
   * "Error"), or null.
   */
  static String cniError(String stdout) {
    try {
      var json = JsonTrees.read(stdout);
      if (json == null || !json.hasNonNull("msg")) {
        return null;
      }
      String details = json.path("details").asText("");
      return json.get("msg").asText()
          + (details.isEmpty() ? "" : " (" + details + ")")
          + " [CNI error code "
          + json.path("code").asInt()
          + "]";
    } catch (IOException e) {
      return null;
    }
  }

  static String pluginType(String networkConfig) {
    try {
      String type = JsonTrees.read(networkConfig).path("type").asText("");
      if (type.isEmpty() || type.contains("/")) {
        throw new KernelException(
            "CNI network config has no plugin \"type\" (or a path in it): " + networkConfig);
      }
      return type;
    } catch (IOException e) {
      throw new KernelException("CNI network config is not JSON: " + e.getMessage(), e);
    }
  }
}
