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
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * An instance group's {@code spec.image} resolved to the AMI id a launch template needs, in kops'
 * forms: {@code ami-...} as given; {@code owner/name} with the owner an account id or one of kops'
 * aliases (Canonical's {@code ubuntu}, {@code amazon}, {@code debian10}/{@code debian11}, {@code
 * flatcar}, {@code redhat}); a bare {@code name} among the account's own images ({@code self}).
 * Several images of one name: the newest by creation date, as kops picks. {@code ssm:<parameter>}:
 * the AMI id the SSM parameter holds (AWS publishes its images' ids as such parameters, e.g.
 * Canonical's under {@code /aws/service/canonical/}), read with GetParameter as kops reads it.
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
  private final java.util.function.Supplier<SsmClient> ssm;
  private final AwsRetry retry;
  private final Map<String, String> resolved = new HashMap<>();

  /** A resolver without SSM: an {@code ssm:} image is refused. */
  public AmiResolver(Ec2Client ec2, AwsRetry retry) {
    this(
        ec2,
        () -> {
          throw new AwsException("no SSM client was given to resolve ssm: images");
        },
        retry);
  }

  /**
   * @param ssm the SSM client, made only when an {@code ssm:} image is resolved
   */
  public AmiResolver(Ec2Client ec2, java.util.function.Supplier<SsmClient> ssm, AwsRetry retry) {
    this.ec2 = ec2;
    this.ssm = ssm;
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
      id = parameter(image, field, ((ImageQuery.BySsmParameter) q).parameter());
    }
    resolved.put(image, id);
    return id;
  }

  /** The AMI id an SSM parameter holds; a missing parameter or one holding no id is an error. */
  private String parameter(String image, String field, String name) {
    String value;
    try {
      value =
          retry
              .call(
                  "reading SSM parameter " + name + " (" + field + ")",
                  () -> ssm.get().getParameter(r -> r.name(name)))
              .parameter()
              .value();
    } catch (AwsException e) {
      if (e.getCause() instanceof software.amazon.awssdk.awscore.exception.AwsServiceException ase
          && "ParameterNotFound".equals(AwsRetry.code(ase))) {
        throw new AwsException(
            field
                + ": \""
                + image
                + "\": SSM has no parameter "
                + name
                + " in this region; check the parameter's name and the region, or give the AMI id"
                + " (ami-...) or owner/name",
            e);
      }
      throw e;
    }
    if (value == null || !value.trim().startsWith("ami-")) {
      throw new AwsException(
          field
              + ": \""
              + image
              + "\": SSM parameter "
              + name
              + " holds \""
              + value
              + "\", not an AMI id (ami-...); name a parameter that holds one");
    }
    return value.trim();
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
