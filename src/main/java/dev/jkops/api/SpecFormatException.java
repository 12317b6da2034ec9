package dev.jkops.api;

/**
 * A spec that cannot be read: bad YAML, a wrong kind, a field of the wrong type. The message names
 * the file (when known), the field path and the fix.
 */
public final class SpecFormatException extends ApiException {
  private final String field;
  private final String detail;

  private SpecFormatException(String file, String field, String detail, Throwable cause) {
    super((file == null ? "" : file + ": ") + (field == null ? "" : field + ": ") + detail, cause);
    this.field = field;
    this.detail = detail;
  }

  public static SpecFormatException at(String field, String detail) {
    return new SpecFormatException(null, field, detail, null);
  }

  public static SpecFormatException at(String field, String detail, Throwable cause) {
    return new SpecFormatException(null, field, detail, cause);
  }

  /** The field path, e.g. {@code spec.networking.flannel.backend}, or null for the whole file. */
  public String field() {
    return field;
  }

  /** The same error, said about a file. */
  public SpecFormatException inFile(String file) {
    return new SpecFormatException(file, field, detail, getCause());
  }
}
