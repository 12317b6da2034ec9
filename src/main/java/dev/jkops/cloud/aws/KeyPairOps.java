package dev.jkops.cloud.aws;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/** EC2 key pairs: found by name, imported from the admin key, deleted by id. */
final class KeyPairOps {
  private final AwsContext c;

  KeyPairOps(AwsContext c) {
    this.c = c;
  }

  Optional<AwsResource> find(KeyPair d) {
    // A filter, not keyNames: EC2 answers a missing name in keyNames with an error.
    var found =
        c.retry()
            .call(
                "finding key pair " + d.name(),
                () ->
                    c.ec2().describeKeyPairs(r -> r.filters(Ec2Tags.filter("key-name", d.name()))))
            .keyPairs();
    return found.stream().findFirst().map(this::keyPair);
  }

  /** The key pairs the cluster owns (tagged as it tags them). */
  List<AwsResource> owned() {
    return c
        .retry()
        .call(
            "listing key pairs",
            () -> c.ec2().describeKeyPairs(r -> r.filters(Ec2Tags.owned(c.cluster()))))
        .keyPairs()
        .stream()
        .map(this::keyPair)
        .toList();
  }

  private AwsResource keyPair(software.amazon.awssdk.services.ec2.model.KeyPairInfo k) {
    KeyPair live =
        new KeyPair(
            k.keyName(),
            k.keyFingerprint(),
            k.publicKey() == null ? "" : k.publicKey(),
            Ec2Tags.map(k.tags(), null));
    c.ids().put(live.id(), k.keyPairId());
    return live;
  }

  void create(KeyPair d) {
    String id =
        c.retry()
            .callAfterCreate(
                "importing key pair " + d.name(),
                () ->
                    c.ec2()
                        .importKeyPair(
                            r ->
                                r.keyName(d.name())
                                    .publicKeyMaterial(
                                        SdkBytes.fromString(d.publicKey(), StandardCharsets.UTF_8))
                                    .tagSpecifications(
                                        Ec2Tags.spec(ResourceType.KEY_PAIR, d.tags()))))
            .keyPairId();
    c.ids().put(d.id(), id);
  }

  void delete(KeyPair live) {
    String id = c.ids().require(live.id());
    c.retry()
        .run("deleting key pair " + live.name(), () -> c.ec2().deleteKeyPair(r -> r.keyPairId(id)));
  }
}
