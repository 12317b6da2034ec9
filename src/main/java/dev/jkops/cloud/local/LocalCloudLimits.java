package dev.jkops.cloud.local;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.FieldError;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.api.ZoneNames;
import java.util.ArrayList;
import java.util.List;

/**
 * What a spec can ask for that the local cloud cannot build, checked by every command that writes a
 * spec (create, edit, replace), so the user hears it at the edit and not at the next update. The
 * same limits stay enforced when the cloud is built (a spec written by an older jkops).
 */
public final class LocalCloudLimits {
  private LocalCloudLimits() {}

  public static final String FLANNEL_UDP =
      "flannel's udp backend is not available on the local cloud: it needs"
          + " flanneld's userspace encapsulator on a TUN device, which jkops does not emulate. Use flannel's vxlan"
          + " backend (--networking flannel, or spec.networking.flannel.backend: vxlan); the AWS cloud renders the udp"
          + " backend as kops does";

  public static List<FieldError> check(ClusterBundle bundle) {
    String cloud = bundle.cluster().spec().cloudProvider();
    List<FieldError> out = new ArrayList<>();
    if (cloud != null && !cloud.equals(ZoneNames.LOCAL)) {
      return out;
    }
    if (bundle.cluster().spec().networking() instanceof NetworkingSpec.Flannel f
        && NetworkingSpec.Flannel.UDP.equals(f.backendOrDefault())) {
      out.add(
          FieldError.unsupported(
              "spec.networking.flannel.backend", f.backendOrDefault(), FLANNEL_UDP));
    }
    if (bundle.cluster().spec().networking() instanceof NetworkingSpec.Cilium c
        && NetworkingSpec.Cilium.TUNNEL_GENEVE.equals(c.tunnel())) {
      out.add(
          FieldError.unsupported(
              "spec.networking.cilium.tunnel",
              c.tunnel(),
              "cilium's geneve tunnel is not"
                  + " available on the local cloud: it builds tunnels as kernel devices and the kernel it is tested on has no geneve"
                  + " driver (CONFIG_GENEVE), so it builds VXLAN overlays only; use tunnel: vxlan (the default) or"
                  + " disabled (native routing); the AWS cloud renders geneve as kops does"));
    }
    return out;
  }
}
