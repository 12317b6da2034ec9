package dev.jkops.cli;

import dev.jkops.api.store.ClusterStore;
import dev.jkops.api.store.StateHistory;
import dev.jkops.api.store.StateStores;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code jkops get history cluster NAME}: the earlier versions of a cluster's files the state store
 * keeps, newest last: VERSION SAVED REPLACED-BY HOLDER FILES. {@code jkops restore cluster} brings
 * one back.
 */
@Command(
    name = "history",
    description = "Show the earlier versions of a cluster's spec kept in the state store.")
final class GetHistoryCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption clusterName;

  @Parameters(
      index = "0",
      paramLabel = "cluster",
      description = "What to show the history of: cluster.")
  String kind;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "NAME",
      description = ClusterNameOption.POSITIONAL)
  String positionalName;

  @Mixin OutputOption.Standard output;

  @Override
  public Integer call() {
    if (!kind.equals("cluster") && !kind.equals("clusters")) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "get history shows a cluster's history, not \""
              + kind
              + "\"; use: jkops get history cluster NAME");
    }
    OutputFormat format = output.format();
    String name = clusterName.resolve(positionalName);
    ClusterStore.checkName("cluster", name);
    StateHistory history = new StateHistory(StateStores.open(store.uri(), store.env()));
    List<StateHistory.Version> versions = history.versions(name);
    PrintWriter out = spec.commandLine().getOut();
    if (format != OutputFormat.TABLE) {
      List<Object> docs = new ArrayList<>();
      for (StateHistory.Version v : versions) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("version", v.number());
        d.put("saved", v.saved().toString());
        d.put("replacedBy", v.replacedBy());
        d.put("holder", v.holder());
        d.put("files", v.files());
        docs.add(d);
      }
      out.print(format.render(docs));
      out.flush();
      return 0;
    }
    if (versions.isEmpty()) {
      out.println(
          "No earlier versions of cluster "
              + name
              + " in state store "
              + store.uri()
              + "; jkops saves one each time a command changes the cluster.");
      out.flush();
      return 0;
    }
    Table t = new Table("VERSION", "SAVED", "REPLACED BY", "HOLDER", "FILES");
    for (StateHistory.Version v : versions) {
      t.row(
          String.valueOf(v.number()),
          v.saved().toString(),
          v.replacedBy(),
          v.holder(),
          String.valueOf(v.files().size()));
    }
    t.print(out);
    out.println();
    out.println("Restore one with: jkops restore cluster " + name + " --version VERSION --yes");
    out.flush();
    return 0;
  }
}
