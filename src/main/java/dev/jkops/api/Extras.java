package dev.jkops.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fields of a kops object that jkops does not model (etcdClusters, iam, kubeAPIServer, ...). They
 * are kept verbatim so that {@code get -o yaml} and {@code replace} give them back unchanged.
 */
final class Extras {
  private Extras() {}

  static Map<String, Object> copy(Map<String, Object> extra) {
    return extra == null ? new LinkedHashMap<>() : new LinkedHashMap<>(extra);
  }
}
