package dev.jkops.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes {@link NetworkingSpec} in kops' one-key-object shape. */
final class NetworkingSpecCodec {
  private NetworkingSpecCodec() {}

  /** Made on first read: writing a spec ({@link #document}) needs no mapper. */
  private static final class Plain {
    static final ObjectMapper PLAIN = new ObjectMapper();
  }

  static final class Writer extends JsonSerializer<NetworkingSpec> {
    @Override
    public void serialize(NetworkingSpec value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      Map.Entry<String, Map<String, Object>> doc = document(value);
      gen.writeStartObject();
      gen.writeObjectField(doc.getKey(), doc.getValue());
      gen.writeEndObject();
    }
  }

  /**
   * What {@code spec.networking} holds for {@code value}: its key and its options (set ones only,
   * then the unmodelled ones), as {@link Writer} writes it and {@link RecordTrees} builds it.
   */
  static Map.Entry<String, Map<String, Object>> document(NetworkingSpec value) {
    // cilium has dozens of options: written in kops' (alphabetical) order so a completed spec
    // reads like kops'
    Map<String, Object> options =
        value instanceof NetworkingSpec.Cilium ? new java.util.TreeMap<>() : new LinkedHashMap<>();
    if (value instanceof NetworkingSpec.Weave w) {
      putIfSet(options, "mtu", w.mtu());
    } else if (value instanceof NetworkingSpec.Flannel f) {
      putIfSet(options, "backend", f.backend());
    } else if (value instanceof NetworkingSpec.Calico c) {
      putIfSet(options, "awsSrcDstCheck", c.awsSrcDstCheck());
      putIfSet(options, "crossSubnet", c.crossSubnet());
      putIfSet(options, "datastore", c.datastore());
      putIfSet(options, "encapsulationMode", c.encapsulationMode());
      putIfSet(options, "mtu", c.mtu());
    } else if (value instanceof NetworkingSpec.Canal c) {
      putIfSet(options, "mtu", c.mtu());
    } else if (value instanceof NetworkingSpec.Cilium c) {
      CiliumCodec.write(c, options);
    } else if (value instanceof NetworkingSpec.KubeRouter k) {
      putIfSet(options, "useNFTablesForNetpol", k.useNFTablesForNetpol());
    } else if (value instanceof NetworkingSpec.AmazonVpc a) {
      putIfSet(options, "imageName", a.imageName());
      putIfSet(options, "initImageName", a.initImageName());
      putIfSet(options, "networkPolicyAgentImage", a.networkPolicyAgentImage());
    } else if (value instanceof NetworkingSpec.Kindnet k) {
      writeKindnet(options, k);
    }
    options.putAll(value.extra());
    return Map.entry(value.key(), options);
  }

  private static void writeKindnet(Map<String, Object> options, NetworkingSpec.Kindnet k) {
    putIfSet(options, "dnsCaching", k.dnsCaching());
    putIfSet(options, "fastPathThreshold", k.fastPathThreshold());
    putIfSet(options, "logLevel", k.logLevel());
    if (k.masquerade() != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      putIfSet(m, "enabled", k.masquerade().enabled());
      putIfSet(m, "nonMasqueradeCIDRs", k.masquerade().nonMasqueradeCIDRs());
      options.put("masquerade", m);
    }
    putIfSet(options, "nat64", k.nat64());
    putIfSet(options, "networkPolicies", k.networkPolicies());
    putIfSet(options, "version", k.version());
  }

  static void putIfSet(Map<String, Object> m, String k, Object v) {
    if (v != null) {
      m.put(k, v);
    }
  }

  static final class Reader extends JsonDeserializer<NetworkingSpec> {
    @Override
    public NetworkingSpec deserialize(JsonParser p, DeserializationContext ctxt)
        throws IOException {
      JsonNode node = p.readValueAsTree();
      if (!node.isObject()) {
        throw SpecFormatException.at(
            "spec.networking",
            "must be an object with one key naming the networking option, e.g. \"kubenet: {}\"");
      }
      List<String> keys = new ArrayList<>();
      node.fieldNames().forEachRemaining(keys::add);
      if (keys.isEmpty()) {
        throw SpecFormatException.at(
            "spec.networking", "is empty; set one of: " + String.join(", ", NetworkingSpec.KEYS));
      }
      if (keys.size() > 1) {
        throw SpecFormatException.at(
            "spec.networking",
            "only one networking option permitted, found "
                + String.join(" and ", keys)
                + "; keep the one you want and delete the others");
      }
      String key = keys.get(0);
      JsonNode body = node.get(key);
      if (body == null || body.isNull()) {
        body = Plain.PLAIN.createObjectNode();
      }
      if (!body.isObject()) {
        throw SpecFormatException.at(
            "spec.networking." + key, "must be an object (use {} for no options)");
      }
      ObjectNode opts = ((ObjectNode) body).deepCopy();
      return switch (key) {
        case "classic" -> new NetworkingSpec.Classic(rest(opts));
        case "kubenet" -> new NetworkingSpec.Kubenet(rest(opts));
        case "external" -> new NetworkingSpec.External(rest(opts));
        case "cni" -> new NetworkingSpec.Cni(rest(opts));
        case "kopeio" -> new NetworkingSpec.Kopeio(rest(opts));
        case "weave" -> new NetworkingSpec.Weave(intField(opts, key, "mtu"), rest(opts));
        case "flannel" -> new NetworkingSpec.Flannel(textField(opts, key, "backend"), rest(opts));
        case "calico" -> {
          Integer mtu = intField(opts, key, "mtu");
          String encap = textField(opts, key, "encapsulationMode");
          Boolean cross = boolField(opts, key, "crossSubnet");
          Boolean srcDst = boolField(opts, key, "awsSrcDstCheck");
          String datastore = textField(opts, key, "datastore");
          yield new NetworkingSpec.Calico(mtu, encap, cross, srcDst, datastore, rest(opts));
        }
        case "canal" -> new NetworkingSpec.Canal(intField(opts, key, "mtu"), rest(opts));
        case "romana" -> new NetworkingSpec.Romana(rest(opts));
        case "cilium" -> CiliumCodec.read(opts);
        case "kindnet" -> readKindnet(opts);
        case "amazonvpc", "amazonVPC" ->
            new NetworkingSpec.AmazonVpc(
                textField(opts, key, "imageName"),
                textField(opts, key, "initImageName"),
                textField(opts, key, "networkPolicyAgentImage"),
                rest(opts));
        case "kuberouter", "kubeRouter" ->
            new NetworkingSpec.KubeRouter(boolField(opts, key, "useNFTablesForNetpol"), rest(opts));
        default -> {
          String why =
              NetworkingSpec.KOPS_ONLY_KEYS.contains(key)
                  ? "is a kops networking option that jkops does not implement"
                  : "is not a networking option";
          throw SpecFormatException.at(
              "spec.networking." + key,
              why + "; supported options: " + String.join(", ", NetworkingSpec.KEYS));
        }
      };
    }
  }

  private static NetworkingSpec.Kindnet readKindnet(ObjectNode opts) {
    String key = "kindnet";
    String version = textField(opts, key, "version");
    Boolean policies = boolField(opts, key, "networkPolicies");
    Boolean dns = boolField(opts, key, "dnsCaching");
    Boolean nat64 = boolField(opts, key, "nat64");
    Integer fastPath = intField(opts, key, "fastPathThreshold");
    Integer logLevel = intField(opts, key, "logLevel");
    NetworkingSpec.KindnetMasquerade masquerade = null;
    JsonNode m = opts.remove("masquerade");
    if (m != null && !m.isNull()) {
      String path = "kindnet.masquerade";
      if (!m.isObject()) {
        throw SpecFormatException.at(
            "spec.networking." + path, "must be an object with enabled and nonMasqueradeCIDRs");
      }
      ObjectNode mo = ((ObjectNode) m).deepCopy();
      Boolean enabled = boolField(mo, path, "enabled");
      List<String> cidrs = null;
      JsonNode list = mo.remove("nonMasqueradeCIDRs");
      if (list != null && !list.isNull()) {
        if (!list.isArray()) {
          throw SpecFormatException.at(
              "spec.networking." + path + ".nonMasqueradeCIDRs",
              "must be a list of CIDRs, got " + list);
        }
        cidrs = new ArrayList<>();
        for (JsonNode c : list) {
          if (!c.isTextual()) {
            throw SpecFormatException.at(
                "spec.networking." + path + ".nonMasqueradeCIDRs",
                "must hold CIDR strings, got " + c);
          }
          cidrs.add(c.asText());
        }
      }
      if (mo.size() > 0) {
        throw SpecFormatException.at(
            "spec.networking." + path + "." + mo.fieldNames().next(),
            "is not a kindnet masquerade option; kops has only enabled and nonMasqueradeCIDRs");
      }
      masquerade = new NetworkingSpec.KindnetMasquerade(enabled, cidrs);
    }
    return new NetworkingSpec.Kindnet(
        version, policies, dns, nat64, fastPath, masquerade, logLevel, rest(opts));
  }

  static Integer intField(ObjectNode o, String key, String field) {
    JsonNode v = o.remove(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw SpecFormatException.at(
          "spec.networking." + key + "." + field, "must be a whole number, got " + v);
    }
    return v.intValue();
  }

  static String textField(ObjectNode o, String key, String field) {
    JsonNode v = o.remove(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw SpecFormatException.at(
          "spec.networking." + key + "." + field, "must be a string, got " + v);
    }
    return v.asText();
  }

  static Boolean boolField(ObjectNode o, String key, String field) {
    JsonNode v = o.remove(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      throw SpecFormatException.at(
          "spec.networking." + key + "." + field, "must be true or false, got " + v);
    }
    return v.booleanValue();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> rest(ObjectNode o) {
    Map<String, Object> m = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = o.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      m.put(e.getKey(), Plain.PLAIN.convertValue(e.getValue(), Object.class));
    }
    return m;
  }
}
