package dev.jkops.cloud.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/**
 * Elastic Load Balancing's Classic API over its query protocol, built from the SDK pieces jkops
 * already ships: each call is a form-encoded POST of {@code Action=...&Version=2012-06-01} signed
 * with the SDK's SigV4 signer (service {@code elasticloadbalancing}), sent through the SDK's
 * URL-connection HTTP client, and retried by the SDK's standard retry strategy exactly as jkops'
 * other clients are ({@link AwsClients#sdkRetryStrategy}: throttling and 5xx with backoff). AWS'
 * XML answers are read with the JDK's parser; an {@code <ErrorResponse>} becomes an {@link
 * AwsServiceException} with AWS' code, as the SDK's clients throw it.
 */
public final class ClassicElbQueryClient implements ClassicElb {
  static final String VERSION = "2012-06-01";
  static final String SIGNING_NAME = "elasticloadbalancing";

  private final URI endpoint;
  private final String region;
  private final AwsCredentialsProvider credentials;
  private final SdkHttpClient http;
  private final RetryStrategy retry;

  public ClassicElbQueryClient(
      URI endpoint,
      String region,
      AwsCredentialsProvider credentials,
      SdkHttpClient http,
      RetryStrategy retry) {
    this.endpoint = endpoint;
    this.region = region;
    this.credentials = credentials;
    this.http = http;
    this.retry = retry;
  }

  /** The region's endpoint, the default credential chain, the JDK HTTP client. */
  public static ClassicElbQueryClient forRegion(String region) {
    String suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    return new ClassicElbQueryClient(
        URI.create("https://elasticloadbalancing." + region + "." + suffix + "/"),
        region,
        DefaultCredentialsProvider.builder().build(),
        UrlConnectionHttpClient.create(),
        AwsClients.sdkRetryStrategy(Duration.ofMillis(250), Duration.ofSeconds(20)));
  }

  // ---- the calls

  @Override
  public String createLoadBalancer(
      String name,
      boolean internal,
      List<Listener> listeners,
      List<String> subnets,
      List<String> securityGroups,
      Map<String, String> tags) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("LoadBalancerName", name);
    for (int i = 0; i < listeners.size(); i++) {
      Listener l = listeners.get(i);
      String k = "Listeners.member." + (i + 1) + ".";
      p.put(k + "Protocol", l.protocol());
      p.put(k + "LoadBalancerPort", Integer.toString(l.port()));
      p.put(k + "InstanceProtocol", l.instanceProtocol());
      p.put(k + "InstancePort", Integer.toString(l.instancePort()));
      l.sslCertificateId().ifPresent(c -> p.put(k + "SSLCertificateId", c));
    }
    members(p, "Subnets", subnets);
    members(p, "SecurityGroups", securityGroups);
    if (internal) {
      p.put("Scheme", "internal");
    }
    tags(p, tags);
    return text(call("CreateLoadBalancer", p), "DNSName");
  }

  @Override
  public void configureHealthCheck(String name, HealthCheck h) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("LoadBalancerName", name);
    p.put("HealthCheck.Target", h.target());
    p.put("HealthCheck.Interval", Integer.toString(h.interval()));
    p.put("HealthCheck.Timeout", Integer.toString(h.timeout()));
    p.put("HealthCheck.UnhealthyThreshold", Integer.toString(h.unhealthy()));
    p.put("HealthCheck.HealthyThreshold", Integer.toString(h.healthy()));
    call("ConfigureHealthCheck", p);
  }

  @Override
  public void modifyLoadBalancerAttributes(String name, Attributes a) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("LoadBalancerName", name);
    String k = "LoadBalancerAttributes.";
    p.put(k + "CrossZoneLoadBalancing.Enabled", Boolean.toString(a.crossZone()));
    p.put(k + "ConnectionDraining.Enabled", Boolean.toString(a.connectionDraining()));
    p.put(k + "ConnectionDraining.Timeout", Integer.toString(a.connectionDrainingTimeout()));
    p.put(k + "ConnectionSettings.IdleTimeout", Integer.toString(a.idleTimeout()));
    call("ModifyLoadBalancerAttributes", p);
  }

  @Override
  public Attributes describeLoadBalancerAttributes(String name) {
    Element a =
        child(
            call("DescribeLoadBalancerAttributes", Map.of("LoadBalancerName", name)),
            "LoadBalancerAttributes");
    Element draining = child(a, "ConnectionDraining");
    return new Attributes(
        Boolean.parseBoolean(text(draining, "Enabled")),
        intOf(text(draining, "Timeout"), 300),
        intOf(text(child(a, "ConnectionSettings"), "IdleTimeout"), 60),
        Boolean.parseBoolean(text(child(a, "CrossZoneLoadBalancing"), "Enabled")));
  }

  @Override
  public List<Description> describeLoadBalancers(List<String> names) {
    List<Description> out = new ArrayList<>();
    String marker = null;
    do {
      Map<String, String> p = new LinkedHashMap<>();
      members(p, "LoadBalancerNames", names);
      if (marker != null) {
        p.put("Marker", marker);
      }
      Element result = call("DescribeLoadBalancers", p);
      for (Element d : members(child(result, "LoadBalancerDescriptions"))) {
        out.add(description(d));
      }
      marker = text(result, "NextMarker");
    } while (marker != null && !marker.isEmpty());
    return out;
  }

  private static Description description(Element d) {
    List<Listener> listeners = new ArrayList<>();
    for (Element ld : members(child(d, "ListenerDescriptions"))) {
      Element l = child(ld, "Listener");
      String cert = text(l, "SSLCertificateId");
      listeners.add(
          new Listener(
              text(l, "Protocol"),
              intOf(text(l, "LoadBalancerPort"), 0),
              text(l, "InstanceProtocol"),
              intOf(text(l, "InstancePort"), 0),
              cert == null || cert.isEmpty() ? Optional.empty() : Optional.of(cert)));
    }
    Element h = child(d, "HealthCheck");
    return new Description(
        text(d, "LoadBalancerName"),
        text(d, "DNSName"),
        text(d, "CanonicalHostedZoneNameID"),
        text(d, "Scheme"),
        values(child(d, "Subnets")),
        values(child(d, "SecurityGroups")),
        listeners,
        h == null
            ? null
            : new HealthCheck(
                text(h, "Target"),
                intOf(text(h, "Interval"), 0),
                intOf(text(h, "Timeout"), 0),
                intOf(text(h, "HealthyThreshold"), 0),
                intOf(text(h, "UnhealthyThreshold"), 0)));
  }

  @Override
  public Map<String, SortedMap<String, String>> describeTags(List<String> names) {
    Map<String, String> p = new LinkedHashMap<>();
    members(p, "LoadBalancerNames", names);
    Map<String, SortedMap<String, String>> out = new HashMap<>();
    for (Element d : members(child(call("DescribeTags", p), "TagDescriptions"))) {
      SortedMap<String, String> tags = new TreeMap<>();
      for (Element t : members(child(d, "Tags"))) {
        String v = text(t, "Value");
        tags.put(text(t, "Key"), v == null ? "" : v);
      }
      out.put(text(d, "LoadBalancerName"), tags);
    }
    return out;
  }

  @Override
  public void addTags(String name, Map<String, String> tags) {
    Map<String, String> p = new LinkedHashMap<>();
    members(p, "LoadBalancerNames", List.of(name));
    tags(p, tags);
    call("AddTags", p);
  }

  @Override
  public void deleteLoadBalancer(String name) {
    call("DeleteLoadBalancer", Map.of("LoadBalancerName", name));
  }

  // ---- the query protocol

  private static void members(Map<String, String> p, String list, List<String> values) {
    for (int i = 0; i < values.size(); i++) {
      p.put(list + ".member." + (i + 1), values.get(i));
    }
  }

  private static void tags(Map<String, String> p, Map<String, String> tags) {
    int i = 1;
    for (Map.Entry<String, String> t : tags.entrySet()) {
      p.put("Tags.member." + i + ".Key", t.getKey());
      p.put("Tags.member." + i + ".Value", t.getValue());
      i++;
    }
  }

  static String form(String action, Map<String, String> params) {
    StringBuilder b = new StringBuilder("Action=").append(action).append("&Version=" + VERSION);
    params.forEach(
        (k, v) ->
            b.append('&')
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20")));
    return b.toString();
  }

  /**
   * Sends one action and answers its {@code <ActionResult>}, retried as the SDK's standard strategy
   * decides (throttling and 5xx, with backoff and the client's retry budget).
   */
  private Element call(String action, Map<String, String> params) {
    byte[] body = form(action, params).getBytes(StandardCharsets.UTF_8);
    RetryToken token =
        retry.acquireInitialToken(AcquireInitialTokenRequest.create(SIGNING_NAME)).token();
    while (true) {
      try {
        Element result = once(action, body);
        retry.recordSuccess(RecordSuccessRequest.create(token));
        return result;
      } catch (SdkException e) {
        RefreshRetryTokenResponse next;
        try {
          next =
              retry.refreshRetryToken(
                  RefreshRetryTokenRequest.builder().token(token).failure(e).build());
        } catch (TokenAcquisitionFailedException gaveUp) {
          throw e;
        }
        sleep(next.delay());
        token = next.token();
      }
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SdkClientException.create("interrupted while waiting to retry", e);
    }
  }

  private Element once(String action, byte[] body) {
    int port = endpoint.getPort();
    SdkHttpFullRequest request =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(endpoint)
            .putHeader("Host", endpoint.getHost() + (port == -1 ? "" : ":" + port))
            .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
            .putHeader("Content-Length", Integer.toString(body.length))
            .build();
    ContentStreamProvider payload = ContentStreamProvider.fromByteArray(body);
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(credentials.resolveCredentials())
                        .request(request)
                        .payload(payload)
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    HttpExecuteResponse response;
    byte[] answer;
    try {
      response =
          http.prepareRequest(
                  HttpExecuteRequest.builder()
                      .request(signed.request())
                      .contentStreamProvider(signed.payload().orElse(payload))
                      .build())
              .call();
      answer =
          response.responseBody().isPresent()
              ? readAll(response.responseBody().get())
              : new byte[0];
    } catch (IOException e) {
      throw SdkClientException.create("calling Elastic Load Balancing " + action, e);
    }
    int status = response.httpResponse().statusCode();
    Document doc = parse(action, status, answer);
    if (status / 100 != 2 || "ErrorResponse".equals(doc.getDocumentElement().getTagName())) {
      Element error = child(doc.getDocumentElement(), "Error");
      String code = error == null ? "Unknown" : text(error, "Code");
      String message = error == null ? "" : text(error, "Message");
      throw AwsServiceException.builder()
          .awsErrorDetails(
              AwsErrorDetails.builder()
                  .errorCode(code)
                  .errorMessage(message)
                  .serviceName("ElasticLoadBalancing")
                  .sdkHttpResponse(response.httpResponse())
                  .build())
          .statusCode(status)
          .message(code + ": " + message)
          .build();
    }
    Element result = child(doc.getDocumentElement(), action + "Result");
    return result == null ? doc.getDocumentElement() : result;
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  private static Document parse(String action, int status, byte[] xml) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setExpandEntityReferences(false);
      return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    } catch (SAXException | IOException | ParserConfigurationException e) {
      // A 5xx from a proxy may not be XML: the status decides whether it is retried.
      throw AwsServiceException.builder()
          .statusCode(status)
          .message(
              "Elastic Load Balancing answered "
                  + action
                  + " with HTTP "
                  + status
                  + " and no readable XML")
          .cause(e instanceof IOException io ? new UncheckedIOException(io) : e)
          .build();
    }
  }

  // ---- reading XML (element names without namespaces)

  private static Element child(Element parent, String name) {
    if (parent == null) {
      return null;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && name.equals(localName(e))) {
        return e;
      }
    }
    return null;
  }

  private static String localName(Element e) {
    String tag = e.getTagName();
    int colon = tag.indexOf(':');
    return colon < 0 ? tag : tag.substring(colon + 1);
  }

  private static List<Element> members(Element list) {
    List<Element> out = new ArrayList<>();
    if (list != null) {
      for (Node n = list.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e && "member".equals(localName(e))) {
          out.add(e);
        }
      }
    }
    return out;
  }

  private static List<String> values(Element list) {
    return members(list).stream().map(e -> e.getTextContent().strip()).toList();
  }

  private static String text(Element parent, String name) {
    Element e = child(parent, name);
    return e == null ? null : e.getTextContent().strip();
  }

  private static int intOf(String s, int absent) {
    return s == null || s.isEmpty() ? absent : Integer.parseInt(s);
  }
}
