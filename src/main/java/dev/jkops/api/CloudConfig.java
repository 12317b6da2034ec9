package dev.jkops.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.util.Map;

/**
 * {@code spec.cloudConfig}. jkops adds {@code routeTableQuota}: the number of routes the cluster's
 * route table may hold (AWS' default 50, raisable to 1000). It is not a kops field; kops users
 * learn the quota from AWS when nodes silently stay without routes.
 */
public record CloudConfig(
    Integer routeTableQuota, @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public static final int DEFAULT_ROUTE_TABLE_QUOTA = 50;
  public static final int MAX_ROUTE_TABLE_QUOTA = 1000;

  public CloudConfig {
    extra = Extras.copy(extra);
  }

  public int routeTableQuotaOrDefault() {
    return routeTableQuota == null ? DEFAULT_ROUTE_TABLE_QUOTA : routeTableQuota;
  }
}
