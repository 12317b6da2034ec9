package dev.jkops.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The records' shapes written out ({@link RecordShapes}) against what reflection says of the same
 * records, for every record a Cluster or InstanceGroup can hold: a component added, renamed,
 * retyped or reordered, or a getter added, fails here until the table says the same. What the two
 * bind over every spec of the tests is compared in RecordYamlReaderTest.
 */
class RecordShapesTest {

  /** Every record reachable from a spec's documents and the networking options. */
  private static Set<Class<?>> recordsASpecHolds() {
    Deque<Class<?>> todo = new ArrayDeque<>(List.of(Cluster.class, InstanceGroup.class));
    todo.addAll(List.of(NetworkingSpec.class.getPermittedSubclasses()));
    Set<Class<?>> seen = new LinkedHashSet<>();
    while (!todo.isEmpty()) {
      Class<?> c = todo.pop();
      if (!c.isRecord() || !seen.add(c)) {
        continue;
      }
      for (Type t : RecordYamlReader.reflectedShape(c).types()) {
        addTypes(t, todo);
      }
    }
    return seen;
  }

  private static void addTypes(Type t, Deque<Class<?>> todo) {
    if (t instanceof Class<?> c) {
      todo.add(c);
    } else if (t instanceof ParameterizedType p) {
      for (Type a : p.getActualTypeArguments()) {
        addTypes(a, todo);
      }
    }
  }

  /** A type spelt out from its parts, so a written-out List<String> and a reflected one compare. */
  private static String described(Type t) {
    if (t instanceof Class<?> c) {
      return c.getName();
    }
    ParameterizedType p = (ParameterizedType) t;
    List<String> args = new ArrayList<>();
    for (Type a : p.getActualTypeArguments()) {
      args.add(described(a));
    }
    return described(p.getRawType()) + args + " owner " + p.getOwnerType();
  }

  private static List<String> described(List<Type> types) {
    return types.stream().map(RecordShapesTest::described).toList();
  }

  @Test
  void everyRecordASpecHoldsIsWrittenOutAsReflectionSeesIt() {
    Set<Class<?>> records = recordsASpecHolds();
    assertThat(records)
        .contains(ClusterSpec.class, Topology.Dns.class, NetworkingSpec.KindnetMasquerade.class)
        .hasSizeGreaterThan(25);
    for (Class<?> c : records) {
      RecordYamlReader.Shape written = RecordShapes.shape(c);
      RecordYamlReader.Shape reflected = RecordYamlReader.reflectedShape(c);
      assertThat(written).as(c + " is written out").isNotNull();
      assertThat(written.type()).isEqualTo(c);
      assertThat(written.names()).as(c + " components").isEqualTo(reflected.names());
      assertThat(described(written.types()))
          .as(c + " component types")
          .isEqualTo(described(reflected.types()));
      assertThat(written.index()).as(c + " keys").isEqualTo(reflected.index());
      assertThat(written.extra()).as(c + " any-setter").isEqualTo(reflected.extra());
      assertThat(written.reserved()).as(c + " getters").isEqualTo(reflected.reserved());
      assertThat(written.constructor()).isNull();
    }
  }

  @Test
  void aClassThatIsNotARecordOfASpecIsLeftToReflection() {
    assertThat(RecordShapes.shape(String.class)).isNull();
    assertThat(RecordShapes.shape(YamlCodec.Documents.class)).isNull();
  }

  /**
   * Each record made from distinct values in every component (records made the same way, two levels
   * deep) equals the one its canonical constructor makes: no component lands in another's place.
   */
  @Test
  void everyRecordIsMadeAsItsConstructorMakesIt() {
    for (Class<?> c : recordsASpecHolds()) {
      Object[] args = sampleArgs(c, 2);
      RecordYamlReader.Shape reflected = RecordYamlReader.reflectedShape(c);
      Object byConstructor = reflected.make(args.clone(), c.getName());
      Object written = RecordShapes.make(c, args.clone());
      assertThat(written).as(c.getName()).isEqualTo(byConstructor);
      assertThat(written.toString()).isEqualTo(byConstructor.toString());
    }
  }

  private static Object[] sampleArgs(Class<?> c, int depth) {
    List<Type> types = RecordYamlReader.reflectedShape(c).types();
    Object[] args = new Object[types.size()];
    for (int i = 0; i < args.length; i++) {
      args[i] = sample(types.get(i), i, depth);
    }
    return args;
  }

  private static Object sample(Type t, int i, int depth) {
    Class<?> raw = t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
    if (raw == String.class) {
      return " value " + i + " ";
    }
    if (raw == Integer.class) {
      return 1000 + i;
    }
    if (raw == Boolean.class) {
      return i % 2 == 0;
    }
    if (raw == Object.class) {
      return "object " + i;
    }
    if (raw == List.class) {
      Type element = ((ParameterizedType) t).getActualTypeArguments()[0];
      Object one = depth > 0 ? sample(element, i, depth - 1) : null;
      return one == null ? new ArrayList<>() : new ArrayList<>(List.of(one));
    }
    if (raw == Map.class) {
      Type value = ((ParameterizedType) t).getActualTypeArguments()[1];
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key" + i, value == String.class ? "text " + i : i);
      return m;
    }
    if (raw == NetworkingSpec.class) {
      return depth > 0 ? new NetworkingSpec.Weave(1440 + i, null) : null;
    }
    if (raw.isRecord() && depth > 0) {
      return RecordYamlReader.reflectedShape(raw).make(sampleArgs(raw, depth - 1), raw.getName());
    }
    return null;
  }

  @Test
  void everyNetworkingKeyNamesTheRecordReflectionFinds() {
    List<String> keys = new ArrayList<>(NetworkingSpec.KEYS);
    keys.addAll(NetworkingSpec.KEY_ALIASES.keySet());
    assertThat(RecordYamlReader.NetworkingOptions.BY_KEY.keySet())
        .containsExactlyInAnyOrderElementsOf(keys);
    for (String key : keys) {
      assertThat(RecordShapes.networkingOption(key))
          .as(key)
          .isEqualTo(RecordYamlReader.NetworkingOptions.BY_KEY.get(key));
    }
    List<String> others = new ArrayList<>(NetworkingSpec.KOPS_ONLY_KEYS);
    others.addAll(List.of("Kubenet", "kube-router", "amazon-vpc-routed-eni", "nosuch", ""));
    for (String other : others) {
      assertThat(RecordShapes.networkingOption(other)).as(other).isNull();
    }
  }
}
