package dev.jkops.api;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads kops YAML into the api records without Jackson databind: SnakeYAML's event parser (the one
 * Jackson's YAML parser drives) and a bind by the records' own components. Starting Jackson's
 * databind (its first mapper, ~600 classes, and its reflective bind) was most of a cold {@code get
 * clusters}; this reader needs neither.
 *
 * <p>It reads only what it reads exactly as {@link YamlCodec}'s Jackson path does and hands
 * everything else back ({@link #read} is empty): any error, a duplicate key, an anchor, alias or
 * tag, a float or a non-decimal number, a value whose type is not exactly the component's (Jackson
 * would coerce it or refuse it), a key a record has no place for. {@code YamlCodec.read} then reads
 * the text with Jackson, so every message a user sees comes from that one reader. What a stored
 * spec holds (jkops writes it) is read here.
 *
 * <p>The field mapping is the records': a YAML key is a record component's name (the
 * {@code @JsonProperty} names equal them, which {@code RecordYamlReaderTest} checks), and the
 * component {@code extra}, Jackson's any-setter, takes the keys no component names. Scalars are
 * typed as Jackson's YAML parser types them: SnakeYAML's {@link Resolver}, then Jackson's decoding.
 */
public final class RecordYamlReader {
  private RecordYamlReader() {}

  /** Deeper than any spec; Jackson's own nesting limit is far above it. */
  private static final int MAX_DEPTH = 100;

  /** Longer keys are left to Jackson, whose name-length limit is far above it. */
  private static final int MAX_KEY_LENGTH = 1000;

  /** The longest decimal that Jackson reads as an int or a long without asking BigInteger. */
  private static final int MAX_DIGITS = 18;

  /**
   * Jackson's YAML parser types plain scalars with a resolver of its own, as this one; made on
   * first use, since text {@link PlainBlockYaml} reads needs none (its regular expressions are
   * compiled when the class initialises).
   */
  private static final class Resolvers {
    static final Resolver RESOLVER = new Resolver();
  }

  /** Why a text goes to Jackson. Thrown inside this class only; no stack trace is taken. */
  static final class NeedsJackson extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NeedsJackson(String why) {
      super(why, null, false, false);
    }
  }

  /**
   * What {@link YamlCodec#read} gives, from a class that does not link YamlCodec (whose methods
   * name databind's types): the records read here, or by Jackson when the text needs it.
   */
  public static YamlCodec.Documents read(String text, String source) {
    try {
      return readOrExplain(text);
    } catch (NeedsJackson e) {
      return YamlCodec.readWithJackson(text, source);
    }
  }

  /** The documents, or empty when only {@link YamlCodec}'s Jackson reader may read the text. */
  static Optional<YamlCodec.Documents> read(String text) {
    try {
      return Optional.of(readOrExplain(text));
    } catch (NeedsJackson e) {
      return Optional.empty();
    }
  }

  /** As {@link #read}, but says why the text goes to Jackson (for tests and diagnosis). */
  static YamlCodec.Documents readOrExplain(String text) {
    return documentsToRecords(documents(text), BINDER);
  }

  private static YamlCodec.Documents documentsToRecords(List<Object> docs, Binder binder) {
    if (docs.isEmpty()) {
      throw new NeedsJackson("no documents");
    }
    List<Cluster> clusters = new ArrayList<>();
    List<InstanceGroup> groups = new ArrayList<>();
    Set<String> unmodelled = new LinkedHashSet<>();
    for (Object doc : docs) {
      if (!(doc instanceof Map<?, ?> m)) {
        throw new NeedsJackson("a document is not a mapping");
      }
      Object apiVersion = m.get("apiVersion");
      if (!Cluster.API_VERSION.equals(apiVersion)
          && !Cluster.LEGACY_API_VERSION.equals(apiVersion)) {
        throw new NeedsJackson("apiVersion " + apiVersion);
      }
      Object kind = m.get("kind");
      if (Cluster.KIND.equals(kind)) {
        Cluster c = (Cluster) binder.bind(doc, Cluster.class, "");
        requireName(c.metadata());
        unmodelled.addAll(unmodelledFields(c));
        clusters.add(c);
      } else if (InstanceGroup.KIND.equals(kind)) {
        InstanceGroup ig = (InstanceGroup) binder.bind(doc, InstanceGroup.class, "");
        requireName(ig.metadata());
        groups.add(ig);
      } else {
        throw new NeedsJackson("kind " + kind);
      }
    }
    return new YamlCodec.Documents(clusters, groups, unmodelled);
  }

  /** Paths of the fields the user gave that jkops keeps without modelling, for one warning. */
  static Set<String> unmodelledFields(Cluster c) {
    // loops, not forEach: each lambda is a call site a cold JVM links on first use
    Set<String> out = new LinkedHashSet<>(c.extra().keySet());
    if (c.spec() != null) {
      for (String k : c.spec().extra().keySet()) {
        out.add("spec." + k);
      }
      if (c.spec().networking() != null) {
        String key = c.spec().networking().key();
        for (String k : c.spec().networking().extra().keySet()) {
          out.add("spec.networking." + key + "." + k);
        }
      }
    }
    return out;
  }

  private static void requireName(ObjectMeta meta) {
    if (meta == null || meta.name() == null || meta.name().isBlank()) {
      throw new NeedsJackson("no metadata.name");
    }
  }

  // ---- YAML text to plain values: LinkedHashMap, ArrayList, String, Integer, Long, Boolean, null

  private static List<Object> documents(String text) {
    // what jkops writes, read without starting SnakeYAML; anything else is SnakeYAML's
    Map<String, Object> plain = PlainBlockYaml.read(text);
    if (plain != null) {
      List<Object> one = new ArrayList<>(1);
      one.add(plain);
      return one;
    }
    return snakeYamlDocuments(text);
  }

  /** The documents as SnakeYAML's event parser reads them (the plain values described above). */
  static List<Object> snakeYamlDocuments(String text) {
    Parser p = new ParserImpl(new StreamReader(text), new LoaderOptions());
    List<Object> docs = new ArrayList<>();
    try {
      expect(p.getEvent(), Event.ID.StreamStart);
      for (Event e = p.getEvent(); !e.is(Event.ID.StreamEnd); e = p.getEvent()) {
        expect(e, Event.ID.DocumentStart);
        docs.add(node(p, p.getEvent(), 0));
        expect(p.getEvent(), Event.ID.DocumentEnd);
      }
    } catch (NeedsJackson e) {
      throw e;
    } catch (RuntimeException e) {
      // SnakeYAML's syntax and limit errors: Jackson reports them with its own words
      throw new NeedsJackson("does not parse: " + e.getMessage());
    }
    return docs;
  }

  private static void expect(Event e, Event.ID id) {
    if (!e.is(id)) {
      throw new NeedsJackson("unexpected " + e);
    }
  }

  private static Object node(Parser p, Event e, int depth) {
    if (depth > MAX_DEPTH) {
      throw new NeedsJackson("nested deeper than " + MAX_DEPTH);
    }
    if (e instanceof NodeEvent n && n.getAnchor() != null) {
      throw new NeedsJackson("anchor " + n.getAnchor());
    }
    if (e instanceof ScalarEvent s) {
      return scalar(s);
    }
    if (e instanceof CollectionStartEvent c && c.getTag() != null) {
      throw new NeedsJackson("tag " + c.getTag());
    }
    if (e.is(Event.ID.MappingStart)) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Event k = p.getEvent(); !k.is(Event.ID.MappingEnd); k = p.getEvent()) {
        if (!(k instanceof ScalarEvent key) || key.getAnchor() != null || key.getTag() != null) {
          throw new NeedsJackson("a key that is not a plain scalar: " + k);
        }
        String name = key.getValue();
        if (name.length() > MAX_KEY_LENGTH || map.containsKey(name)) {
          throw new NeedsJackson("key " + name + " is long or given twice");
        }
        map.put(name, node(p, p.getEvent(), depth + 1));
      }
      return map;
    }
    if (e.is(Event.ID.SequenceStart)) {
      List<Object> list = new ArrayList<>();
      for (Event v = p.getEvent(); !v.is(Event.ID.SequenceEnd); v = p.getEvent()) {
        list.add(node(p, v, depth + 1));
      }
      return list;
    }
    throw new NeedsJackson("event " + e);
  }

  /**
   * A scalar as Jackson's YAML parser gives it to YamlCodec's tree (its {@code _decodeScalar}):
   * only the cases whose value is certain are read here.
   */
  private static Object scalar(ScalarEvent s) {
    String value = s.getValue();
    if (value.isEmpty()) {
      // YamlCodec's factory comes from YAMLFactory.builder(), which leaves the parser's
      // EMPTY_STRING_AS_NULL off: "key:" is "" there, not null (RecordYamlReaderTest found it)
      return "";
    }
    String tag = s.getTag();
    if (tag != null && !tag.equals("!")) {
      throw new NeedsJackson("tag " + tag);
    }
    Tag resolved =
        Resolvers.RESOLVER.resolve(NodeId.scalar, value, s.getImplicit().canOmitTagInPlainScalar());
    if (Tag.NULL.equals(resolved)) {
      return null;
    }
    if (Tag.BOOL.equals(resolved)) {
      return yamlBoolean(value);
    }
    if (Tag.INT.equals(resolved)) {
      return decimal(value);
    }
    if (Tag.FLOAT.equals(resolved)) {
      throw new NeedsJackson("float " + value);
    }
    // strings, and what Jackson reads as their text: timestamps, "<<" and the like
    return value;
  }

  /** Jackson's {@code _matchYAMLBoolean} for the words SnakeYAML resolves as booleans. */
  private static Boolean yamlBoolean(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> Boolean.TRUE;
      case "false", "no", "off" -> Boolean.FALSE;
      default -> throw new NeedsJackson("boolean " + value);
    };
  }

  /** A plain decimal (no sign but '-', no underscores, no leading zero) as Integer or Long. */
  private static Number decimal(String value) {
    int start = value.startsWith("-") ? 1 : 0;
    int digits = value.length() - start;
    if (digits < 1
        || digits > MAX_DIGITS
        || (digits > 1 && value.charAt(start) == '0')
        || !value.substring(start).chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new NeedsJackson("number " + value);
    }
    long l = Long.parseLong(value);
    return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? (Number) (int) l : (Number) l;
  }

  // ---- plain values to records, by the records' components

  /**
   * A record as the bind sees it: its components' names and types in order, where each key goes,
   * the any-setter's place ({@code extra}, or -1), the keys Jackson would not bind, and how to make
   * one: {@link RecordShapes} written out, or reflection.
   */
  record Shape(
      Class<?> type,
      List<String> names,
      List<Type> types,
      Map<String, Integer> index,
      int extra,
      Set<String> reserved,
      Constructor<?> constructor) {

    /** The record from its components' values; any failure goes to Jackson. */
    Object make(Object[] args, String path) {
      try {
        return constructor == null ? RecordShapes.make(type, args) : constructor.newInstance(args);
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new NeedsJackson(path + ": " + e);
      }
    }
  }

  /** Binds with the shapes written out ({@link RecordShapes}), reflection for any other record. */
  private static final Binder BINDER = new Binder(false);

  /** As {@link #readOrExplain}, every record's shape read by reflection (for tests). */
  static YamlCodec.Documents readReflectively(String text) {
    return documentsToRecords(documents(text), new Binder(true));
  }

  private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();
  private static final Map<Class<?>, Shape> REFLECTED_SHAPES = new ConcurrentHashMap<>();

  /** The shape of {@code type} as reflection gives it: the reference the written-out ones equal. */
  static Shape reflectedShape(Class<?> type) {
    Shape s = REFLECTED_SHAPES.get(type);
    if (s == null) {
      s = shapeOf(type);
      REFLECTED_SHAPES.putIfAbsent(type, s);
    }
    return s;
  }

  /**
   * The shape of {@code type}, made once: written out ({@link RecordShapes}) when it is there, by
   * reflection otherwise. The reader binds with it and {@link RecordTrees} writes with it.
   */
  static Shape shape(Class<?> type) {
    Shape s = SHAPES.get(type);
    if (s == null) {
      s = RecordShapes.shape(type);
      if (s == null) {
        s = reflectedShape(type);
      }
      SHAPES.putIfAbsent(type, s);
    }
    return s;
  }

  private static Shape shapeOf(Class<?> type) {
    RecordComponent[] comps = type.getRecordComponents();
    Class<?>[] types = new Class<?>[comps.length];
    List<String> names = new ArrayList<>();
    List<Type> generic = new ArrayList<>();
    Map<String, Integer> index = new HashMap<>();
    int extra = -1;
    for (int i = 0; i < comps.length; i++) {
      types[i] = comps[i].getType();
      names.add(comps[i].getName());
      generic.add(comps[i].getGenericType());
      if (isExtra(comps[i])) {
        extra = i;
      } else {
        index.put(comps[i].getName(), i);
      }
    }
    // Jackson sees a getX()/isX() method as a property X (the api marks them @JsonIgnore, which
    // makes Jackson drop such a key), and "extra" is the any-setter's own name: both are left to it
    Set<String> reserved = new LinkedHashSet<>(List.of("extra"));
    for (Method m : type.getMethods()) {
      if (m.getParameterCount() == 0
          && !Modifier.isStatic(m.getModifiers())
          && m.getDeclaringClass() != Object.class) {
        String n = m.getName();
        int prefix = n.startsWith("get") ? 3 : n.startsWith("is") ? 2 : 0;
        if (prefix > 0 && n.length() > prefix && Character.isUpperCase(n.charAt(prefix))) {
          reserved.add(Character.toLowerCase(n.charAt(prefix)) + n.substring(prefix + 1));
        }
      }
    }
    try {
      return new Shape(
          type,
          List.copyOf(names),
          List.copyOf(generic),
          index,
          extra,
          reserved,
          type.getDeclaredConstructor(types));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("a record without its canonical constructor: " + type, e);
    }
  }

  /** The any-setter: {@code Map<String, Object> extra}. */
  static boolean isExtra(RecordComponent c) {
    return c.getName().equals("extra")
        && c.getGenericType() instanceof ParameterizedType p
        && p.getRawType() == Map.class
        && p.getActualTypeArguments()[0] == String.class
        && p.getActualTypeArguments()[1] == Object.class;
  }

  /**
   * Plain values to records. {@code reflective}: every shape and networking key by reflection, as
   * the reader did before {@link RecordShapes}; tests compare the two on every spec they have.
   */
  private record Binder(boolean reflective) {

    private Shape shape(Class<?> type) {
      return reflective ? reflectedShape(type) : RecordYamlReader.shape(type);
    }

    Object bind(Object value, Type type, String path) {
      if (value == null) {
        return null;
      }
      Class<?> raw = raw(type);
      if (raw == Object.class) {
        return value;
      }
      if (raw == String.class || raw == Integer.class || raw == Boolean.class) {
        if (!raw.isInstance(value)) {
          throw new NeedsJackson(path + " is not a " + raw.getSimpleName());
        }
        return value;
      }
      if (raw == List.class && value instanceof List<?> l) {
        Type element = argument(type, 0);
        List<Object> out = new ArrayList<>(l.size());
        for (int i = 0; i < l.size(); i++) {
          if (l.get(i) == null) {
            throw new NeedsJackson(path + "[" + i + "] is null");
          }
          out.add(bind(l.get(i), element, path + "[" + i + "]"));
        }
        return out;
      }
      if (raw == Map.class && value instanceof Map<?, ?> m && argument(type, 0) == String.class) {
        Type valueType = argument(type, 1);
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          if (valueType != Object.class && e.getValue() == null) {
            throw new NeedsJackson(path + "." + e.getKey() + " is null");
          }
          out.put(e.getKey(), bind(e.getValue(), valueType, path + "." + e.getKey()));
        }
        return out;
      }
      if (raw == NetworkingSpec.class) {
        return networking(value, path);
      }
      if (raw.isRecord() && value instanceof Map<?, ?> m) {
        return record(m, raw, path);
      }
      throw new NeedsJackson(path + " is not a " + type.getTypeName());
    }

    private Object record(Map<?, ?> fields, Class<?> type, String path) {
      Shape shape = shape(type);
      Object[] args = new Object[shape.names().size()];
      List<Map.Entry<String, Object>> extra = new ArrayList<>();
      for (Map.Entry<?, ?> e : fields.entrySet()) {
        String key = (String) e.getKey();
        String at = path.isEmpty() ? key : path + "." + key;
        Integer i = shape.index().get(key);
        if (i != null) {
          args[i] = bind(e.getValue(), shape.types().get(i), at);
        } else if (shape.extra() < 0 || shape.reserved().contains(key)) {
          throw new NeedsJackson(at + " has no component to go to");
        } else {
          extra.add(new AbstractMap.SimpleImmutableEntry<>(key, e.getValue()));
        }
      }
      if (shape.extra() >= 0) {
        args[shape.extra()] = extras(extra, NetworkingSpec.class.isAssignableFrom(type));
      }
      return shape.make(args, path);
    }

    /** {@code spec.networking}: one key naming the option, its body that option's record. */
    private NetworkingSpec networking(Object value, String path) {
      if (!(value instanceof Map<?, ?> m) || m.size() != 1) {
        throw new NeedsJackson(path + " does not hold one option");
      }
      Map.Entry<?, ?> only = m.entrySet().iterator().next();
      String key = (String) only.getKey();
      Class<?> option =
          reflective ? NetworkingOptions.BY_KEY.get(key) : RecordShapes.networkingOption(key);
      if (option == null) {
        throw new NeedsJackson(path + "." + key + " is not an option read here");
      }
      Object body = only.getValue() == null ? Map.of() : only.getValue();
      if (!(body instanceof Map<?, ?> b)) {
        throw new NeedsJackson(path + "." + key + " is not a mapping");
      }
      return (NetworkingSpec) record(b, option, path + "." + key);
    }
  }

  /**
   * The unmodelled keys, in the order the record will keep them. A networking option's are in the
   * text's order ({@code NetworkingSpecCodec} copies them so). Jackson's any-setter for a record
   * parameter collects them in a new {@code HashMap}, last key first (its buffer is a list it
   * prepends to), and the record copies that map: the same steps give the same order.
   */
  private static Map<String, Object> extras(
      List<Map.Entry<String, Object>> inTextOrder, boolean codecOrder) {
    Map<String, Object> out = codecOrder ? new LinkedHashMap<>() : new HashMap<>();
    if (codecOrder) {
      for (Map.Entry<String, Object> e : inTextOrder) {
        out.put(e.getKey(), e.getValue());
      }
    } else {
      for (int i = inTextOrder.size() - 1; i >= 0; i--) {
        out.put(inTextOrder.get(i).getKey(), inTextOrder.get(i).getValue());
      }
    }
    return out;
  }

  /**
   * Each networking record by its key, from the sealed interface's own list of records: the
   * reference {@link RecordShapes#networkingOption} equals.
   */
  static final class NetworkingOptions {
    private NetworkingOptions() {}

    static final Map<String, Class<?>> BY_KEY = byKey();

    private static Map<String, Class<?>> byKey() {
      Map<String, Class<?>> out = new HashMap<>();
      for (Class<?> option : NetworkingSpec.class.getPermittedSubclasses()) {
        Shape s = reflectedShape(option);
        try {
          NetworkingSpec empty =
              (NetworkingSpec) s.constructor().newInstance(new Object[s.names().size()]);
          out.put(empty.key(), option);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("cannot make an empty " + option, e);
        }
      }
      NetworkingSpec.KEY_ALIASES.forEach((alias, key) -> out.put(alias, out.get(key)));
      return Map.copyOf(out);
    }
  }

  private static Class<?> raw(Type t) {
    if (t instanceof Class<?> c) {
      return c;
    }
    if (t instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    throw new NeedsJackson("type " + t);
  }

  private static Type argument(Type t, int i) {
    if (t instanceof ParameterizedType p) {
      return p.getActualTypeArguments()[i];
    }
    throw new NeedsJackson("raw type " + t);
  }
}
