package dev.jkops.cloud.terraform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Writes a configuration in Terraform's JSON syntax ({@code kubernetes.tf.json}) the way kops' JSON
 * output reads: every block is a one-element list, expressions are {@code "${...}"} strings.
 */
public final class TerraformJsonWriter {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TerraformJsonWriter() {}

  public static String write(TerraformConfig config) {
    ObjectNode root = F.objectNode();
    if (!config.outputs().isEmpty()) {
      ObjectNode locals = F.objectNode();
      ObjectNode outputs = F.objectNode();
      config
          .outputs()
          .forEach(
              (k, v) -> {
                locals.set(k, value(v));
                outputs.set(k, F.arrayNode().add(F.objectNode().set("value", value(v))));
              });
      root.set("locals", F.arrayNode().add(locals));
      root.set("output", outputs);
    }
    ArrayNode aws = F.arrayNode();
    aws.add(F.objectNode().put("region", config.region()));
    aws.add(F.objectNode().put("alias", "files").put("region", config.region()));
    root.set("provider", F.objectNode().set("aws", aws));
    root.set("resource", byType(config.resources()));
    if (!config.dataSources().isEmpty()) {
      root.set("data", byType(config.dataSources()));
    }
    ObjectNode awsProvider = F.objectNode();
    // Terraform's JSON syntax takes a static reference here as a bare string, not a "${...}"
    // template.
    awsProvider.set("configuration_aliases", F.arrayNode().add("aws.files"));
    awsProvider.put("source", "hashicorp/aws").put("version", ">= 5.0.0");
    ObjectNode terraform = F.objectNode();
    terraform.set("required_providers", F.arrayNode().add(F.objectNode().set("aws", awsProvider)));
    terraform.put("required_version", ">= 0.15.0");
    root.set("terraform", F.arrayNode().add(terraform));
    return pretty(root);
  }

  /** Blocks by type, then name, each a one-element list of its attributes. */
  private static ObjectNode byType(List<TfResource> blocks) {
    ObjectNode out = F.objectNode();
    for (TfResource r : blocks) {
      ObjectNode byType =
          out.has(r.type()) ? (ObjectNode) out.get(r.type()) : out.putObject(r.type());
      byType.set(r.name(), F.arrayNode().add(object(r.attributes())));
    }
    return out;
  }

  private static ObjectNode object(Map<String, ?> attributes) {
    ObjectNode o = F.objectNode();
    attributes.forEach((k, v) -> o.set(k, value(v)));
    return o;
  }

  static JsonNode value(Object v) {
    if (v instanceof String s) {
      return F.textNode(literal(s));
    } else if (v instanceof Boolean b) {
      return F.booleanNode(b);
    } else if (v instanceof Integer i) {
      return F.numberNode(i);
    } else if (v instanceof Long l) {
      return F.numberNode(l);
    } else if (v instanceof TfExpr e) {
      return F.textNode("${" + e.expression() + "}");
    } else if (v instanceof TfStaticRef r) {
      return F.textNode(r.reference());
    } else if (v instanceof TfBlock b) {
      return F.arrayNode().add(object(b.attributes()));
    } else if (v instanceof Map<?, ?> m) {
      ObjectNode o = F.objectNode();
      m.forEach((k, x) -> o.set(literal(k.toString()), value(x)));
      return o;
    } else if (v instanceof List<?> list) {
      ArrayNode a = F.arrayNode();
      for (Object x : list) {
        a.add(x instanceof TfBlock b ? object(b.attributes()) : value(x));
      }
      return a;
    }
    throw new IllegalArgumentException(
        "no Terraform JSON form for " + (v == null ? "null" : v.getClass().getName()));
  }

  /**
   * A string Terraform reads back as exactly {@code s}: in Terraform's JSON syntax every string
   * (and a map's keys) is a template, so {@code ${} and {@code %{} are doubled and never
   * evaluated. JSON's own escaping takes care of quotes and control characters.
   */
  static String literal(String s) {
    return s.replace("${", "$${").replace("%{", "%%{");
  }

  private static String pretty(JsonNode root) {
    DefaultPrettyPrinter pp =
        new DefaultPrettyPrinter()
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
    pp.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
    try {
      return MAPPER.writer(pp).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("writing Terraform JSON failed: " + e.getMessage(), e);
    }
  }
}
