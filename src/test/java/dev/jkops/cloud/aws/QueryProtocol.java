package dev.jkops.cloud.aws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * AWS' query protocol as the tests' local endpoints speak it: the form a request carries, and the
 * XML answers of its two dialects, EC2's ({@code <ActionResponse>} with the result inline, errors
 * in {@code <Response><Errors>}) and the one Elastic Load Balancing shares with most other query
 * services ({@code <ActionResult>} inside the response, errors in {@code <ErrorResponse>}).
 */
final class QueryProtocol {
  static final String EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/";

  private QueryProtocol() {}

  /** The form the service receives: parameter to value, decoded, in a sorted map. */
  static Map<String, String> form(String body) {
    Map<String, String> m = new TreeMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      m.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return m;
  }

  /** EC2's answer to {@code action}: {@code inner} is the result's elements. */
  static String ec2Response(String action, String inner) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<"
        + action
        + "Response xmlns=\""
        + EC2_NS
        + "\"><requestId>r</requestId>"
        + inner
        + "</"
        + action
        + "Response>";
  }

  /** EC2's error answer with {@code code}, which the SDK reads as the error code. */
  static String ec2Error(String code, String message) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>"
        + code
        + "</Code><Message>"
        + message
        + "</Message></Error></Errors><RequestID>r</RequestID></Response>";
  }

  /** A query service's answer to {@code action} in namespace {@code ns} (the API version's). */
  static String result(String ns, String action, String result) {
    return "<"
        + action
        + "Response xmlns=\""
        + ns
        + "\"><"
        + action
        + "Result>"
        + result
        + "</"
        + action
        + "Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></"
        + action
        + "Response>";
  }

  /** A query service's error answer (a caller's fault: {@code Sender}). */
  static String error(String ns, String code, String message) {
    return "<ErrorResponse xmlns=\""
        + ns
        + "\"><Error><Type>Sender</Type><Code>"
        + code
        + "</Code><Message>"
        + message
        + "</Message></Error><RequestId>r</RequestId></ErrorResponse>";
  }
}
