package dev.jkops.model.provider;

import dev.jkops.api.NetworkingSpec;
import dev.jkops.model.AddonManifest;
import dev.jkops.model.NetworkContext;
import dev.jkops.model.addon.AddonTemplates;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The values of calico's templates, kept apart from the provider's networking decisions. */
final class CalicoManifest {
  static final String ADDON = "networking.projectcalico.org";

  private CalicoManifest() {}

  static AddonManifest render(
      NetworkContext ctx, NetworkingSpec.Calico spec, List<String> etcdEndpoints, int mtu) {
    String enc = spec.encapsulationModeOrDefault();
    // kops' choice: on AWS IP-in-IP only between subnets (CrossSubnet), elsewhere always.
    boolean crossSubnet = spec.crossSubnet() == null ? ctx.isAws() : spec.crossSubnet();
    String when = crossSubnet ? "CrossSubnet" : "Always";
    Map<String, String> v = new HashMap<>();
    v.put("nodeImage", CalicoProvider.NODE_IMAGE);
    v.put("cniImage", CalicoProvider.CNI_IMAGE);
    v.put("controllersImage", CalicoProvider.CONTROLLERS_IMAGE);
    v.put("podCIDR", ctx.podCIDR().toString());
    v.put("mtu", Integer.toString(mtu));
    v.put("ipip", "ipip".equals(enc) ? when : "Never");
    v.put("vxlan", "vxlan".equals(enc) ? when : "Never");
    v.put("backend", "vxlan".equals(enc) ? "vxlan" : "bird");
    v.put(
        "srcDstCheck",
        Boolean.TRUE.equals(spec.awsSrcDstCheck()) || !ctx.isAws() ? "DoNothing" : "Disable");
    if (etcdEndpoints.isEmpty()) {
      String crds = AddonTemplates.render("calico-crds.yaml", Map.of());
      AddonManifest m = AddonTemplates.networking(ADDON, "k8s-1.25", "calico.yaml", v);
      return new AddonManifest(ADDON, "k8s-1.25", m.manifest() + "\n---\n" + crds, m.selector());
    }
    v.put("etcdEndpoints", String.join(",", etcdEndpoints));
    return AddonTemplates.networking(ADDON, "k8s-1.25-etcd", "calico-etcd.yaml", v);
  }
}
