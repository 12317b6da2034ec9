package dev.jkops.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The real {@code terraform} binary with HashiCorp's AWS provider from a local provider mirror, as
 * the judge of the Terraform jkops writes: {@code terraform validate} and an offline {@code
 * terraform plan} (fake credentials and the provider's skip_* settings in an override file, nothing
 * refreshed, no network).
 *
 * <p>Terraform is not a Debian package, so {@code scripts/setup} cannot install it: the binary is
 * looked for on the PATH (or {@code -Djkops.terraform=FILE}), the provider in Terraform's own local
 * mirror directories, {@code /opt/tf-plugins} (where these machines have it), or {@code
 * -Djkops.terraform.mirror=DIR} ({@code JKOPS_TERRAFORM_MIRROR}). When either is missing the tests
 * are skipped with the reason printed; on CI ({@code CI=true}) they fail instead, since Terraform's
 * verdict must be checked there.
 *
 * <p>One {@code terraform init} is shared by every configuration judged: its data directory ({@code
 * TF_DATA_DIR}) links the mirror's provider, and each configuration gets a copy of its dependency
 * lock file. The CLI configuration is the judge's own ({@code TF_CLI_CONFIG_FILE}): the mirror
 * only, direct installation excluded, no plugin cache, no checkpoint calls.
 */
public final class TerraformJudge implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROVIDER = "registry.terraform.io/hashicorp/aws";
  private static final long TIMEOUT_SECONDS = 300;

  private final Path terraform;
  private final Path home;
  private final Path dataDir;
  private final Path lockFile;
  private final Map<String, String> env;

  /** What Terraform said of one configuration. */
  public record Verdict(
      String command, List<String> errors, List<String> warnings, SortedSet<String> addresses) {
    public boolean ok() {
      return errors.isEmpty();
    }
  }

  private TerraformJudge(Path terraform, Path mirror) throws IOException {
    this.terraform = terraform;
    this.home = Files.createTempDirectory("jkops-terraform-");
    Path cli = home.resolve("cli.tfrc");
    Files.writeString(
        cli,
        "disable_checkpoint = true\n"
            + "provider_installation {\n"
            + "  filesystem_mirror {\n    path    = \""
            + mirror
            + "\"\n    include = [\""
            + PROVIDER
            + "\"]\n  }\n"
            + "  direct {\n    exclude = [\""
            + PROVIDER
            + "\"]\n  }\n"
            + "}\n");
    this.dataDir = home.resolve("data");
    this.env =
        Map.of(
            "TF_CLI_CONFIG_FILE",
            cli.toString(),
            "TF_DATA_DIR",
            dataDir.toString(),
            "TF_IN_AUTOMATION",
            "1",
            "CHECKPOINT_DISABLE",
            "1",
            "HOME",
            home.toString());
    Path init = Files.createDirectories(home.resolve("init"));
    Files.writeString(
        init.resolve("main.tf"),
        "terraform {\n  required_providers {\n    aws = {\n"
            + "      source = \"hashicorp/aws\"\n    }\n  }\n}\n");
    List<String> out = new ArrayList<>();
    int code = run(init, out, "init", "-input=false", "-no-color", "-backend=false");
    if (code != 0) {
      throw new IllegalStateException(
          "terraform init with the provider mirror "
              + mirror
              + " failed:\n"
              + String.join("\n", out));
    }
    this.lockFile = init.resolve(".terraform.lock.hcl");
  }

  /**
   * The judge, or the test is skipped (failed on CI) with why: terraform or the AWS provider mirror
   * is not on this machine.
   */
  public static TerraformJudge open() {
    Optional<Path> tf = findTerraform();
    Optional<Path> mirror = findMirror();
    if (tf.isEmpty() || mirror.isEmpty()) {
      String reason =
          (tf.isEmpty()
                  ? "terraform is not on the PATH (set -Djkops.terraform=FILE)"
                  : "no local provider mirror holds "
                      + PROVIDER
                      + " (looked in Terraform's implied mirror directories and"
                      + " /opt/tf-plugins; set -Djkops.terraform.mirror=DIR or JKOPS_TERRAFORM_MIRROR)")
              + "; Terraform is not a Debian package, so scripts/setup does not install it: get terraform and"
              + " the AWS provider from releases.hashicorp.com to run the Terraform acceptance tests";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException(
            "CI must judge jkops' Terraform with terraform itself, but " + reason);
      }
      System.out.println("SKIPPED: " + reason);
      Assumptions.abort(reason);
    }
    try {
      return new TerraformJudge(tf.get(), mirror.get());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Optional<Path> findTerraform() {
    String override = System.getProperty("jkops.terraform");
    if (override != null) {
      return Optional.of(Path.of(override)).filter(Files::isExecutable);
    }
    String path =
        Optional.ofNullable(System.getenv("PATH")).orElse("") + ":/usr/local/bin:/usr/bin";
    return Stream.of(path.split(":"))
        .filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, "terraform"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /**
   * A directory in the mirror's layout ({@code
   * registry.terraform.io/hashicorp/aws/<version>/<os_arch>/}).
   */
  static Optional<Path> findMirror() {
    List<String> candidates = new ArrayList<>();
    Optional.ofNullable(System.getProperty("jkops.terraform.mirror")).ifPresent(candidates::add);
    Optional.ofNullable(System.getenv("JKOPS_TERRAFORM_MIRROR")).ifPresent(candidates::add);
    String userHome = System.getProperty("user.home");
    Optional.ofNullable(System.getenv("XDG_DATA_HOME"))
        .ifPresent(d -> candidates.add(d + "/terraform/plugins"));
    candidates.addAll(
        List.of(
            userHome + "/.terraform.d/plugins",
            userHome + "/.local/share/terraform/plugins",
            "/usr/local/share/terraform/plugins",
            "/usr/share/terraform/plugins",
            "/opt/tf-plugins"));
    return candidates.stream()
        .map(Path::of)
        .filter(d -> hasAwsProvider(d.resolve(PROVIDER)))
        .findFirst();
  }

  private static boolean hasAwsProvider(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.walk(dir, 3)) {
      return s.anyMatch(p -> p.getFileName().toString().startsWith("terraform-provider-aws"));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Makes {@code dir} plannable offline: the shared init's lock file and an override file giving
   * both of kops' AWS provider configurations (default and {@code files}) fake credentials and
   * every skip_* setting that would call AWS.
   */
  public void prepare(Path dir) throws IOException {
    Files.copy(lockFile, dir.resolve(".terraform.lock.hcl"), StandardCopyOption.REPLACE_EXISTING);
    String settings =
        "  access_key                  = \"AKIAIOSFODNN7EXAMPLE\"\n"
            + "  secret_key                  = \"offline-judge-not-a-secret\"\n"
            + "  skip_credentials_validation = true\n"
            + "  skip_metadata_api_check     = true\n"
            + "  skip_region_validation      = true\n"
            + "  skip_requesting_account_id  = true\n";
    // An override may only amend a provider configuration the configuration has: kops >= 1.22 has
    // a second one, aliased files, for the S3 objects.
    String override = "provider \"aws\" {\n" + settings + "}\n";
    if (hasFilesAlias(dir)) {
      override +=
          "\nprovider \"aws\" {\n  alias                       = \"files\"\n" + settings + "}\n";
    }
    Files.writeString(dir.resolve("jkops_offline_override.tf"), override);
  }

  private static boolean hasFilesAlias(Path dir) throws IOException {
    Pattern alias = Pattern.compile("\"?alias\"?\\s*[=:]\\s*\"files\"");
    for (String f : List.of("kubernetes.tf", "kubernetes.tf.json")) {
      Path p = dir.resolve(f);
      if (Files.exists(p) && alias.matcher(Files.readString(p)).find()) {
        return true;
      }
    }
    return false;
  }

  /** {@code terraform validate} of a prepared directory. */
  public Verdict validate(Path dir) {
    List<String> out = new ArrayList<>();
    run(dir, out, "validate", "-json", "-no-color");
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    JsonNode v = parse(String.join("\n", out), out);
    for (JsonNode d : v.path("diagnostics")) {
      ("error".equals(d.path("severity").asText()) ? errors : warnings).add(diagnostic(d));
    }
    if (!v.path("valid").asBoolean(false) && errors.isEmpty()) {
      errors.add(
          "terraform validate said the configuration is invalid:\n" + String.join("\n", out));
    }
    return new Verdict("validate", errors, warnings, new TreeSet<>());
  }

  /**
   * An offline {@code terraform plan} of a prepared directory: its diagnostics and the addresses it
   * would create.
   */
  public Verdict plan(Path dir) {
    List<String> out = new ArrayList<>();
    int code =
        run(
            dir,
            out,
            "plan",
            "-json",
            "-input=false",
            "-lock=false",
            "-refresh=false",
            "-no-color");
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    SortedSet<String> addresses = new TreeSet<>();
    for (String line : out) {
      if (!line.startsWith("{")) {
        continue;
      }
      JsonNode m = parse(line, out);
      switch (m.path("type").asText()) {
        case "diagnostic" ->
            ("error".equals(m.path("@level").asText()) ? errors : warnings)
                .add(diagnostic(m.path("diagnostic")));
        case "planned_change" ->
            addresses.add(m.path("change").path("resource").path("addr").asText());
        default -> {}
      }
    }
    if (code != 0 && errors.isEmpty()) {
      errors.add("terraform plan exited " + code + ":\n" + String.join("\n", out));
    }
    return new Verdict("plan", errors, warnings, addresses);
  }

  /**
   * The planned values ({@code terraform show -json} of a saved offline plan): what Terraform would
   * send to AWS, every string as Terraform evaluated it.
   */
  public JsonNode plannedValues(Path dir) {
    List<String> out = new ArrayList<>();
    int code =
        run(
            dir,
            out,
            "plan",
            "-input=false",
            "-lock=false",
            "-refresh=false",
            "-no-color",
            "-out=jkops.tfplan");
    if (code != 0) {
      throw new AssertionError("terraform plan failed:\n" + String.join("\n", out));
    }
    List<String> shown = new ArrayList<>();
    if (run(dir, shown, "show", "-json", "-no-color", "jkops.tfplan") != 0) {
      throw new AssertionError("terraform show failed:\n" + String.join("\n", shown));
    }
    String json =
        shown.stream()
            .filter(l -> l.startsWith("{"))
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "terraform show wrote no JSON:\n" + String.join("\n", shown)));
    return parse(json, shown).path("planned_values");
  }

  private static String diagnostic(JsonNode d) {
    JsonNode range = d.path("range");
    String where =
        range.isMissingNode()
            ? ""
            : range.path("filename").asText()
                + ":"
                + range.path("start").path("line").asText()
                + ": ";
    String snippet = d.path("snippet").path("code").asText("").strip();
    return where
        + d.path("summary").asText()
        + (d.path("detail").asText("").isEmpty() ? "" : " (" + d.path("detail").asText() + ")")
        + (snippet.isEmpty() ? "" : " [" + snippet + "]");
  }

  private static JsonNode parse(String text, List<String> all) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException(
          "terraform wrote what is not JSON:\n" + String.join("\n", all), e);
    }
  }

  private int run(Path dir, List<String> out, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(terraform.toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("TF_") || k.startsWith("AWS_"));
    pb.environment().putAll(env);
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      try (var r = p.inputReader(StandardCharsets.UTF_8)) {
        r.lines().forEach(out::add);
      }
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "terraform " + args[0] + " in " + dir + " took over " + TIMEOUT_SECONDS + " s");
      }
      return p.exitValue();
    } catch (IOException e) {
      throw new UncheckedIOException("running " + terraform + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while terraform " + args[0] + " ran", e);
    }
  }

  @Override
  public void close() throws IOException {
    try (Stream<Path> all = Files.walk(home)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
