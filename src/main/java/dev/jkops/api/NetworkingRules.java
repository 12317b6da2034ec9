package dev.jkops.api;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code spec.networking} and the version-dependent rules: provider options within their ranges,
 * classic only up to Kubernetes 1.4, the DaemonSet providers from 1.4, the kubelet's network-plugin
 * flags only before 1.24; plus the cloud, version, DNS, load balancer and route-table settings.
 */
final class NetworkingRules {
  private NetworkingRules() {}

  static final int MIN_MTU = 68;
  static final int MAX_MTU = 9001;
  static final List<String> FLANNEL_BACKENDS =
      List.of(NetworkingSpec.Flannel.UDP, NetworkingSpec.Flannel.VXLAN);
  static final List<String> CALICO_DATASTORES =
      List.of(NetworkingSpec.Calico.DATASTORE_KUBERNETES, NetworkingSpec.Calico.DATASTORE_ETCD);

  /** Providers kops installs as a DaemonSet addon: they need Kubernetes 1.4 or later. */
  static final Set<String> DAEMONSET_PROVIDERS =
      Set.of("kopeio", "weave", "flannel", "calico", "canal", "romana");

  static final List<String> DNS_TYPES = List.of("Public", "Private", "None");
  static final List<String> LOAD_BALANCER_TYPES = List.of("Public", "Internal");

  static void check(ClusterSpec s, List<FieldError> out) {
    cloud(s, out);
    Optional<KubernetesVersion> version = version(s, out);
    NetworkingSpec n = s.networking();
    if (n == null) {
      out.add(
          FieldError.required(
              "spec.networking",
              "choose one networking option, e.g. networking: {kubenet: {}};"
                  + " valid options: "
                  + String.join(", ", NetworkingSpec.KEYS)));
    } else {
      options(n, out);
      version.ifPresent(v -> versioned(n, v, out));
    }
    version.ifPresent(v -> kubeletFlags(s.kubelet(), v, out));
    if (s.cloudConfig() != null && s.cloudConfig().routeTableQuota() != null) {
      int q = s.cloudConfig().routeTableQuota();
      if (q < 1 || q > CloudConfig.MAX_ROUTE_TABLE_QUOTA) {
        out.add(
            FieldError.invalid(
                "spec.cloudConfig.routeTableQuota",
                q,
                "must be 1.."
                    + CloudConfig.MAX_ROUTE_TABLE_QUOTA
                    + " (AWS allows 50 routes per table by default and up to 1000 on request); set the quota your account has"));
      }
    }
    if (s.topology() != null
        && s.topology().dns() != null
        && s.topology().dns().type() != null
        && !DNS_TYPES.contains(s.topology().dns().type())) {
      out.add(
          FieldError.unsupported(
              "spec.topology.dns.type",
              s.topology().dns().type(),
              "supported values: " + String.join(", ", DNS_TYPES)));
    }
    if (s.api() != null
        && s.api().loadBalancer() != null
        && s.api().loadBalancer().type() != null
        && !LOAD_BALANCER_TYPES.contains(s.api().loadBalancer().type())) {
      out.add(
          FieldError.unsupported(
              "spec.api.loadBalancer.type",
              s.api().loadBalancer().type(),
              "supported values: " + String.join(", ", LOAD_BALANCER_TYPES)));
    }
  }

  private static void cloud(ClusterSpec s, List<FieldError> out) {
    if (s.cloudProvider() == null) {
      out.add(
          FieldError.required(
              "spec.cloudProvider", "set cloudProvider: aws or cloudProvider: local"));
    } else if (!ZoneNames.CLOUDS.contains(s.cloudProvider())) {
      out.add(
          FieldError.unsupported(
              "spec.cloudProvider",
              s.cloudProvider(),
              "supported values: " + String.join(", ", ZoneNames.CLOUDS)));
    }
  }

  private static Optional<KubernetesVersion> version(ClusterSpec s, List<FieldError> out) {
    if (s.kubernetesVersion() == null) {
      out.add(
          FieldError.required(
              "spec.kubernetesVersion",
              "set the Kubernetes version, e.g. kubernetesVersion: "
                  + ClusterDefaults.DEFAULT_KUBERNETES_VERSION));
      return Optional.empty();
    }
    Optional<KubernetesVersion> v = KubernetesVersion.parse(s.kubernetesVersion());
    if (v.isEmpty()) {
      out.add(
          FieldError.invalid(
              "spec.kubernetesVersion",
              s.kubernetesVersion(),
              "is not a version; write it as v1.32.0"));
    }
    return v;
  }

  private static void options(NetworkingSpec n, List<FieldError> out) {
    String p = "spec.networking." + n.key();
    if (n instanceof NetworkingSpec.Flannel f
        && f.backend() != null
        && !FLANNEL_BACKENDS.contains(f.backend())) {
      out.add(
          FieldError.unsupported(
              p + ".backend", f.backend(), "supported values: \"udp\", \"vxlan\""));
    } else if (n instanceof NetworkingSpec.Calico c) {
      if (c.datastore() != null && !CALICO_DATASTORES.contains(c.datastore())) {
        out.add(
            FieldError.unsupported(
                p + ".datastore", c.datastore(), "supported values: \"kubernetes\", \"etcd\""));
      }
      if (c.encapsulationMode() != null
          && !NetworkingSpec.Calico.ENCAPSULATION_MODES.contains(c.encapsulationMode())) {
        out.add(
            FieldError.unsupported(
                p + ".encapsulationMode",
                c.encapsulationMode(),
                "supported values: \"ipip\", \"vxlan\", \"none\""));
      }
      mtu(p, c.mtu(), out);
    } else if (n instanceof NetworkingSpec.Weave w) {
      mtu(p, w.mtu(), out);
    } else if (n instanceof NetworkingSpec.Canal c) {
      mtu(p, c.mtu(), out);
    }
  }

  private static void mtu(String p, Integer mtu, List<FieldError> out) {
    if (mtu != null && (mtu < MIN_MTU || mtu > MAX_MTU)) {
      out.add(
          FieldError.invalid(
              p + ".mtu",
              mtu,
              "must be "
                  + MIN_MTU
                  + ".."
                  + MAX_MTU
                  + " (IPv4's minimum to AWS'"
                  + " jumbo frames); leave it out to use the provider's default"));
    }
  }

  private static void versioned(NetworkingSpec n, KubernetesVersion v, List<FieldError> out) {
    if (n instanceof NetworkingSpec.Classic && v.isAtLeast(1, 5)) {
      out.add(
          FieldError.forbidden(
              "spec.networking.classic",
              "classic networking (kubelet --configure-cbr0, no CNI)"
                  + " existed only up to Kubernetes 1.4 and this cluster runs "
                  + v
                  + "; use kubenet, which replaced it"));
    }
    if (DAEMONSET_PROVIDERS.contains(n.key()) && !v.isAtLeast(1, 4)) {
      out.add(
          FieldError.forbidden(
              "spec.networking." + n.key(),
              n.key()
                  + " runs as a DaemonSet with CNI, which needs"
                  + " Kubernetes 1.4 or later, and this cluster runs "
                  + v
                  + "; raise kubernetesVersion or use kubenet"));
    }
  }

  private static void kubeletFlags(KubeletConfig k, KubernetesVersion v, List<FieldError> out) {
    if (k == null || !v.isAtLeast(1, 24)) {
      return;
    }
    String why =
        " is a kubelet flag removed in Kubernetes 1.24 (the kubelet reads CNI config files instead) and this"
            + " cluster runs "
            + v
            + "; remove it";
    if (k.networkPluginName() != null) {
      out.add(FieldError.forbidden("spec.kubelet.networkPluginName", "--network-plugin" + why));
    }
    if (k.networkPluginMTU() != null) {
      out.add(FieldError.forbidden("spec.kubelet.networkPluginMTU", "--network-plugin-mtu" + why));
    }
    if (k.nonMasqueradeCIDR() != null) {
      out.add(
          FieldError.forbidden(
              "spec.kubelet.nonMasqueradeCIDR",
              "--non-masquerade-cidr" + why + " (spec.nonMasqueradeCIDR still applies)"));
    }
  }
}
