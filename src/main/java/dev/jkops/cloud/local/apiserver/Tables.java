package dev.jkops.cloud.local.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Server-side printing ({@code meta.k8s.io/v1 Table}): kubectl asks for a Table and prints its
 * columns, those of priority 1 only with {@code -o wide}. The columns are Kubernetes' own for the
 * kinds jkops gives behaviour; other kinds get NAME and AGE.
 */
final class Tables {

  private record Column(String name, String type, String format, int priority) {}

  private Tables() {}

  static ObjectNode table(ResourceType t, List<ObjectNode> items, boolean withColumns) {
    List<Column> columns = columns(t);
    ObjectNode out =
        JsonNodeFactory.instance
            .objectNode()
            .put("kind", "Table")
            .put("apiVersion", "meta.k8s.io/v1");
    out.putObject("metadata").put("resourceVersion", ClusterObjects.newResourceVersion());
    if (withColumns) {
      ArrayNode defs = out.putArray("columnDefinitions");
      for (Column c : columns) {
        defs.addObject()
            .put("name", c.name())
            .put("type", c.type())
            .put("format", c.format())
            .put("description", c.name())
            .put("priority", c.priority());
      }
    }
    ArrayNode rows = out.putArray("rows");
    for (ObjectNode o : items) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      cells(t, o)
          .forEach(
              c -> {
                if (c instanceof Integer i) {
                  cells.add(i);
                } else {
                  cells.add(String.valueOf(c));
                }
              });
      ObjectNode meta =
          JsonNodeFactory.instance
              .objectNode()
              .put("kind", "PartialObjectMetadata")
              .put("apiVersion", "meta.k8s.io/v1");
      meta.set("metadata", o.path("metadata"));
      row.set("object", meta);
    }
    return out;
  }

  private static List<Column> columns(ResourceType t) {
    Column name = new Column("Name", "string", "name", 0);
    Column age = new Column("Age", "string", "", 0);
    return switch (t.groupVersion() + "/" + t.plural()) {
      case "v1/pods" ->
          List.of(
              name,
              new Column("Ready", "string", "", 0),
              new Column("Status", "string", "", 0),
              new Column("Restarts", "string", "", 0),
              age,
              new Column("IP", "string", "", 1),
              new Column("Node", "string", "", 1),
              new Column("Nominated Node", "string", "", 1),
              new Column("Readiness Gates", "string", "", 1));
      case "v1/nodes" ->
          List.of(
              name,
              new Column("Status", "string", "", 0),
              new Column("Roles", "string", "", 0),
              age,
              new Column("Version", "string", "", 0),
              new Column("Internal-IP", "string", "", 1),
              new Column("External-IP", "string", "", 1),
              new Column("OS-Image", "string", "", 1),
              new Column("Kernel-Version", "string", "", 1),
              new Column("Container-Runtime", "string", "", 1));
      case "v1/namespaces" -> List.of(name, new Column("Status", "string", "", 0), age);
      case "networking.k8s.io/v1/networkpolicies" ->
          List.of(name, new Column("Pod-Selector", "string", "", 0), age);
      default -> List.of(name, age);
    };
  }

  private static List<Object> cells(ResourceType t, ObjectNode o) {
    JsonNode meta = o.path("metadata");
    String name = meta.path("name").asText();
    String age = age(meta.path("creationTimestamp").asText(""));
    JsonNode status = o.path("status");
    List<Object> c = new ArrayList<>();
    switch (t.groupVersion() + "/" + t.plural()) {
      case "v1/pods" -> {
        int total = o.path("spec").path("containers").size();
        int ready = 0;
        for (JsonNode s : status.path("containerStatuses")) {
          ready += s.path("ready").asBoolean() ? 1 : 0;
        }
        c.addAll(
            List.of(
                name,
                ready + "/" + total,
                status.path("phase").asText(""),
                "0",
                age,
                status.path("podIP").asText("<none>"),
                o.path("spec").path("nodeName").asText("<none>"),
                "<none>",
                "<none>"));
      }
      case "v1/nodes" -> {
        boolean ready = false;
        for (JsonNode cond : status.path("conditions")) {
          ready |=
              cond.path("type").asText().equals("Ready")
                  && cond.path("status").asText().equals("True");
        }
        List<String> roles = new ArrayList<>();
        meta.path("labels")
            .fieldNames()
            .forEachRemaining(
                l -> {
                  if (l.startsWith("node-role.kubernetes.io/")) {
                    roles.add(l.substring("node-role.kubernetes.io/".length()));
                  }
                });
        String internal = "<none>";
        for (JsonNode a : status.path("addresses")) {
          if (a.path("type").asText().equals("InternalIP")) {
            internal = a.path("address").asText();
          }
        }
        JsonNode info = status.path("nodeInfo");
        c.addAll(
            List.of(
                name,
                ready ? "Ready" : "NotReady",
                roles.isEmpty() ? "<none>" : String.join(",", roles),
                age,
                info.path("kubeletVersion").asText(""),
                internal,
                "<none>",
                info.path("osImage").asText(""),
                info.path("kernelVersion").asText(""),
                info.path("containerRuntimeVersion").asText("")));
      }
      case "v1/namespaces" -> c.addAll(List.of(name, status.path("phase").asText("Active"), age));
      case "networking.k8s.io/v1/networkpolicies" -> {
        List<String> sel = new ArrayList<>();
        o.path("spec")
            .path("podSelector")
            .path("matchLabels")
            .fields()
            .forEachRemaining(e -> sel.add(e.getKey() + "=" + e.getValue().asText()));
        c.addAll(List.of(name, sel.isEmpty() ? "<none>" : String.join(",", sel), age));
      }
      default -> c.addAll(List.of(name, age));
    }
    return c;
  }

  /** As kubectl shows an age: 42s, 5m10s, 17m, 3h20m, 5h, 2d3h, 40d. */
  static String age(String timestamp) {
    try {
      return age(Instant.parse(timestamp));
    } catch (RuntimeException e) {
      return "<unknown>";
    }
  }

  static String age(Instant created) {
    long s = Math.max(0, Duration.between(created, Instant.now()).toSeconds());
    if (s < 120) {
      return s + "s";
    }
    long m = s / 60;
    if (m < 10) {
      return m + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
    }
    if (m < 180) {
      return m + "m";
    }
    long h = m / 60;
    if (h < 8) {
      return h + "h" + (m % 60 == 0 ? "" : (m % 60) + "m");
    }
    if (h < 48) {
      return h + "h";
    }
    long d = h / 24;
    return d < 8 && h % 24 != 0 ? d + "d" + (h % 24) + "h" : d + "d";
  }
}
