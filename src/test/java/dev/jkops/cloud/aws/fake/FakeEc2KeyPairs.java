package dev.jkops.cloud.aws.fake;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.*;

/** Imported key pairs: EC2 refuses a name twice and anything but an OpenSSH public key. */
final class FakeEc2KeyPairs {
  private final FakeEc2 ec2;
  final Map<String, KeyPairInfo> keyPairs = new LinkedHashMap<>();

  FakeEc2KeyPairs(FakeEc2 ec2) {
    this.ec2 = ec2;
  }

  ImportKeyPairResponse importKeyPair(ImportKeyPairRequest r) {
    ec2.aws.call("importKeyPair");
    String material = r.publicKeyMaterial().asString(StandardCharsets.UTF_8);
    if (!material.matches("(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp\\d+) [A-Za-z0-9+/=]+( .*)?\\s*")) {
      throw FakeAws.error(
          "InvalidKey.Format", "Key is not in valid OpenSSH public key format", 400);
    }
    if (keyPairs.values().stream().anyMatch(k -> k.keyName().equals(r.keyName()))) {
      throw FakeAws.error(
          "InvalidKeyPair.Duplicate", "The keypair '" + r.keyName() + "' already exists.", 400);
    }
    String id = ec2.aws.id("key");
    keyPairs.put(
        id,
        KeyPairInfo.builder()
            .keyPairId(id)
            .keyName(r.keyName())
            .keyFingerprint("fake:" + Integer.toHexString(material.hashCode()))
            .publicKey(material.strip())
            .tags(FakeEc2.tags(r.tagSpecifications()))
            .build());
    ec2.aws.created(id);
    return ImportKeyPairResponse.builder().keyPairId(id).keyName(r.keyName()).build();
  }

  DescribeKeyPairsResponse describe(DescribeKeyPairsRequest r) {
    ec2.aws.call("describeKeyPairs");
    List<KeyPairInfo> found =
        keyPairs.values().stream()
            .filter(k -> Filters.match(r.filters(), k.tags(), Map.of("key-name", k.keyName())))
            .toList();
    return DescribeKeyPairsResponse.builder().keyPairs(found).build();
  }

  DeleteKeyPairResponse delete(DeleteKeyPairRequest r) {
    ec2.aws.call("deleteKeyPair");
    keyPairs.remove(r.keyPairId());
    return DeleteKeyPairResponse.builder().build();
  }

  boolean tag(String id, List<Tag> tags) {
    KeyPairInfo k = keyPairs.get(id);
    if (k == null) {
      return false;
    }
    keyPairs.put(id, k.toBuilder().tags(FakeEc2.merge(k.tags(), tags)).build());
    return true;
  }
}
