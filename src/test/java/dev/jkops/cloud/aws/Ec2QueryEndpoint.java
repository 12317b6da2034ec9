package dev.jkops.cloud.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * A local EC2 for the SDK's real {@link Ec2Client}: each request's form is recorded and given to
 * the test's {@code answer}, whose XML is sent back as EC2 would send it ({@link QueryProtocol});
 * the {@link AwsContext} it makes knows the cluster's VPC by the id the test names, and fails the
 * test on any Auto Scaling or IAM call.
 */
final class Ec2QueryEndpoint implements AutoCloseable {
  private final LocalAwsEndpoint endpoint;
  private final List<Map<String, String>> requests = new ArrayList<>();
  private final AwsContext context;

  Ec2QueryEndpoint(String cluster, String vpcId, Function<Map<String, String>, String> answer) {
    endpoint =
        LocalAwsEndpoint.start(
            r -> {
              Map<String, String> f = QueryProtocol.form(r.body());
              requests.add(f);
              return LocalAwsEndpoint.Answer.xml(200, answer.apply(f));
            });
    Ec2Client ec2 = endpoint.client(Ec2Client.builder(), Region.US_EAST_1);
    AwsClients clients =
        new AwsClients(
            () -> ec2,
            () -> {
              throw new AssertionError("no Auto Scaling call expected");
            },
            () -> {
              throw new AssertionError("no IAM call expected");
            });
    context = new AwsContext(clients, new AwsRetry(4, 1, 2, ms -> {}), new LiveIds(), cluster);
    context.ids().put(Vpc.idOf(cluster), vpcId);
  }

  AwsContext context() {
    return context;
  }

  /** Every request's form, in the order EC2 received them. */
  List<Map<String, String>> requests() {
    return requests;
  }

  /** The forms of the requests of one action. */
  List<Map<String, String>> sent(String action) {
    return requests.stream().filter(f -> action.equals(f.get("Action"))).toList();
  }

  /** The actions called, in order. */
  List<String> actions() {
    return requests.stream().map(f -> f.get("Action")).toList();
  }

  @Override
  public void close() {
    endpoint.close();
  }
}
