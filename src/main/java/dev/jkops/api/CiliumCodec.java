package dev.jkops.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code spec.networking.cilium}'s typed options, read and written under kops' field names. */
final class CiliumCodec {
  private static final String KEY = "cilium";

  private CiliumCodec() {}

  static void write(NetworkingSpec.Cilium c, Map<String, Object> options) {
    NetworkingSpecCodec.putIfSet(options, "agentPodAnnotations", c.agentPodAnnotations());
    NetworkingSpecCodec.putIfSet(options, "enableNodePort", c.enableNodePort());
    NetworkingSpecCodec.putIfSet(options, "enablePolicy", c.enablePolicy());
    NetworkingSpecCodec.putIfSet(options, "etcdManaged", c.etcdManaged());
    NetworkingSpecCodec.putIfSet(options, "identityAllocationMode", c.identityAllocationMode());
    NetworkingSpecCodec.putIfSet(options, "ipam", c.ipam());
    NetworkingSpecCodec.putIfSet(options, "operatorPodAnnotations", c.operatorPodAnnotations());
    NetworkingSpecCodec.putIfSet(options, "tunnel", c.tunnel());
    NetworkingSpecCodec.putIfSet(options, "version", c.version());
  }

  static NetworkingSpec.Cilium read(ObjectNode opts) {
    String version = NetworkingSpecCodec.textField(opts, KEY, "version");
    String tunnel = NetworkingSpecCodec.textField(opts, KEY, "tunnel");
    String ipam = NetworkingSpecCodec.textField(opts, KEY, "ipam");
    Boolean nodePort = NetworkingSpecCodec.boolField(opts, KEY, "enableNodePort");
    Boolean etcd = NetworkingSpecCodec.boolField(opts, KEY, "etcdManaged");
    String identity = NetworkingSpecCodec.textField(opts, KEY, "identityAllocationMode");
    String policy = NetworkingSpecCodec.textField(opts, KEY, "enablePolicy");
    Map<String, String> agent = stringMap(opts, "agentPodAnnotations");
    Map<String, String> operator = stringMap(opts, "operatorPodAnnotations");
    return new NetworkingSpec.Cilium(
        version,
        tunnel,
        ipam,
        nodePort,
        etcd,
        identity,
        policy,
        agent,
        operator,
        NetworkingSpecCodec.rest(opts));
  }

  /** A map of strings, as Kubernetes annotations are: a number or boolean must be quoted. */
  private static Map<String, String> stringMap(ObjectNode o, String field) {
    JsonNode v = o.remove(field);
    if (v == null || v.isNull()) {
      return null;
    }
    String path = "spec.networking." + KEY + "." + field;
    if (!v.isObject()) {
      throw SpecFormatException.at(
          path, "must be a map of annotation names to string values, got " + v);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw SpecFormatException.at(
            path + "." + e.getKey(),
            "must be a string (annotation values are strings;"
                + " quote it: \""
                + e.getValue().asText()
                + "\"), got "
                + e.getValue());
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }
}
