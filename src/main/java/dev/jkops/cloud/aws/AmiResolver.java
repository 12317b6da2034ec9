package dev.jkops.cloud.aws;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.Image;

/**
 * An instance group's {@code spec.image} resolved to the AMI id a launch template needs, in kops'
 * forms: {@code ami-...} as given; {@code owner/name} with the owner an account id or one of kops'
 * aliases (Canonical's {@code ubuntu}, {@code amazon}, {@code debian10}/{@code debian11}, {@code
 * flatcar}, {@code redhat}); a bare {@code name} among the account's own images ({@code self}).
 * Several images of one name: the newest by creation date, as kops picks. {@code ssm:/...} (an SSM
 * parameter holding the id) is refused with the reason: the SDK's SSM module is not part of jkops'
 * build yet.
 */
public final class AmiResolver {
  /** kops' owner aliases and the accounts they stand for. */
  public static final Map<String, String> OWNER_ALIASES =
      Map.of(
          "ubuntu", "099720109477",
          "amazon", "137112412989",
          "amazon.com", "137112412989",
          "debian10", "136693071363",
          "debian11", "136693071363",
          "flatcar", "075585003325",
          "redhat", "309956199498",
          "redhat.com", "309956199498");

  /** What {@code spec.image} asks for. */
  public sealed interface ImageQuery {
    /** {@code ami-...}: used as given. */
    record ById(String amiId) implements ImageQuery {}

    /** The images named {@code name} owned by {@code owner} (an account id or {@code self}). */
    record ByName(String owner, String name) implements ImageQuery {}

    /** {@code ssm:<parameter>}: the id an SSM parameter holds. */
    record BySsmParameter(String parameter) implements ImageQuery {}
  }

  private final Ec2Client ec2;
  private final AwsRetry retry;
  private final Map<String, String> resolved = new HashMap<>();

  public AmiResolver(Ec2Client ec2, AwsRetry retry) {
    this.ec2 = ec2;
    this.retry = retry;
  }

  /** The query for an image as kops reads it. */
  public static ImageQuery parse(String image) {
    String s = image.trim();
    if (s.startsWith("ami-")) {
      return new ImageQuery.ById(s);
    }
    if (s.startsWith("ssm:")) {
      return new ImageQuery.BySsmParameter(s.substring("ssm:".length()));
    }
    int slash = s.indexOf('/');
    if (slash < 0) {
      return new ImageQuery.ByName("self", s);
    }
    String owner = s.substring(0, slash);
    return new ImageQuery.ByName(OWNER_ALIASES.getOrDefault(owner, owner), s.substring(slash + 1));
  }

  /**
   * The AMI id for {@code image}; {@code field} names where it was given (for the error). Each
   * image is looked up once per resolver.
   */
  public String resolve(String image, String field) {
    String cached = resolved.get(image);
    if (cached != null) {
      return cached;
    }
    ImageQuery q = parse(image);
    String id;
    if (q instanceof ImageQuery.ById byId) {
      id = byId.amiId();
    } else if (q instanceof ImageQuery.ByName byName) {
      id = newest(image, field, byName);
    } else {
      throw new AwsException(
          field
              + ": \""
              + image
              + "\" names an SSM parameter; jkops cannot read SSM parameters yet (the AWS"
              + " SDK's SSM module is not in its build): give the AMI id (ami-...) or owner/name,"
              + " e.g. ubuntu/ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20250610");
    }
    resolved.put(image, id);
    return id;
  }

  private String newest(String image, String field, ImageQuery.ByName q) {
    List<Image> images =
        retry.call(
            "looking up image \"" + image + "\" (" + field + ")",
            () ->
                ec2
                    .describeImagesPaginator(
                        DescribeImagesRequest.builder()
                            .owners(q.owner())
                            .filters(f -> f.name("name").values(q.name()))
                            .build())
                    .images()
                    .stream()
                    .toList());
    Optional<Image> newest = images.stream().max(Comparator.comparing(AmiResolver::created));
    return newest
        .map(Image::imageId)
        .orElseThrow(
            () ->
                new AwsException(
                    field
                        + ": could not find image \""
                        + image
                        + "\" (owner "
                        + q.owner()
                        + ", name "
                        + q.name()
                        + ") in this region; check the name, the owner and the region"));
  }

  private static Instant created(Image i) {
    try {
      return i.creationDate() == null ? Instant.MIN : Instant.parse(i.creationDate());
    } catch (DateTimeParseException e) {
      return Instant.MIN;
    }
  }
}
