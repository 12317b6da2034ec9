package dev.jkops.cloud.terraform;

/**
 * A Terraform expression kept as written: a reference such as {@code aws_vpc.c-example-com.id} or a
 * function call such as {@code file("${path.module}/data/x")}. HCL writes it bare; the JSON syntax
 * wraps it as {@code "${...}"}.
 */
public record TfExpr(String expression) {

  /** A reference to another resource's attribute: {@code <type>.<name>.<attribute>}. */
  public static TfExpr ref(String type, String name, String attribute) {
    return new TfExpr(type + "." + name + "." + attribute);
  }

  /** The contents of a data file written beside the configuration. */
  public static TfExpr file(String dataFile) {
    return new TfExpr("file(\"${path.module}/data/" + dataFile + "\")");
  }

  /** The base64 of a data file (user data). */
  public static TfExpr fileBase64(String dataFile) {
    return new TfExpr("filebase64(\"${path.module}/data/" + dataFile + "\")");
  }
}
