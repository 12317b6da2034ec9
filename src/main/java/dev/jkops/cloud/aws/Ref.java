package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;

/**
 * A reference from one AWS resource to another: either one jkops manages in this plan (resolved to
 * its cloud id when applied, to {@code ${aws_x.name.id}} in Terraform), or one that already exists
 * and is given by its AWS id (an existing VPC or subnet from the spec).
 */
public sealed interface Ref {

  /** How the reference reads in a dry run and in the engine's comparison. */
  String display();

  static Ref to(ResourceId id) {
    return new Managed(id);
  }

  static Ref existing(String awsId) {
    return new Existing(awsId);
  }

  record Managed(ResourceId id) implements Ref {
    @Override
    public String display() {
      return "name:" + id.name();
    }
  }

  record Existing(String awsId) implements Ref {
    public Existing {
      if (awsId == null || awsId.isBlank()) {
        throw new IllegalArgumentException("an existing resource needs its AWS id");
      }
    }

    @Override
    public String display() {
      return "id:" + awsId;
    }
  }
}
