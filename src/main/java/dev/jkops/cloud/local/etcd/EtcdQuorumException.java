package dev.jkops.cloud.local.etcd;

/** A write was refused before anything was sent: too few etcd members are up to form a quorum. */
public final class EtcdQuorumException extends EtcdException {
  public EtcdQuorumException(String message) {
    super(message);
  }
}
