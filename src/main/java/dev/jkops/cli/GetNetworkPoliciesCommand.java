package dev.jkops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.jkops.cloud.local.pods.PodManager;
import dev.jkops.cloud.local.pods.PolicyStore;
import dev.jkops.cloud.local.policy.NetworkPolicy;
import dev.jkops.cloud.local.policy.NetworkPolicyReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code jkops get networkpolicies [-n NS|-A] [-o yaml|json]}: the NetworkPolicies {@code apply -f}
 * stored, with kubectl's columns ({@code POD-SELECTOR} in kubectl's selector syntax).
 */
@Command(
    name = "networkpolicies",
    aliases = {"networkpolicy", "netpol"},
    description = "Show the NetworkPolicies of a local cluster.")
final class GetNetworkPoliciesCommand implements Callable<Integer> {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption cluster;
  @Mixin NamespaceOptions namespaces;

  @Parameters(arity = "0..1", paramLabel = "CLUSTER", description = ClusterNameOption.POSITIONAL)
  String clusterArg;

  @Mixin OutputOption.Standard output;

  @Override
  public Integer call() {
    OutputFormat format = output.format();
    String only = namespaces.only();
    PodManager pods = LocalPods.open(store, cluster.resolve(clusterArg));
    Map<PolicyStore.PolicyName, String> docs =
        LocalPods.call(() -> new PolicyStore(pods.cluster().runtimeDir()).policyDocuments());
    PrintWriter out = spec.commandLine().getOut();
    List<PolicyStore.PolicyName> shown =
        docs.keySet().stream().filter(p -> only == null || p.namespace().equals(only)).toList();
    if (format != OutputFormat.TABLE) {
      List<JsonNode> items = new ArrayList<>();
      shown.forEach(p -> items.add(document(p, docs.get(p))));
      out.print(KubeList.render(format, items));
      out.flush();
      return 0;
    }
    if (shown.isEmpty()) {
      spec.commandLine().getErr().println(KubeList.noResources(only));
      spec.commandLine().getErr().flush();
      return 0;
    }
    Table t = new Table("NAMESPACE", "NAME", "POD-SELECTOR", "POLICY-TYPES");
    for (PolicyStore.PolicyName p : shown) {
      NetworkPolicy policy =
          LocalPods.call(() -> NetworkPolicyReader.readAll(docs.get(p), p.toString()).get(0));
      t.row(
          p.namespace(),
          p.name(),
          policy.podSelector().toString(),
          String.join(",", policy.policyTypes().stream().map(Enum::name).sorted().toList()));
    }
    t.print(out);
    return 0;
  }

  /**
   * The stored document with the namespace it was stored under (the user's file may have left it
   * out).
   */
  private static JsonNode document(PolicyStore.PolicyName p, String yaml) {
    try {
      ObjectNode doc = (ObjectNode) YAML.readTree(yaml);
      ObjectNode meta = doc.get("metadata") instanceof ObjectNode m ? m : doc.putObject("metadata");
      meta.put("namespace", p.namespace());
      return doc;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read stored policy " + p + ": " + e.getMessage(), e);
    }
  }
}
