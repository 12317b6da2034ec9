package dev.jkops.cloud.local.etcd;

import dev.jkops.api.UserFacingException;

/**
 * etcd could not do what was asked: a member is down, the cluster has no quorum, a request failed.
 */
public class EtcdException extends UserFacingException {
  public EtcdException(String message) {
    super(message);
  }

  public EtcdException(String message, Throwable cause) {
    super(message, cause);
  }
}
