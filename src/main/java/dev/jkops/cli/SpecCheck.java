package dev.jkops.cli;

import dev.jkops.api.Cluster;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterValidator;
import dev.jkops.api.FieldError;
import dev.jkops.api.ValidationException;
import dev.jkops.model.ClusterCompletion;
import dev.jkops.model.NetworkProviders;
import java.util.List;

/**
 * The checks every command that stores a spec runs, in one place so create, replace and edit agree:
 * the api's rules, then the chosen provider's own (a combination that cannot work is refused before
 * anything is written), and the kops-completed spec stored beside the user's.
 */
final class SpecCheck {
  private SpecCheck() {}

  static void check(ClusterBundle bundle) {
    ClusterValidator.check(bundle);
    // Only a spec that passed the api rules is handed to the provider: its checks assume sane
    // CIDRs.
    List<FieldError> providerErrors = new java.util.ArrayList<>(NetworkProviders.validate(bundle));
    providerErrors.addAll(dev.jkops.cloud.local.LocalCloudLimits.check(bundle));
    if (!providerErrors.isEmpty()) {
      throw new ValidationException("cluster " + bundle.name(), providerErrors);
    }
  }

  static Cluster checkAndComplete(ClusterBundle bundle) {
    check(bundle);
    return ClusterCompletion.complete(bundle);
  }
}
