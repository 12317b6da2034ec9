package dev.jkops.cloud.terraform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a configuration as kops' {@code kubernetes.tf}: HCL in {@code terraform fmt} layout.
 * Attributes are sorted; runs of one-line attributes align their {@code =}; maps and nested blocks
 * break a run, as {@code terraform fmt} does.
 */
public final class TerraformHclWriter {
  private TerraformHclWriter() {}

  public static String write(TerraformConfig config) {
    StringBuilder sb = new StringBuilder();
    if (!config.outputs().isEmpty()) {
      sb.append("locals {\n");
      body(sb, config.outputs(), "  ");
      sb.append("}\n\n");
      config
          .outputs()
          .forEach(
              (k, v) ->
                  sb.append("output \"")
                      .append(k)
                      .append("\" {\n  value = ")
                      .append(inline(v))
                      .append("\n}\n\n"));
    }
    sb.append("provider \"aws\" {\n  region = ").append(quote(config.region())).append("\n}\n\n");
    sb.append("provider \"aws\" {\n  alias  = \"files\"\n  region = ")
        .append(quote(config.region()))
        .append("\n}\n\n");
    for (TfResource r : config.resources()) {
      block(sb, "resource", r);
    }
    // kops writes its data sources after the resources.
    for (TfResource d : config.dataSources()) {
      block(sb, "data", d);
    }
    sb.append(
            "terraform {\n  required_version = \">= 0.15.0\"\n  required_providers {\n    aws = {\n")
        .append("      \"configuration_aliases\" = [aws.files]\n")
        .append("      \"source\"                = \"hashicorp/aws\"\n")
        .append("      \"version\"               = \">= 5.0.0\"\n    }\n  }\n}\n");
    return sb.toString();
  }

  private static void block(StringBuilder sb, String keyword, TfResource r) {
    sb.append(keyword)
        .append(' ')
        .append(quote(r.type()))
        .append(' ')
        .append(quote(r.name()))
        .append(" {\n");
    body(sb, r.attributes(), "  ");
    sb.append("}\n\n");
  }

  /** Writes attributes at {@code indent}, aligning each run of one-line attributes. */
  static void body(StringBuilder sb, Map<String, ?> attributes, String indent) {
    List<Map.Entry<String, ?>> run = new ArrayList<>();
    for (Map.Entry<String, ?> e : attributes.entrySet()) {
      Object v = e.getValue();
      if (isBlocks(v) || isMultiLine(v)) {
        flush(sb, run, indent);
        if (v instanceof TfBlock b) {
          block(sb, e.getKey(), b, indent);
        } else if (isBlocks(v)) {
          for (Object b : (List<?>) v) {
            block(sb, e.getKey(), (TfBlock) b, indent);
          }
        } else {
          sb.append(indent).append(e.getKey()).append(" = {\n");
          map(sb, (Map<?, ?>) v, indent + "  ");
          sb.append(indent).append("}\n");
        }
      } else {
        run.add(e);
      }
    }
    flush(sb, run, indent);
  }

  private static void block(StringBuilder sb, String name, TfBlock b, String indent) {
    sb.append(indent).append(name).append(" {\n");
    body(sb, b.attributes(), indent + "  ");
    sb.append(indent).append("}\n");
  }

  private static void flush(StringBuilder sb, List<Map.Entry<String, ?>> run, String indent) {
    int w = run.stream().mapToInt(e -> e.getKey().length()).max().orElse(0);
    for (Map.Entry<String, ?> e : run) {
      sb.append(indent)
          .append(pad(e.getKey(), w))
          .append(" = ")
          .append(inline(e.getValue()))
          .append('\n');
    }
    run.clear();
  }

  private static void map(StringBuilder sb, Map<?, ?> m, String indent) {
    int w = m.keySet().stream().mapToInt(k -> quote(k.toString()).length()).max().orElse(0);
    m.forEach(
        (k, v) ->
            sb.append(indent)
                .append(pad(quote(k.toString()), w))
                .append(" = ")
                .append(inline(v))
                .append('\n'));
  }

  private static boolean isBlocks(Object v) {
    return v instanceof TfBlock
        || (v instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof TfBlock);
  }

  private static boolean isMultiLine(Object v) {
    return v instanceof Map<?, ?> m && !m.isEmpty();
  }

  static String inline(Object v) {
    if (v instanceof String s) {
      return quote(s);
    } else if (v instanceof TfExpr e) {
      return e.expression();
    } else if (v instanceof TfStaticRef r) {
      return r.reference();
    } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
      return v.toString();
    } else if (v instanceof List<?> l) {
      List<String> parts = new ArrayList<>();
      l.forEach(x -> parts.add(inline(x)));
      return "[" + String.join(", ", parts) + "]";
    } else if (v instanceof Map<?, ?> m && m.isEmpty()) {
      return "{}";
    }
    throw new IllegalArgumentException(
        "no inline HCL form for " + (v == null ? "null" : v.getClass().getName()));
  }

  /**
   * A quoted HCL string that Terraform reads back as exactly {@code s}: a quoted string is a
   * template, so {@code ${} and {@code %{} are doubled ({@code $${}, {@code %%{}) and never
   * evaluated; backslash, quote and control characters are escaped, so nothing can end the string
   * or the line.
   */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean opensTemplate = i + 1 < s.length() && s.charAt(i + 1) == '{';
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '$', '%' -> sb.append(c).append(opensTemplate ? String.valueOf(c) : "");
        default -> {
          if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  private static String pad(String s, int w) {
    return s.length() >= w ? s : s + " ".repeat(w - s.length());
  }
}
