package dev.jkops.cloud.local.apiserver;

import java.util.List;

/**
 * One kind of object the API serves: its group, version, plural resource name (the URL segment),
 * kind, and whether it lives in a namespace.
 */
record ResourceType(
    String group,
    String version,
    String plural,
    String singular,
    String kind,
    boolean namespaced,
    List<String> shortNames) {

  String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /**
   * e.g. {@code pods} or {@code networkpolicies.networking.k8s.io}, as Kubernetes names them in
   * messages.
   */
  String qualifiedPlural() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  /**
   * Where a generic object is kept in etcd: Kubernetes' own layout,
   * /registry/[group/]plural/[ns/]name.
   */
  String keyPrefix() {
    return "/registry/" + (group.isEmpty() ? "" : group + "/") + plural + "/";
  }

  static ResourceType core(String plural, String kind, boolean namespaced, String... shortNames) {
    return new ResourceType(
        "",
        "v1",
        plural,
        kind.toLowerCase(java.util.Locale.ROOT),
        kind,
        namespaced,
        List.of(shortNames));
  }

  static ResourceType of(
      String group,
      String version,
      String plural,
      String kind,
      boolean namespaced,
      String... shortNames) {
    return new ResourceType(
        group,
        version,
        plural,
        kind.toLowerCase(java.util.Locale.ROOT),
        kind,
        namespaced,
        List.of(shortNames));
  }

  /**
   * The built-in resources: the ones jkops gives behaviour (pods, nodes, namespaces,
   * NetworkPolicies) and stored ones.
   */
  static final List<ResourceType> BUILT_IN =
      List.of(
          core("pods", "Pod", true, "po"),
          core("nodes", "Node", false, "no"),
          core("namespaces", "Namespace", false, "ns"),
          core("configmaps", "ConfigMap", true, "cm"),
          core("secrets", "Secret", true),
          core("serviceaccounts", "ServiceAccount", true, "sa"),
          core("services", "Service", true, "svc"),
          core("endpoints", "Endpoints", true, "ep"),
          core("events", "Event", true, "ev"),
          core("limitranges", "LimitRange", true, "limits"),
          core("resourcequotas", "ResourceQuota", true, "quota"),
          core("persistentvolumeclaims", "PersistentVolumeClaim", true, "pvc"),
          core("persistentvolumes", "PersistentVolume", false, "pv"),
          core("replicationcontrollers", "ReplicationController", true, "rc"),
          of("apps", "v1", "daemonsets", "DaemonSet", true, "ds"),
          of("apps", "v1", "deployments", "Deployment", true, "deploy"),
          of("apps", "v1", "replicasets", "ReplicaSet", true, "rs"),
          of("apps", "v1", "statefulsets", "StatefulSet", true, "sts"),
          of("batch", "v1", "jobs", "Job", true),
          of("batch", "v1", "cronjobs", "CronJob", true, "cj"),
          of("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, "netpol"),
          of("networking.k8s.io", "v1", "ingresses", "Ingress", true, "ing"),
          of("networking.k8s.io", "v1", "ingressclasses", "IngressClass", false),
          of("rbac.authorization.k8s.io", "v1", "roles", "Role", true),
          of("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true),
          of("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false),
          of("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false),
          of(
              "apiextensions.k8s.io",
              "v1",
              "customresourcedefinitions",
              "CustomResourceDefinition",
              false,
              "crd",
              "crds"),
          of("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, "pdb"),
          of("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", false, "pc"),
          of("storage.k8s.io", "v1", "storageclasses", "StorageClass", false, "sc"),
          of("coordination.k8s.io", "v1", "leases", "Lease", true),
          of(
              "admissionregistration.k8s.io",
              "v1",
              "mutatingwebhookconfigurations",
              "MutatingWebhookConfiguration",
              false),
          of(
              "admissionregistration.k8s.io",
              "v1",
              "validatingwebhookconfigurations",
              "ValidatingWebhookConfiguration",
              false),
          of("apiregistration.k8s.io", "v1", "apiservices", "APIService", false),
          of("policy", "v1beta1", "podsecuritypolicies", "PodSecurityPolicy", false, "psp"));
}
