package dev.jkops.cloud.local.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.cloud.local.policy.ManifestDocument;
import dev.jkops.cloud.local.policy.ManifestException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognises a networking provider from its manifests, as a cluster would run it: by the images of
 * its DaemonSets' containers. Works for the manifests jkops renders and for the providers' upstream
 * ones, since both name the same images.
 */
public final class ProviderManifests {

  /** The image names recognised, for the error message when nothing matches. */
  public static final List<String> RECOGNISED_IMAGES =
      List.of(
          "calico/node (calico; canal when a flannel container is present too)",
          "flannel/flannel, flannel-io/flannel or coreos/flannel (flannel; backend from net-conf.json, default vxlan)",
          "weaveworks/weave-kube (weave)",
          "kopeio/networking-agent (kopeio)",
          "romana/* (romana)",
          "cilium/cilium (cilium; routing-mode native or tunnel disabled in cilium-config for"
              + " native routing, else its tunnel)",
          "kindnet or kindnetd (kindnet: registry.k8s.io/networking/kindnet, kindest/kindnetd,"
              + " aojea/kindnetd)",
          "cloudnativelabs/kube-router (kube-router)");

  private ProviderManifests() {}

  /** Whether this object belongs to a provider's manifest (as opposed to a policy or namespace). */
  public static boolean isProviderObject(ManifestDocument doc) {
    return !doc.kind().equals("NetworkPolicy") && !doc.kind().equals("Namespace");
  }

  /**
   * The provider the documents install, or a {@link ManifestException} naming the file and the
   * images jkops recognises.
   */
  public static NetworkingSpec recognise(List<ManifestDocument> docs, String source) {
    List<String> images = new ArrayList<>();
    for (ManifestDocument doc : docs) {
      if (doc.kind().equals("DaemonSet")) {
        JsonNode pod = doc.body().path("spec").path("template").path("spec");
        for (String list : List.of("initContainers", "containers")) {
          pod.path(list).forEach(c -> images.add(repository(c.path("image").asText(""))));
        }
      }
    }
    boolean calicoNode = images.stream().anyMatch(i -> i.endsWith("calico/node"));
    boolean flannel = images.stream().anyMatch(ProviderManifests::isFlannel);
    NetworkingSpec found;
    if (calicoNode && flannel) {
      found = new NetworkingSpec.Canal(null, null);
    } else if (calicoNode) {
      // calico's etcd manifest carries etcd_endpoints in its calico-config ConfigMap: the etcd
      // datastore
      found =
          etcdEndpoints(docs)
              ? new NetworkingSpec.Calico(
                  null, null, null, null, NetworkingSpec.Calico.DATASTORE_ETCD, null)
              : NetworkingSpec.fromFlag("calico");
    } else if (flannel) {
      found =
          new NetworkingSpec.Flannel(
              flannelBackend(docs).orElse(NetworkingSpec.Flannel.VXLAN), null);
    } else if (images.stream().anyMatch(i -> i.endsWith("weaveworks/weave-kube"))) {
      found = new NetworkingSpec.Weave(null, null);
    } else if (images.stream().anyMatch(i -> i.endsWith("kopeio/networking-agent"))) {
      found = new NetworkingSpec.Kopeio(null);
    } else if (images.stream().anyMatch(i -> i.contains("romana/") || i.startsWith("romana"))) {
      found = new NetworkingSpec.Romana(null);
    } else if (images.stream().anyMatch(i -> i.endsWith("cilium/cilium"))) {
      found = cilium(docs);
    } else if (images.stream().anyMatch(ProviderManifests::isKindnet)) {
      found = NetworkingSpec.fromFlag("kindnet");
    } else if (images.stream().anyMatch(i -> i.endsWith("cloudnativelabs/kube-router"))) {
      found = NetworkingSpec.fromFlag("kube-router");
    } else {
      throw new ManifestException(
          source
              + ": no networking provider recognised (DaemonSet images: "
              + (images.isEmpty() ? "none" : String.join(", ", images))
              + "). jkops installs a provider recognised by"
              + " its DaemonSet images: "
              + String.join("; ", RECOGNISED_IMAGES),
          List.of());
    }
    return found;
  }

  private static boolean etcdEndpoints(List<ManifestDocument> docs) {
    return docs.stream()
        .anyMatch(
            d ->
                d.kind().equals("ConfigMap")
                    && !d.body().path("data").path("etcd_endpoints").asText("").isBlank());
  }

  /**
   * kindnet's images: kops' and the Kubernetes project's {@code
   * registry.k8s.io/networking/kindnet}, kind's {@code kindest/kindnetd} and its author's {@code
   * aojea/kindnetd}.
   */
  private static boolean isKindnet(String repo) {
    return repo.endsWith("/kindnet") || repo.endsWith("/kindnetd") || repo.equals("kindnetd");
  }

  /**
   * Cilium as its cilium-config ConfigMap asks: native routing when {@code routing-mode: native}
   * (cilium 1.14 on) or {@code tunnel: disabled} (before), else its tunnel protocol (vxlan when
   * unset, as cilium's own default).
   */
  private static NetworkingSpec cilium(List<ManifestDocument> docs) {
    String tunnel = NetworkingSpec.Cilium.TUNNEL_VXLAN;
    for (ManifestDocument doc : docs) {
      if (doc.kind().equals("ConfigMap")
          && doc.body().path("metadata").path("name").asText("").equals("cilium-config")) {
        JsonNode data = doc.body().path("data");
        String routing = data.path("routing-mode").asText("").toLowerCase(Locale.ROOT);
        String legacy = data.path("tunnel").asText("").toLowerCase(Locale.ROOT);
        String protocol = data.path("tunnel-protocol").asText("").toLowerCase(Locale.ROOT);
        if (routing.equals("native") || legacy.equals(NetworkingSpec.Cilium.TUNNEL_DISABLED)) {
          tunnel = NetworkingSpec.Cilium.TUNNEL_DISABLED;
        } else if (protocol.equals(NetworkingSpec.Cilium.TUNNEL_GENEVE)
            || legacy.equals(NetworkingSpec.Cilium.TUNNEL_GENEVE)) {
          tunnel = NetworkingSpec.Cilium.TUNNEL_GENEVE;
        }
      }
    }
    return new NetworkingSpec.Cilium(null, tunnel, null, null, null, null, null, null, null, null);
  }

  private static boolean isFlannel(String repo) {
    return repo.endsWith("flannel/flannel")
        || repo.endsWith("flannel-io/flannel")
        || repo.endsWith("coreos/flannel")
        || repo.equals("flannel");
  }

  /**
   * {@code docker.io/flannel/flannel:v0.24.2@sha256:..} -> {@code docker.io/flannel/flannel}, lower
   * case.
   */
  static String repository(String image) {
    String s = image.trim().toLowerCase(Locale.ROOT);
    int digest = s.indexOf('@');
    if (digest >= 0) {
      s = s.substring(0, digest);
    }
    int colon = s.lastIndexOf(':');
    if (colon > s.lastIndexOf('/')) {
      s = s.substring(0, colon);
    }
    return s;
  }

  /** The {@code Backend.Type} of a ConfigMap's {@code net-conf.json}, if the file has one. */
  private static Optional<String> flannelBackend(List<ManifestDocument> docs) {
    for (ManifestDocument doc : docs) {
      JsonNode conf = doc.body().path("data").path("net-conf.json");
      if (doc.kind().equals("ConfigMap") && conf.isTextual()) {
        JsonNode parsed;
        try {
          parsed = new ObjectMapper().readTree(conf.asText());
        } catch (IOException e) {
          throw new ManifestException(
              doc.describe()
                  + ": data.net-conf.json is not valid JSON ("
                  + e.getMessage()
                  + "); fix the flannel ConfigMap",
              e);
        }
        String type = parsed.path("Backend").path("Type").asText("").toLowerCase(Locale.ROOT);
        if (type.isEmpty()) {
          return Optional.empty();
        }
        if (!type.equals(NetworkingSpec.Flannel.VXLAN)
            && !type.equals(NetworkingSpec.Flannel.UDP)) {
          throw new ManifestException(
              doc.describe()
                  + ": data.net-conf.json Backend.Type \""
                  + type
                  + "\" is not one"
                  + " jkops runs on the local cloud; use vxlan or udp",
              List.of());
        }
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
