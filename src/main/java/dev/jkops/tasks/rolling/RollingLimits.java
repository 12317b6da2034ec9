package dev.jkops.tasks.rolling;

import dev.jkops.api.RollingUpdate;
import java.util.Optional;

/**
 * {@code rollingUpdate.maxUnavailable} and {@code maxSurge} resolved for one group: counts or
 * percentages of the group's size (maxUnavailable rounds down, maxSurge up, as Kubernetes
 * Deployments do), the group's own setting over the cluster's, maxUnavailable 1 and maxSurge 0 when
 * neither sets them. Control plane and bastion groups are replaced one at a time whatever they say,
 * as kops does.
 */
public record RollingLimits(int maxUnavailable, int maxSurge) {

  public static final RollingLimits ONE_AT_A_TIME = new RollingLimits(1, 0);

  /** Thrown for a value that is neither a count nor a percentage; names the field. */
  public static final class BadValue extends dev.jkops.api.UserFacingException {
    BadValue(String message) {
      super(message);
    }
  }

  public static RollingLimits resolve(
      RollingUpdate cluster, RollingUpdate group, int size, GroupRole role) {
    if (role != GroupRole.NODE) {
      return ONE_AT_A_TIME;
    }
    Object unavailable = pick(group, cluster, true);
    Object surge = pick(group, cluster, false);
    int u = unavailable == null ? 1 : count(unavailable, size, false, "maxUnavailable");
    int s = surge == null ? 0 : count(surge, size, true, "maxSurge");
    return new RollingLimits(u, s);
  }

  /** How many instances are replaced together: surge plus unavailable, at most {@code toUpdate}. */
  public int batch(int toUpdate) {
    return Math.min(toUpdate, Math.min(maxSurge, toUpdate) + maxUnavailable);
  }

  /** kops: with both zero the group's rolling updates are disabled. */
  public boolean disabled() {
    return maxUnavailable == 0 && maxSurge == 0;
  }

  private static Object pick(RollingUpdate group, RollingUpdate cluster, boolean unavailable) {
    Object g =
        Optional.ofNullable(group)
            .map(r -> unavailable ? r.maxUnavailable() : r.maxSurge())
            .orElse(null);
    return g != null
        ? g
        : Optional.ofNullable(cluster)
            .map(r -> unavailable ? r.maxUnavailable() : r.maxSurge())
            .orElse(null);
  }

  static int count(Object value, int size, boolean roundUp, String field) {
    String text = String.valueOf(value).trim();
    try {
      if (text.endsWith("%")) {
        double pct = Double.parseDouble(text.substring(0, text.length() - 1));
        if (pct < 0 || pct > 100) {
          throw new NumberFormatException();
        }
        double n = size * pct / 100.0;
        return (int) (roundUp ? Math.ceil(n) : Math.floor(n));
      }
      int n = Integer.parseInt(text);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new BadValue(
          "rollingUpdate."
              + field
              + ": Invalid value \""
              + text
              + "\": use a count such as 1 or a"
              + " percentage such as 25%");
    }
  }
}
