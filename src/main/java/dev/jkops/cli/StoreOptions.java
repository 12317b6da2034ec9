package dev.jkops.cli;

import dev.jkops.api.store.ClusterStore;
import dev.jkops.api.store.StateStores;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Where cluster specs live, for a command that reads or writes them: the {@code --state} flag
 * (declared once on {@link Main} and inherited by every subcommand), else
 * {@code KOPS_STATE_STORE}, else {@code file://$HOME/.jkops/state}.
 */
@Command // picocli wants a mixin annotated; --state itself is on Main.
final class StoreOptions {
  @Spec(Spec.Target.MIXEE) CommandSpec mixee;

  /** The store address in effect (flag, environment or default). */
  String uri() {
    return StateStores.resolve(Main.state(mixee), env());
  }

  ClusterStore open() {
    return new ClusterStore(StateStores.open(uri(), env()));
  }

  Map<String, String> env() {
    return Main.env(mixee);
  }
}
