package dev.jkops.cloud.aws;

/** Cordons and drains the Kubernetes node of an EC2 instance. */
public interface NodeDrainer {
  void cordon(String instanceId);

  void drain(String instanceId);
}
