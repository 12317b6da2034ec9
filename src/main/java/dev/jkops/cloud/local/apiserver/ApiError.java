package dev.jkops.cloud.local.apiserver;

import java.util.List;

/**
 * A request the API refuses, answered as Kubernetes answers it: a {@code Status} object with the
 * HTTP code, a reason kubectl knows (NotFound, AlreadyExists, Invalid, ...) and, for Invalid, one
 * cause per field.
 */
final class ApiError extends RuntimeException {
  record Cause(String reason, String field, String message) {}

  final int code;
  final String reason;
  final String name;
  final String group;
  final String kind;
  final List<Cause> causes;

  ApiError(
      int code,
      String reason,
      String message,
      String name,
      String group,
      String kind,
      List<Cause> causes) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.name = name;
    this.group = group;
    this.kind = kind;
    this.causes = causes;
  }

  static ApiError notFound(ResourceType t, String name) {
    return new ApiError(
        404,
        "NotFound",
        t.qualifiedPlural() + " \"" + name + "\" not found",
        name,
        t.group(),
        t.plural(),
        List.of());
  }

  static ApiError namespaceNotFound(String ns) {
    return new ApiError(
        404, "NotFound", "namespaces \"" + ns + "\" not found", ns, "", "namespaces", List.of());
  }

  static ApiError alreadyExists(ResourceType t, String name) {
    return new ApiError(
        409,
        "AlreadyExists",
        t.qualifiedPlural() + " \"" + name + "\" already exists",
        name,
        t.group(),
        t.plural(),
        List.of());
  }

  static ApiError invalid(ResourceType t, String name, List<Cause> causes) {
    StringBuilder m =
        new StringBuilder(
            t.kind()
                + (t.group().isEmpty() ? "" : "." + t.group())
                + " \""
                + name
                + "\" is invalid: ");
    m.append(String.join(", ", causes.stream().map(c -> c.field() + ": " + c.message()).toList()));
    return new ApiError(422, "Invalid", m.toString(), name, t.group(), t.kind(), causes);
  }

  static ApiError badRequest(String message) {
    return new ApiError(400, "BadRequest", message, null, null, null, List.of());
  }

  static ApiError forbidden(ResourceType t, String name, String why) {
    return new ApiError(
        403,
        "Forbidden",
        t.qualifiedPlural() + " \"" + name + "\" is forbidden: " + why,
        name,
        t.group(),
        t.plural(),
        List.of());
  }

  static ApiError unsupportedMediaType(String message) {
    return new ApiError(415, "UnsupportedMediaType", message, null, null, null, List.of());
  }

  static ApiError methodNotAllowed(String message) {
    return new ApiError(405, "MethodNotAllowed", message, null, null, null, List.of());
  }

  static ApiError unavailable(String message) {
    return new ApiError(503, "ServiceUnavailable", message, null, null, null, List.of());
  }
}
