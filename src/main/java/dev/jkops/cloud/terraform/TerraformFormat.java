package dev.jkops.cloud.terraform;

import java.util.Locale;

/**
 * How {@code --terraform-format} writes the configuration: kops' HCL or Terraform's JSON syntax.
 */
public enum TerraformFormat {
  HCL("kubernetes.tf"),
  JSON("kubernetes.tf.json");

  private final String fileName;

  TerraformFormat(String fileName) {
    this.fileName = fileName;
  }

  public String fileName() {
    return fileName;
  }

  public String render(TerraformConfig config) {
    return this == HCL ? TerraformHclWriter.write(config) : TerraformJsonWriter.write(config);
  }

  public static TerraformFormat parse(String text) {
    try {
      return valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "--terraform-format \"" + text + "\" is not supported; use hcl or json", e);
    }
  }
}
