package dev.jkops.cli;

import dev.jkops.api.store.ClusterStore;
import dev.jkops.api.store.StateStores;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --state}: where cluster specs live, as in kops; shared by every command that reads them. */
final class StoreOptions {
  @Spec(Spec.Target.MIXEE) CommandSpec mixee;

  @Option(names = "--state", paramLabel = "URI",
      description = "State store: file:///dir, a directory, or s3://bucket/prefix. "
          + "Default: $KOPS_STATE_STORE, else file://$HOME/.jkops/state.")
  String state;

  /** The store address in effect (flag, environment or default). */
  String uri() {
    return StateStores.resolve(state, env());
  }

  ClusterStore open() {
    return new ClusterStore(StateStores.open(uri(), env()));
  }

  Map<String, String> env() {
    return Main.env(mixee);
  }
}
