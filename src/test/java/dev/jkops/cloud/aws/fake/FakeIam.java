package dev.jkops.cloud.aws.fake;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.*;

/**
 * IAM roles, inline policies and instance profiles; documents come back URL-encoded, as IAM returns
 * them.
 */
public final class FakeIam implements IamClient {
  private final FakeAws aws;
  public final Map<String, Role> roles = new LinkedHashMap<>();
  public final Map<String, String> policies = new LinkedHashMap<>();
  public final Map<String, InstanceProfile> profiles = new LinkedHashMap<>();

  FakeIam(FakeAws aws) {
    this.aws = aws;
  }

  private static NoSuchEntityException noSuch(String what) {
    return (NoSuchEntityException)
        NoSuchEntityException.builder()
            .awsErrorDetails(
                software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                    .errorCode("NoSuchEntity")
                    .errorMessage(what + " cannot be found")
                    .build())
            .statusCode(404)
            .build();
  }

  private Role role(String name) {
    Role r = roles.get(name);
    if (r == null) {
      throw noSuch("The role with name " + name);
    }
    return r;
  }

  @Override
  public GetRoleResponse getRole(GetRoleRequest r) {
    aws.call("getRole");
    Role role = role(r.roleName());
    return GetRoleResponse.builder()
        .role(
            role.toBuilder()
                .assumeRolePolicyDocument(
                    URLEncoder.encode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8))
                .build())
        .build();
  }

  @Override
  public CreateRoleResponse createRole(CreateRoleRequest r) {
    aws.call("createRole");
    if (roles.containsKey(r.roleName())) {
      throw EntityAlreadyExistsException.builder()
          .awsErrorDetails(
              software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                  .errorCode("EntityAlreadyExists")
                  .errorMessage("Role exists")
                  .build())
          .build();
    }
    Role role =
        Role.builder()
            .roleName(r.roleName())
            .arn("arn:aws:iam::123456789012:role/" + r.roleName())
            .assumeRolePolicyDocument(r.assumeRolePolicyDocument())
            .tags(r.tags())
            .build();
    roles.put(r.roleName(), role);
    return CreateRoleResponse.builder().role(role).build();
  }

  @Override
  public UpdateAssumeRolePolicyResponse updateAssumeRolePolicy(UpdateAssumeRolePolicyRequest r) {
    aws.call("updateAssumeRolePolicy");
    roles.put(
        r.roleName(),
        role(r.roleName()).toBuilder().assumeRolePolicyDocument(r.policyDocument()).build());
    return UpdateAssumeRolePolicyResponse.builder().build();
  }

  @Override
  public TagRoleResponse tagRole(TagRoleRequest r) {
    aws.call("tagRole");
    Map<String, Tag> m = new LinkedHashMap<>();
    role(r.roleName()).tags().forEach(t -> m.put(t.key(), t));
    r.tags().forEach(t -> m.put(t.key(), t));
    roles.put(
        r.roleName(), role(r.roleName()).toBuilder().tags(new ArrayList<>(m.values())).build());
    return TagRoleResponse.builder().build();
  }

  @Override
  public DeleteRoleResponse deleteRole(DeleteRoleRequest r) {
    aws.call("deleteRole");
    role(r.roleName());
    boolean inUse =
        policies.keySet().stream().anyMatch(k -> k.startsWith(r.roleName() + "/"))
            || profiles.values().stream()
                .anyMatch(p -> p.roles().stream().anyMatch(x -> x.roleName().equals(r.roleName())));
    if (inUse) {
      throw DeleteConflictException.builder()
          .awsErrorDetails(
              software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                  .errorCode("DeleteConflict")
                  .errorMessage("Cannot delete entity, must remove policies first.")
                  .build())
          .build();
    }
    roles.remove(r.roleName());
    return DeleteRoleResponse.builder().build();
  }

  @Override
  public GetRolePolicyResponse getRolePolicy(GetRolePolicyRequest r) {
    aws.call("getRolePolicy");
    String doc = policies.get(r.roleName() + "/" + r.policyName());
    if (doc == null) {
      throw noSuch("The role policy with name " + r.policyName());
    }
    return GetRolePolicyResponse.builder()
        .roleName(r.roleName())
        .policyName(r.policyName())
        .policyDocument(URLEncoder.encode(doc, StandardCharsets.UTF_8))
        .build();
  }

  @Override
  public PutRolePolicyResponse putRolePolicy(PutRolePolicyRequest r) {
    aws.call("putRolePolicy");
    role(r.roleName());
    policies.put(r.roleName() + "/" + r.policyName(), r.policyDocument());
    return PutRolePolicyResponse.builder().build();
  }

  @Override
  public DeleteRolePolicyResponse deleteRolePolicy(DeleteRolePolicyRequest r) {
    aws.call("deleteRolePolicy");
    if (policies.remove(r.roleName() + "/" + r.policyName()) == null) {
      throw noSuch("The role policy with name " + r.policyName());
    }
    return DeleteRolePolicyResponse.builder().build();
  }

  @Override
  public GetInstanceProfileResponse getInstanceProfile(GetInstanceProfileRequest r) {
    aws.call("getInstanceProfile");
    InstanceProfile p = profiles.get(r.instanceProfileName());
    if (p == null) {
      throw noSuch("Instance Profile " + r.instanceProfileName());
    }
    return GetInstanceProfileResponse.builder().instanceProfile(p).build();
  }

  @Override
  public CreateInstanceProfileResponse createInstanceProfile(CreateInstanceProfileRequest r) {
    aws.call("createInstanceProfile");
    InstanceProfile p =
        InstanceProfile.builder()
            .instanceProfileName(r.instanceProfileName())
            .tags(r.tags())
            .roles(List.of())
            .build();
    profiles.put(r.instanceProfileName(), p);
    return CreateInstanceProfileResponse.builder().instanceProfile(p).build();
  }

  @Override
  public AddRoleToInstanceProfileResponse addRoleToInstanceProfile(
      AddRoleToInstanceProfileRequest r) {
    aws.call("addRoleToInstanceProfile");
    InstanceProfile p = profiles.get(r.instanceProfileName());
    profiles.put(p.instanceProfileName(), p.toBuilder().roles(role(r.roleName())).build());
    return AddRoleToInstanceProfileResponse.builder().build();
  }

  @Override
  public RemoveRoleFromInstanceProfileResponse removeRoleFromInstanceProfile(
      RemoveRoleFromInstanceProfileRequest r) {
    aws.call("removeRoleFromInstanceProfile");
    InstanceProfile p = profiles.get(r.instanceProfileName());
    profiles.put(p.instanceProfileName(), p.toBuilder().roles(List.of()).build());
    return RemoveRoleFromInstanceProfileResponse.builder().build();
  }

  @Override
  public DeleteInstanceProfileResponse deleteInstanceProfile(DeleteInstanceProfileRequest r) {
    aws.call("deleteInstanceProfile");
    if (profiles.remove(r.instanceProfileName()) == null) {
      throw noSuch("Instance Profile " + r.instanceProfileName());
    }
    return DeleteInstanceProfileResponse.builder().build();
  }

  @Override
  public String serviceName() {
    return "iam";
  }

  @Override
  public void close() {}
}
