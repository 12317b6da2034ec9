package dev.jkops.cloud.local.apiserver;

import java.security.cert.X509Certificate;

/** For tests outside the package: reads a PEM certificate as the API server does. */
public final class ClusterPkiAccess {
  private ClusterPkiAccess() {}

  public static X509Certificate read(String pem) {
    return ClusterPki.readCertificate(pem);
  }
}
