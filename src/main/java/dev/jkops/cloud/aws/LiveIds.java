package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS ids of the resources found or created so far, both ways: references in desired resources
 * become ids when applied, and ids in live resources become names again when compared.
 */
final class LiveIds {
  private final Map<ResourceId, String> awsIds = new HashMap<>();
  private final Map<String, ResourceId> names = new HashMap<>();

  void put(ResourceId id, String awsId) {
    awsIds.put(id, awsId);
    names.put(awsId, id);
  }

  /**
   * An existing resource the spec names by its id (an existing VPC or subnet): desired resources
   * refer to it by that id ({@link Ref.Existing}), so live ones read back refer to it the same way,
   * not by its name.
   */
  void putExisting(ResourceId id, String awsId) {
    awsIds.put(id, awsId);
  }

  void remove(ResourceId id) {
    String awsId = awsIds.remove(id);
    if (awsId != null) {
      names.remove(awsId);
    }
  }

  Optional<String> awsId(ResourceId id) {
    return Optional.ofNullable(awsIds.get(id));
  }

  /** The AWS id a reference stands for; a managed one must have been found or created already. */
  String resolve(Ref ref) {
    if (ref instanceof Ref.Existing e) {
      return e.awsId();
    }
    ResourceId id = ((Ref.Managed) ref).id();
    return require(id);
  }

  String require(ResourceId id) {
    String awsId = awsIds.get(id);
    if (awsId == null) {
      throw new AwsException(
          id + " is needed but does not exist yet; it should have been created first");
    }
    return awsId;
  }

  /** The reference an AWS id stands for: the managed resource's name if known, else the id. */
  Ref ref(String awsId) {
    ResourceId id = names.get(awsId);
    return id != null ? Ref.to(id) : Ref.existing(awsId);
  }

  Optional<ResourceId> name(String awsId) {
    return Optional.ofNullable(names.get(awsId));
  }
}
