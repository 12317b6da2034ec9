package dev.jkops.api;

/**
 * One validation failure at a field path, shaped like kops' field errors, e.g. {@code
 * spec.networking.flannel.backend: Unsupported value: "x": supported values: "udp", "vxlan"}.
 */
public record FieldError(String path, Type type, String detail) {

  public enum Type {
    REQUIRED("Required value"),
    INVALID("Invalid value"),
    UNSUPPORTED("Unsupported value"),
    DUPLICATE("Duplicate value"),
    FORBIDDEN("Forbidden"),
    NOT_FOUND("Not found"),
    TOO_MANY("Too many");

    private final String text;

    Type(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  public static FieldError required(String path, String detail) {
    return new FieldError(path, Type.REQUIRED, detail);
  }

  public static FieldError invalid(String path, Object value, String detail) {
    return new FieldError(path, Type.INVALID, quote(value) + ": " + detail);
  }

  public static FieldError unsupported(String path, Object value, String detail) {
    return new FieldError(path, Type.UNSUPPORTED, quote(value) + ": " + detail);
  }

  public static FieldError duplicate(String path, Object value) {
    return new FieldError(path, Type.DUPLICATE, quote(value));
  }

  public static FieldError duplicate(String path, Object value, String detail) {
    return new FieldError(path, Type.DUPLICATE, quote(value) + ": " + detail);
  }

  public static FieldError forbidden(String path, String detail) {
    return new FieldError(path, Type.FORBIDDEN, detail);
  }

  public static FieldError notFound(String path, Object value, String detail) {
    return new FieldError(path, Type.NOT_FOUND, quote(value) + ": " + detail);
  }

  private static String quote(Object v) {
    return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
  }

  @Override
  public String toString() {
    return path + ": " + type.text() + ": " + detail;
  }
}
