package dev.jkops.cloud.local.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsExchange;
import dev.jkops.api.JsonTrees;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The Kubernetes API over HTTP, as kubectl and client libraries use it: discovery ({@code /api},
 * {@code /apis}, their resource lists, {@code /version}), the OpenAPI v3 documents kubectl reads to
 * learn that the server validates fields itself, list/get/create/replace/patch/delete and watch of
 * {@link ClusterObjects}, server-side Tables for {@code kubectl get}, and errors as {@code Status}
 * objects. Every request needs a client certificate issued by the cluster CA; without one the
 * answer is 401 and nothing else.
 */
final class KubeApi implements HttpHandler {
  /** YAML request bodies are read with this factory's parser into trees (no mapper). */
  private static final com.fasterxml.jackson.dataformat.yaml.YAMLFactory YAML =
      new com.fasterxml.jackson.dataformat.yaml.YAMLFactory();

  /** How often a watch re-reads the objects when etcd's watch stream is not there. */
  private static final Duration WATCH_POLL = Duration.ofMillis(500);

  /**
   * How often a watch on etcd's stream re-reads anyway: a pod's Running and a node's Ready come
   * from the kernel (the pod's network namespace, the node's pod network), not from a key.
   */
  private static final Duration KERNEL_STATE_POLL = Duration.ofSeconds(5);

  private static final Duration WATCH_MAX = Duration.ofMinutes(30);

  private final ClusterObjects objects;
  private final ClusterPki.Verifier verifier;

  /** Whether a request that came through {@link UpgradeFront} showed a certificate of the CA. */
  private final java.util.function.Predicate<java.net.InetSocketAddress> certifiedByFront;

  KubeApi(ClusterObjects objects, ClusterPki.Verifier verifier) {
    this(objects, verifier, remote -> false);
  }

  KubeApi(
      ClusterObjects objects,
      ClusterPki.Verifier verifier,
      java.util.function.Predicate<java.net.InetSocketAddress> certifiedByFront) {
    this.objects = objects;
    this.verifier = verifier;
    this.certifiedByFront = certifiedByFront;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    dev.jkops.api.StepMarks.mark("handler-entered");
    try (ex) {
      if (!authenticated(ex)) {
        sendStatus(
            ex, new ApiError(401, "Unauthorized", "Unauthorized", null, null, null, List.of()));
        return;
      }
      try {
        route(ex);
      } catch (ApiError e) {
        sendStatus(ex, e);
      } catch (RuntimeException e) {
        // the answer carries the message only; the server's log (runtime dir, apiserver/log)
        // keeps the whole failure, with the request that met it
        System.err.println(
            "internal error answering " + ex.getRequestMethod() + " " + ex.getRequestURI() + ":");
        e.printStackTrace();
        sendStatus(
            ex,
            new ApiError(
                500,
                "InternalError",
                "Internal error occurred: " + (e.getMessage() != null ? e.getMessage() : e),
                null,
                null,
                null,
                List.of()));
      }
    } catch (IOException gone) {
      // the client went away (a watch ended by Ctrl-C): nothing to answer
    }
  }

  private boolean authenticated(HttpExchange ex) {
    if (!(ex instanceof HttpsExchange https)) {
      return certifiedByFront.test(ex.getRemoteAddress());
    }
    try {
      Certificate[] chain = https.getSSLSession().getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate c && verifier.issued(c);
    } catch (SSLPeerUnverifiedException none) {
      return false;
    }
  }

  private void route(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    List<String> seg = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        seg.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
      }
    }
    Map<String, String> query = query(ex.getRequestURI().getRawQuery());
    String method = ex.getRequestMethod();
    if (seg.isEmpty()) {
      ObjectNode paths = JsonNodeFactory.instance.objectNode();
      ArrayNode list = paths.putArray("paths");
      List.of(
              "/api",
              "/api/v1",
              "/apis",
              "/healthz",
              "/livez",
              "/openapi/v2",
              "/openapi/v3",
              "/readyz",
              "/version")
          .forEach(list::add);
      send(ex, 200, paths);
      return;
    }
    switch (seg.get(0)) {
      case "healthz", "livez", "readyz" -> {
        byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(200, ok.length);
        ex.getResponseBody().write(ok);
        return;
      }
      case "version" -> {
        send(ex, 200, version());
        return;
      }
      case "openapi" -> {
        openapi(ex, seg);
        return;
      }
      case "api" -> {
        if (seg.size() == 1) {
          ObjectNode v = JsonNodeFactory.instance.objectNode().put("kind", "APIVersions");
          v.putArray("versions").add("v1");
          v.putArray("serverAddressByClientCIDRs")
              .addObject()
              .put("clientCIDR", "0.0.0.0/0")
              .put(
                  "serverAddress",
                  ex.getLocalAddress().getHostString() + ":" + ex.getLocalAddress().getPort());
          send(ex, 200, v);
          return;
        }
        if (!seg.get(1).equals("v1")) {
          throw notFoundPath();
        }
        resource(ex, method, "", "v1", seg.subList(2, seg.size()), query);
        return;
      }
      case "apis" -> {
        if (seg.size() == 1) {
          send(ex, 200, groups());
          return;
        }
        if (seg.size() == 2) {
          JsonNode g = findGroup(seg.get(1)).orElseThrow(KubeApi::notFoundPath);
          ObjectNode out =
              ((ObjectNode) g).deepCopy().put("kind", "APIGroup").put("apiVersion", "v1");
          send(ex, 200, out);
          return;
        }
        resource(ex, method, seg.get(1), seg.get(2), seg.subList(3, seg.size()), query);
        return;
      }
      default -> throw notFoundPath();
    }
  }

  private static ApiError notFoundPath() {
    return new ApiError(
        404,
        "NotFound",
        "the server could not find the requested resource",
        null,
        null,
        null,
        List.of());
  }

  // ---- discovery

  private ObjectNode version() {
    String v = objects.kubernetesVersion().orElse("v1.30.0");
    String[] parts = v.replaceFirst("^v", "").split("\\.");
    return JsonNodeFactory.instance
        .objectNode()
        .put("major", parts[0])
        .put("minor", parts.length > 1 ? parts[1] : "0")
        .put("gitVersion", v)
        .put("gitCommit", "jkops")
        .put("gitTreeState", "clean")
        .put("buildDate", "1970-01-01T00:00:00Z")
        .put("goVersion", "java" + System.getProperty("java.version"))
        .put("compiler", "javac")
        .put("platform", "linux/amd64");
  }

  private ObjectNode groups() {
    Map<String, List<String>> versions = new LinkedHashMap<>();
    for (ResourceType t : objects.types()) {
      if (!t.group().isEmpty()) {
        List<String> vs = versions.computeIfAbsent(t.group(), g -> new ArrayList<>());
        if (!vs.contains(t.version())) {
          vs.add(t.version());
        }
      }
    }
    ObjectNode out =
        JsonNodeFactory.instance.objectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode groups = out.putArray("groups");
    versions.forEach(
        (g, vs) -> {
          ObjectNode group = groups.addObject().put("name", g);
          ArrayNode arr = group.putArray("versions");
          vs.forEach(v -> arr.addObject().put("groupVersion", g + "/" + v).put("version", v));
          group
              .putObject("preferredVersion")
              .put("groupVersion", g + "/" + vs.get(0))
              .put("version", vs.get(0));
        });
    return out;
  }

  private Optional<JsonNode> findGroup(String name) {
    for (JsonNode g : groups().path("groups")) {
      if (g.path("name").asText().equals(name)) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }

  private ObjectNode resourceList(String group, String version) {
    List<ResourceType> types =
        objects.types().stream()
            .filter(t -> t.group().equals(group) && t.version().equals(version))
            .toList();
    if (types.isEmpty()) {
      throw notFoundPath();
    }
    ObjectNode out =
        JsonNodeFactory.instance
            .objectNode()
            .put("kind", "APIResourceList")
            .put("apiVersion", "v1")
            .put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode resources = out.putArray("resources");
    for (ResourceType t : types) {
      ObjectNode r =
          resources
              .addObject()
              .put("name", t.plural())
              .put("singularName", t.singular())
              .put("namespaced", t.namespaced())
              .put("kind", t.kind());
      ArrayNode verbs = r.putArray("verbs");
      (t.plural().equals("nodes")
              ? List.of("get", "list", "watch")
              : List.of("create", "delete", "get", "list", "patch", "update", "watch"))
          .forEach(verbs::add);
      if (!t.shortNames().isEmpty()) {
        ArrayNode sn = r.putArray("shortNames");
        t.shortNames().forEach(sn::add);
      }
      if (t.plural().equals("pods")) {
        r.putArray("categories").add("all");
      }
    }
    return out;
  }

  /**
   * OpenAPI v3, as much as kubectl reads: for each group version, the object paths with their
   * operations, each naming its kind and the {@code fieldValidation} parameter, which tells kubectl
   * that this server checks fields itself (so {@code create -f} and {@code apply -f} validate
   * without the OpenAPI v2 schema this server does not serve).
   */
  private void openapi(HttpExchange ex, List<String> seg) throws IOException {
    if (seg.size() == 2 && seg.get(1).equals("v2")) {
      openapiV2(ex);
      return;
    }
    if (seg.size() < 2 || !seg.get(1).equals("v3")) {
      throw notFoundPath();
    }
    Map<String, List<ResourceType>> byGv = new TreeMap<>();
    for (ResourceType t : objects.types()) {
      byGv.computeIfAbsent(
              t.group().isEmpty() ? "api/v1" : "apis/" + t.group() + "/" + t.version(),
              k -> new ArrayList<>())
          .add(t);
    }
    if (seg.size() == 2) {
      ObjectNode root = JsonNodeFactory.instance.objectNode();
      ObjectNode paths = root.putObject("paths");
      byGv.keySet()
          .forEach(
              gv ->
                  paths
                      .putObject(gv)
                      .put(
                          "serverRelativeURL",
                          "/openapi/v3/"
                              + gv
                              + "?hash="
                              + Integer.toHexString(byGv.get(gv).hashCode())));
      send(ex, 200, root);
      return;
    }
    String gv = String.join("/", seg.subList(2, seg.size()));
    List<ResourceType> types = Optional.ofNullable(byGv.get(gv)).orElseThrow(KubeApi::notFoundPath);
    ObjectNode doc = JsonNodeFactory.instance.objectNode().put("openapi", "3.0.0");
    doc.putObject("info")
        .put("title", "Kubernetes")
        .put("version", objects.kubernetesVersion().orElse("v1.30.0"));
    ObjectNode paths = doc.putObject("paths");
    for (ResourceType t : types) {
      String base = "/" + gv + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.plural();
      ObjectNode collection = paths.putObject(base);
      operation(collection, "get", t);
      operation(collection, "post", t);
      ObjectNode item = paths.putObject(base + "/{name}");
      for (String m : List.of("get", "put", "patch", "delete")) {
        operation(item, m, t);
      }
    }
    doc.putObject("components").putObject("schemas");
    send(ex, 200, doc);
  }

  /**
   * OpenAPI v2 as kubectl before 1.27 (Debian's 1.20 among them) asks for it, protobuf-encoded
   * (gnostic's Document): only {@code swagger} and {@code info}, no definitions. Those kubectls
   * validate a manifest against the schema of its kind when the document has one and skip kinds it
   * has not, so {@code create -f} and {@code apply -f} work with their default validation while
   * this server defines no schemas (a gap: unknown fields are not caught by them).
   */
  private void openapiV2(HttpExchange ex) throws IOException {
    byte[] info =
        concat(
            protoString(1, "Kubernetes"),
            protoString(2, objects.kubernetesVersion().orElse("v1.30.0")));
    byte[] doc = concat(protoString(1, "2.0"), protoBytes(2, info));
    String accept = Optional.ofNullable(ex.getRequestHeaders().getFirst("Accept")).orElse("");
    if (!accept.contains("protobuf")) {
      ObjectNode json = JsonNodeFactory.instance.objectNode().put("swagger", "2.0");
      json.putObject("info")
          .put("title", "Kubernetes")
          .put("version", objects.kubernetesVersion().orElse("v1.30.0"));
      json.putObject("paths");
      json.putObject("definitions");
      send(ex, 200, json);
      return;
    }
    ex.getResponseHeaders()
        .set(
            "Content-Type",
            "application/octet-stream"); // Go cannot parse the "@" of the proto type name
    ex.sendResponseHeaders(200, doc.length);
    ex.getResponseBody().write(doc);
  }

  private static byte[] protoString(int field, String value) {
    return protoBytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A length-delimited protobuf field (wire type 2); lengths here stay below 128, one varint byte.
   */
  private static byte[] protoBytes(int field, byte[] value) {
    if (value.length > 127) {
      throw new IllegalArgumentException("field too long for a one-byte length");
    }
    return concat(new byte[] {(byte) (field << 3 | 2), (byte) value.length}, value);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static void operation(ObjectNode path, String method, ResourceType t) {
    ObjectNode op = path.putObject(method);
    op.putObject("x-kubernetes-group-version-kind")
        .put("group", t.group())
        .put("version", t.version())
        .put("kind", t.kind());
    if (!method.equals("get") && !method.equals("delete")) {
      op.putArray("parameters")
          .addObject()
          .put("name", "fieldValidation")
          .put("in", "query")
          .put("description", "Strict, Warn or Ignore")
          .putObject("schema")
          .put("type", "string")
          .put("uniqueItems", true);
    }
    op.putObject("responses").putObject("200").put("description", "OK");
  }

  // ---- resources

  private void resource(
      HttpExchange ex,
      String method,
      String group,
      String version,
      List<String> rest,
      Map<String, String> query)
      throws IOException {
    if (rest.isEmpty()) {
      if (!method.equals("GET")) {
        throw ApiError.methodNotAllowed(
            "the server does not allow this method on the requested resource");
      }
      send(ex, 200, resourceList(group, version));
      return;
    }
    String namespace = null;
    List<String> r = rest;
    if (r.get(0).equals("namespaces") && r.size() >= 3) {
      namespace = r.get(1);
      r = r.subList(2, r.size());
    }
    String plural = r.get(0);
    ResourceType t = objects.type(group, version, plural).orElseThrow(KubeApi::notFoundPath);
    String name = r.size() > 1 ? r.get(1) : null;
    if (r.size() == 3 && t.plural().equals("pods") && r.get(2).equals("log") && namespace != null) {
      PodLogs.send(ex, objects, namespace, name, query);
      return;
    }
    if (r.size() > 2) {
      throw new ApiError(
          404,
          "NotFound",
          "the server could not find the requested resource ("
              + plural
              + "/"
              + r.get(2)
              + " is not served by jkops' local API server; for exec use 'jkops exec')",
          null,
          null,
          null,
          List.of());
    }
    if (t.namespaced() && namespace == null && name != null) {
      throw notFoundPath();
    }
    if (!t.namespaced() && namespace != null) {
      throw notFoundPath();
    }
    boolean table =
        Optional.ofNullable(ex.getRequestHeaders().getFirst("Accept"))
            .orElse("")
            .contains("as=Table");
    switch (method) {
      case "GET" -> {
        if (isTrue(query.get("watch"))) {
          watch(ex, t, namespace, name, query, table);
        } else if (name == null) {
          List<ObjectNode> items = filter(objects.list(t, namespace), query);
          send(ex, 200, table ? Tables.table(t, items, true) : list(t, items));
        } else {
          ObjectNode o =
              objects.get(t, namespace, name).orElseThrow(() -> ApiError.notFound(t, name));
          send(ex, 200, table ? Tables.table(t, List.of(o), true) : o);
        }
      }
      case "POST" -> {
        if (name != null) {
          throw ApiError.methodNotAllowed("POST is not allowed on a single " + t.kind());
        }
        ObjectNode body = body(ex);
        dev.jkops.api.StepMarks.mark("request-read");
        String ns = t.namespaced() ? Optional.ofNullable(namespace).orElse("default") : null;
        if (isDryRun(query)) {
          send(ex, 201, body);
          return;
        }
        send(ex, 201, objects.create(t, ns, body));
        dev.jkops.api.StepMarks.mark("response-sent");
      }
      case "PUT" -> {
        if (name == null) {
          throw ApiError.methodNotAllowed("PUT needs an object name");
        }
        send(ex, 200, objects.replace(t, namespace, name, body(ex)));
      }
      case "PATCH" -> {
        if (name == null) {
          throw ApiError.methodNotAllowed("PATCH needs an object name");
        }
        String type =
            Optional.ofNullable(ex.getRequestHeaders().getFirst("Content-Type")).orElse("");
        if (!type.contains("merge-patch")) {
          throw new ApiError(
              415,
              "UnsupportedMediaType",
              "the body of the request was in an unknown format - accepted"
                  + " media types include: application/merge-patch+json, application/strategic-merge-patch+json"
                  + " (got "
                  + type
                  + ")",
              null,
              null,
              null,
              List.of());
        }
        ObjectNode current =
            objects.get(t, namespace, name).orElseThrow(() -> ApiError.notFound(t, name));
        JsonNode patch = JsonTrees.read(ex.getRequestBody().readAllBytes());
        // kubectl sends a strategic merge patch for built-in kinds, a JSON merge patch for
        // custom resources (which have no merge keys), as Kubernetes expects them
        ObjectNode merged =
            (ObjectNode)
                (type.contains("strategic-merge-patch")
                    ? StrategicMergePatch.apply(current, patch)
                    : MergePatch.apply(current, patch));
        merged.remove("status");
        send(ex, 200, objects.replace(t, namespace, name, merged));
      }
      case "DELETE" -> {
        if (name == null) {
          throw ApiError.methodNotAllowed(
              "deleting a collection is not supported by jkops' local API server; delete"
                  + " the objects one by one");
        }
        send(ex, 200, objects.delete(t, namespace, name));
      }
      default -> throw ApiError.methodNotAllowed(method + " is not supported");
    }
  }

  private static boolean isDryRun(Map<String, String> query) {
    return query.containsKey("dryRun") && !query.get("dryRun").isEmpty();
  }

  private static ObjectNode list(ResourceType t, List<ObjectNode> items) {
    ObjectNode out =
        JsonNodeFactory.instance
            .objectNode()
            .put("kind", t.kind() + "List")
            .put("apiVersion", t.groupVersion());
    out.putObject("metadata").put("resourceVersion", ClusterObjects.newResourceVersion());
    ArrayNode arr = out.putArray("items");
    items.forEach(arr::add);
    return out;
  }

  /**
   * labelSelector (=, ==, !=, key, !key) and fieldSelector (metadata.name, metadata.namespace), as
   * kubectl sends them.
   */
  static List<ObjectNode> filter(List<ObjectNode> items, Map<String, String> query) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode o : items) {
      if (matchesLabels(o.path("metadata").path("labels"), query.getOrDefault("labelSelector", ""))
          && matchesFields(o, query.getOrDefault("fieldSelector", ""))) {
        out.add(o);
      }
    }
    return out;
  }

  private static boolean matchesLabels(JsonNode labels, String selector) {
    for (String term : selector.split(",")) {
      String s = term.trim();
      if (s.isEmpty()) {
        continue;
      }
      if (s.contains("!=")) {
        String[] kv = s.split("!=", 2);
        if (labels.path(kv[0].trim()).asText(null) != null
            && labels.path(kv[0].trim()).asText().equals(kv[1].trim())) {
          return false;
        }
      } else if (s.contains("=")) {
        String[] kv = s.split("==?", 2);
        if (!labels.has(kv[0].trim()) || !labels.path(kv[0].trim()).asText().equals(kv[1].trim())) {
          return false;
        }
      } else if (s.startsWith("!")) {
        if (labels.has(s.substring(1))) {
          return false;
        }
      } else if (!labels.has(s)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matchesFields(ObjectNode o, String selector) {
    for (String term : selector.split(",")) {
      String s = term.trim();
      if (s.isEmpty()) {
        continue;
      }
      boolean negate = s.contains("!=");
      String[] kv = s.split(negate ? "!=" : "==?", 2);
      JsonNode v = o;
      for (String part : kv[0].trim().split("\\.")) {
        v = v.path(part);
      }
      boolean equal = v.asText("").equals(kv.length > 1 ? kv[1].trim() : "");
      if (equal == negate) {
        return false;
      }
    }
    return true;
  }

  /**
   * A watch, as {@code kubectl get -w} and informers use it: the objects are read again whenever
   * etcd's watch stream reports a change under /registry/ (and every 5 s for what the kernel
   * holds), and each change is sent as an ADDED, MODIFIED or DELETED event, one JSON object a line,
   * until the client goes or {@code timeoutSeconds} pass. Without etcd's stream (no etcd, or its
   * member went) the objects are read every half second. Without a resourceVersion (or with "0")
   * the objects there now come first as ADDED, as Kubernetes does.
   */
  private void watch(
      HttpExchange ex,
      ResourceType t,
      String namespace,
      String name,
      Map<String, String> query,
      boolean table)
      throws IOException {
    long timeout =
        Optional.ofNullable(query.get("timeoutSeconds"))
            .map(Long::parseLong)
            .orElse(WATCH_MAX.toSeconds());
    long deadline =
        System.nanoTime() + Duration.ofSeconds(Math.min(timeout, WATCH_MAX.toSeconds())).toNanos();
    String rv = query.getOrDefault("resourceVersion", "");
    boolean sendInitial = rv.isEmpty() || rv.equals("0");
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.getResponseHeaders().set("Transfer-Encoding", "chunked");
    ex.sendResponseHeaders(200, 0);
    java.util.concurrent.Semaphore changed = new java.util.concurrent.Semaphore(0);
    // opened before the first read, so a change made between that read and the stream's start
    // still wakes this watch
    Optional<dev.jkops.cloud.local.etcd.EtcdClient.Watch> stream =
        objects.watchStore(changed::release);
    try {
      watchLoop(ex, t, namespace, name, query, table, deadline, sendInitial, changed, stream);
    } finally {
      stream.ifPresent(dev.jkops.cloud.local.etcd.EtcdClient.Watch::close);
    }
  }

  private void watchLoop(
      HttpExchange ex,
      ResourceType t,
      String namespace,
      String name,
      Map<String, String> query,
      boolean table,
      long deadline,
      boolean sendInitial,
      java.util.concurrent.Semaphore changed,
      Optional<dev.jkops.cloud.local.etcd.EtcdClient.Watch> stream)
      throws IOException {
    OutputStream out = ex.getResponseBody();
    Map<String, String> known = new LinkedHashMap<>();
    Map<String, ObjectNode> knownObjects = new LinkedHashMap<>();
    boolean first = true;
    boolean columnsSent = false;
    while (System.nanoTime() < deadline) {
      Map<String, ObjectNode> now = new LinkedHashMap<>();
      for (ObjectNode o : filter(objects.list(t, namespace), query)) {
        String n = o.path("metadata").path("name").asText();
        if (name == null || name.equals(n)) {
          now.put(o.path("metadata").path("namespace").asText() + "/" + n, o);
        }
      }
      List<Object[]> events = new ArrayList<>();
      for (Map.Entry<String, ObjectNode> e : now.entrySet()) {
        String json = JsonTrees.write(e.getValue());
        String before = known.get(e.getKey());
        if (before == null && (!first || sendInitial)) {
          events.add(new Object[] {"ADDED", e.getValue()});
        } else if (before != null && !before.equals(json)) {
          events.add(new Object[] {"MODIFIED", e.getValue()});
        }
      }
      for (Map.Entry<String, ObjectNode> e : knownObjects.entrySet()) {
        if (!now.containsKey(e.getKey())) {
          events.add(new Object[] {"DELETED", e.getValue()});
        }
      }
      for (Object[] ev : events) {
        ObjectNode o = (ObjectNode) ev[1];
        ObjectNode event = JsonNodeFactory.instance.objectNode().put("type", (String) ev[0]);
        event.set("object", table ? Tables.table(t, List.of(o), !columnsSent) : o);
        columnsSent = true;
        out.write((JsonTrees.write(event) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      out.flush();
      known.clear();
      knownObjects.clear();
      now.forEach(
          (k, v) -> {
            known.put(k, JsonTrees.write(v));
            knownObjects.put(k, v);
          });
      first = false;
      boolean streaming = stream.isPresent() && !stream.get().ended();
      try {
        changed.tryAcquire(
            (streaming ? KERNEL_STATE_POLL : WATCH_POLL).toMillis(),
            java.util.concurrent.TimeUnit.MILLISECONDS);
        changed.drainPermits();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static ObjectNode body(HttpExchange ex) throws IOException {
    String type =
        Optional.ofNullable(ex.getRequestHeaders().getFirst("Content-Type"))
            .orElse("application/json");
    if (type.contains("protobuf")) {
      // kubectl's typed generators (create namespace, configmap, secret, ...) send Kubernetes'
      // protobuf, which needs every type's schema; say what works instead of failing to parse it.
      throw ApiError.unsupportedMediaType(
          "jkops' local API server reads JSON and YAML request bodies, not "
              + type
              + " (kubectl's 'create <kind>' generators send it): write the object as YAML and use"
              + " 'kubectl create -f FILE' or 'kubectl apply -f FILE', e.g. 'kubectl create"
              + " namespace NAME --dry-run=client -o yaml | kubectl create -f -'");
    }
    byte[] raw = ex.getRequestBody().readAllBytes();
    JsonNode n;
    try {
      if (type.contains("yaml")) {
        try (com.fasterxml.jackson.core.JsonParser yaml = YAML.createParser(raw)) {
          n = JsonTrees.read(yaml);
        }
      } else {
        n = JsonTrees.read(raw);
      }
    } catch (IOException e) {
      throw ApiError.badRequest(
          "the request body is not "
              + (type.contains("yaml") ? "YAML" : "JSON")
              + ": "
              + e.getMessage());
    }
    if (!(n instanceof ObjectNode o)) {
      throw ApiError.badRequest("the request body must be an object");
    }
    return o;
  }

  private static boolean isTrue(String v) {
    return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  private static void send(HttpExchange ex, int code, JsonNode body) throws IOException {
    byte[] bytes = JsonTrees.writeBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(code, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  static ObjectNode status(ApiError e) {
    ObjectNode s =
        JsonNodeFactory.instance.objectNode().put("kind", "Status").put("apiVersion", "v1");
    s.putObject("metadata");
    s.put("status", "Failure").put("message", e.getMessage()).put("reason", e.reason);
    if (e.name != null || e.kind != null || !e.causes.isEmpty()) {
      ObjectNode d = s.putObject("details");
      if (e.name != null) {
        d.put("name", e.name);
      }
      if (e.group != null && !e.group.isEmpty()) {
        d.put("group", e.group);
      }
      if (e.kind != null) {
        d.put("kind", e.kind);
      }
      if (!e.causes.isEmpty()) {
        ArrayNode causes = d.putArray("causes");
        e.causes.forEach(
            c ->
                causes
                    .addObject()
                    .put("reason", c.reason())
                    .put("message", c.message())
                    .put("field", c.field()));
      }
    }
    s.put("code", e.code);
    return s;
  }

  private static void sendStatus(HttpExchange ex, ApiError e) throws IOException {
    send(ex, e.code, status(e));
  }
}
