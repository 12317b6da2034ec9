package dev.jkops.cloud.terraform;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A whole Terraform configuration as kops writes it: the AWS provider for one region, the
 * resources, the data sources (what Terraform reads and does not manage, such as an existing VPC:
 * {@code data "aws_vpc"}), outputs (also kept as locals), and the data files written beside it
 * under {@code data/}.
 */
public record TerraformConfig(
    String region,
    List<TfResource> resources,
    List<TfResource> dataSources,
    SortedMap<String, Object> outputs,
    SortedMap<String, String> dataFiles) {

  public TerraformConfig {
    resources = sorted(resources, "resources");
    dataSources = sorted(dataSources, "data sources");
    outputs = Collections.unmodifiableSortedMap(new TreeMap<>(outputs));
    dataFiles = Collections.unmodifiableSortedMap(new TreeMap<>(dataFiles));
  }

  /** A configuration that reads nothing it does not manage. */
  public TerraformConfig(
      String region,
      List<TfResource> resources,
      SortedMap<String, Object> outputs,
      SortedMap<String, String> dataFiles) {
    this(region, resources, List.of(), outputs, dataFiles);
  }

  private static List<TfResource> sorted(List<TfResource> blocks, String what) {
    List<TfResource> out =
        blocks.stream()
            .sorted(Comparator.comparing(TfResource::type).thenComparing(TfResource::name))
            .toList();
    for (int i = 1; i < out.size(); i++) {
      if (out.get(i).address().equals(out.get(i - 1).address())) {
        throw new IllegalArgumentException(
            "two Terraform " + what + " share the address " + out.get(i).address());
      }
    }
    return out;
  }
}
