package dev.jkops.cloud.terraform;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A whole Terraform configuration as kops writes it: the AWS provider for one region, the
 * resources, outputs (also kept as locals), and the data files written beside it under {@code
 * data/}.
 */
public record TerraformConfig(
    String region,
    List<TfResource> resources,
    SortedMap<String, Object> outputs,
    SortedMap<String, String> dataFiles) {

  public TerraformConfig {
    resources =
        resources.stream()
            .sorted(Comparator.comparing(TfResource::type).thenComparing(TfResource::name))
            .toList();
    outputs = Collections.unmodifiableSortedMap(new TreeMap<>(outputs));
    dataFiles = Collections.unmodifiableSortedMap(new TreeMap<>(dataFiles));
    for (int i = 1; i < resources.size(); i++) {
      if (resources.get(i).address().equals(resources.get(i - 1).address())) {
        throw new IllegalArgumentException(
            "two Terraform resources share the address " + resources.get(i).address());
      }
    }
  }
}
