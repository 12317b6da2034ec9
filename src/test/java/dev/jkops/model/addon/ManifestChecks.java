package dev.jkops.model.addon;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The fields the API server would require, and the references between objects that must hold for
 * the addon to start: every problem found, as a sentence naming the object.
 */
final class ManifestChecks {
  static final Set<String> CLUSTER_SCOPED =
      Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition");

  private ManifestChecks() {}

  static List<String> problems(List<HasMetadata> objects) {
    List<String> out = new ArrayList<>();
    for (HasMetadata o : objects) {
      String id = o.getKind() + " " + (o.getMetadata() == null ? "?" : o.getMetadata().getName());
      if (o.getMetadata() == null || blank(o.getMetadata().getName())) {
        out.add(id + " has no metadata.name");
        continue;
      }
      boolean namespaced = !CLUSTER_SCOPED.contains(o.getKind());
      if (namespaced == blank(o.getMetadata().getNamespace())) {
        out.add(
            id + (namespaced ? " needs a namespace" : " is cluster-scoped but names a namespace"));
      }
      if (o instanceof DaemonSet ds) {
        pod(
            id,
            ds.getSpec().getSelector().getMatchLabels(),
            ds.getSpec().getTemplate(),
            o,
            objects,
            out);
      } else if (o instanceof Deployment d) {
        pod(
            id,
            d.getSpec().getSelector().getMatchLabels(),
            d.getSpec().getTemplate(),
            o,
            objects,
            out);
      } else if (o instanceof PodDisruptionBudget pdb) {
        Map<String, String> sel = pdb.getSpec().getSelector().getMatchLabels();
        boolean matches =
            objects.stream()
                .filter(x -> x instanceof Deployment)
                .map(x -> (Deployment) x)
                .anyMatch(
                    d -> labels(d.getSpec().getTemplate()).entrySet().containsAll(sel.entrySet()));
        if (!matches) {
          out.add(id + " selects " + sel + ", which no Deployment's pods carry");
        }
      } else if (o instanceof ClusterRoleBinding b) {
        binding(id, b.getRoleRef(), b.getSubjects(), objects, out);
      } else if (o instanceof RoleBinding b) {
        binding(id, b.getRoleRef(), b.getSubjects(), objects, out);
      } else if (o instanceof CustomResourceDefinition crd) {
        String want = crd.getSpec().getNames().getPlural() + "." + crd.getSpec().getGroup();
        if (!want.equals(crd.getMetadata().getName())) {
          out.add(id + " must be named " + want);
        }
        if (crd.getSpec().getVersions().stream()
                .filter(v -> Boolean.TRUE.equals(v.getStorage()))
                .count()
            != 1) {
          out.add(id + " needs exactly one storage version");
        }
      }
    }
    return out;
  }

  private static void pod(
      String id,
      Map<String, String> selector,
      PodTemplateSpec t,
      HasMetadata owner,
      List<HasMetadata> all,
      List<String> out) {
    if (selector == null || selector.isEmpty()) {
      out.add(id + " has an empty selector");
    } else if (!labels(t).entrySet().containsAll(selector.entrySet())) {
      out.add(id + " selector " + selector + " does not match its template's labels " + labels(t));
    }
    String ns = owner.getMetadata().getNamespace();
    String sa = t.getSpec().getServiceAccountName();
    if (sa != null
        && all.stream()
            .noneMatch(
                o ->
                    o instanceof ServiceAccount
                        && sa.equals(o.getMetadata().getName())
                        && ns.equals(o.getMetadata().getNamespace()))) {
      out.add(
          id + " runs as ServiceAccount " + sa + ", which the manifest does not create in " + ns);
    }
    Set<String> volumes =
        t.getSpec().getVolumes() == null
            ? Set.of()
            : t.getSpec().getVolumes().stream().map(Volume::getName).collect(Collectors.toSet());
    for (Volume v :
        t.getSpec().getVolumes() == null ? List.<Volume>of() : t.getSpec().getVolumes()) {
      if (v.getConfigMap() != null && configMap(all, ns, v.getConfigMap().getName()) == null) {
        out.add(
            id
                + " volume "
                + v.getName()
                + " mounts ConfigMap "
                + v.getConfigMap().getName()
                + ", not in the manifest");
      }
    }
    List<Container> containers = new ArrayList<>(t.getSpec().getContainers());
    if (t.getSpec().getInitContainers() != null) {
      containers.addAll(t.getSpec().getInitContainers());
    }
    if (t.getSpec().getContainers().isEmpty()) {
      out.add(id + " has no containers");
    }
    for (Container c : containers) {
      if (blank(c.getName()) || blank(c.getImage())) {
        out.add(id + " has a container without name or image: " + c.getName() + " " + c.getImage());
      }
      for (VolumeMount m :
          c.getVolumeMounts() == null ? List.<VolumeMount>of() : c.getVolumeMounts()) {
        if (!volumes.contains(m.getName())) {
          out.add(id + " container " + c.getName() + " mounts undeclared volume " + m.getName());
        }
      }
      for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
        if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
          var ref = e.getValueFrom().getConfigMapKeyRef();
          ConfigMap cm = configMap(all, ns, ref.getName());
          // an optional key may be absent: the kubelet then starts the container without the
          // variable
          boolean missing =
              cm == null || cm.getData() == null || !cm.getData().containsKey(ref.getKey());
          if (missing && !Boolean.TRUE.equals(ref.getOptional())) {
            out.add(
                id
                    + " container "
                    + c.getName()
                    + " env "
                    + e.getName()
                    + " reads "
                    + ref.getName()
                    + "/"
                    + ref.getKey()
                    + ", which the manifest does not define");
          }
        }
      }
    }
  }

  private static void binding(
      String id, RoleRef ref, List<Subject> subjects, List<HasMetadata> all, List<String> out) {
    boolean roleThere =
        all.stream()
            .anyMatch(
                o ->
                    o.getKind().equals(ref.getKind())
                        && o.getMetadata().getName().equals(ref.getName()));
    if (!roleThere) {
      out.add(
          id
              + " binds "
              + ref.getKind()
              + " "
              + ref.getName()
              + ", which the manifest does not create");
    }
    for (Subject s : subjects) {
      if ("ServiceAccount".equals(s.getKind())
          && all.stream()
              .noneMatch(
                  o ->
                      o instanceof ServiceAccount
                          && o.getMetadata().getName().equals(s.getName())
                          && o.getMetadata().getNamespace().equals(s.getNamespace()))) {
        out.add(
            id
                + " binds ServiceAccount "
                + s.getNamespace()
                + "/"
                + s.getName()
                + ", which the manifest does not create");
      }
    }
  }

  private static ConfigMap configMap(List<HasMetadata> all, String ns, String name) {
    return all.stream()
        .filter(
            o ->
                o instanceof ConfigMap
                    && o.getMetadata().getName().equals(name)
                    && ns.equals(o.getMetadata().getNamespace()))
        .map(o -> (ConfigMap) o)
        .findFirst()
        .orElse(null);
  }

  static Map<String, String> labels(PodTemplateSpec t) {
    return t.getMetadata() == null || t.getMetadata().getLabels() == null
        ? Map.of()
        : t.getMetadata().getLabels();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
