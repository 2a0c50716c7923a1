package dev.tollgate.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A read cursor over one YAML mapping that remembers which keys were read, so that
 * {@link #finish()} can reject the keys nobody asked for (typos must not be ignored), and a
 * missing key can name the unknown one that is likely its {@link Misspelling}.
 */
final class Node {
  private final String path;
  private final Map<String, Object> map;
  private final Set<String> read = new LinkedHashSet<>();

  private Node(String path, Map<String, Object> map) {
    this.path = path;
    this.map = map;
  }

  static Node root(Object yaml) {
    return of("", yaml);
  }

  @SuppressWarnings("unchecked")
  static Node of(String path, Object value) {
    if (!(value instanceof Map)) {
      throw new ConfigException(path, "a mapping (key: value), got " + describe(value));
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<Object, Object> e : ((Map<Object, Object>) value).entrySet()) {
      if (!(e.getKey() instanceof String)) {
        throw new ConfigException(path, "string keys, got key " + describe(e.getKey()));
      }
      copy.put((String) e.getKey(), e.getValue());
    }
    return new Node(path, copy);
  }

  String path() {
    return path;
  }

  String at(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  boolean has(String key) {
    return map.containsKey(key) && map.get(key) != null;
  }

  Set<String> keys() {
    return map.keySet();
  }

  Object raw(String key) {
    read.add(key);
    return map.get(key);
  }

  String str(String key) {
    return optStr(key).orElseThrow(() -> missing(key, "a string"));
  }

  Optional<String> optStr(String key) {
    Object v = raw(key);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof String) || ((String) v).isBlank()) {
      throw new ConfigException(at(key), "a non-empty string, got " + describe(v));
    }
    return Optional.of((String) v);
  }

  Optional<Double> optNumber(String key) {
    Object v = raw(key);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof Number)) {
      throw new ConfigException(at(key), "a number, got " + describe(v));
    }
    return Optional.of(((Number) v).doubleValue());
  }

  Optional<Long> optLong(String key) {
    Object v = raw(key);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof Integer || v instanceof Long)) {
      throw new ConfigException(at(key), "a whole number, got " + describe(v));
    }
    return Optional.of(((Number) v).longValue());
  }

  Optional<Boolean> optBool(String key) {
    Object v = raw(key);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof Boolean)) {
      throw new ConfigException(at(key), "true or false, got " + describe(v));
    }
    return Optional.of((Boolean) v);
  }

  Node child(String key) {
    Object v = raw(key);
    if (v == null) {
      throw missing(key, "a mapping");
    }
    return of(at(key), v);
  }

  Optional<Node> optChild(String key) {
    return has(key) ? Optional.of(child(key)) : Optional.empty();
  }

  /** A list of mappings, each read by {@code reader} with its indexed path. */
  <T> List<T> list(String key, BiFunction<Node, Integer, T> reader) {
    Object v = raw(key);
    if (!(v instanceof List)) {
      throw v == null ? missing(key, "a list") : new ConfigException(at(key), "a list, got " + describe(v));
    }
    List<?> items = (List<?>) v;
    List<T> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Node n = of(at(key) + "[" + i + "]", items.get(i));
      out.add(reader.apply(n, i));
      n.finish();
    }
    return out;
  }

  /** A string or a list of strings (e.g. {@code method: POST} or {@code method: [GET, POST]}). */
  List<String> strings(String key) {
    Object v = raw(key);
    List<String> out = new ArrayList<>();
    if (v instanceof String) {
      out.add((String) v);
      return out;
    }
    if (v instanceof List) {
      List<?> items = (List<?>) v;
      for (int i = 0; i < items.size(); i++) {
        if (!(items.get(i) instanceof String)) {
          throw new ConfigException(at(key) + "[" + i + "]", "a string, got " + describe(items.get(i)));
        }
        out.add((String) items.get(i));
      }
      return out;
    }
    throw new ConfigException(at(key), "a string or a list of strings, got " + describe(v));
  }

  /**
   * The error for a required {@code key} that is absent: when the mapping has a key spelt
   * almost like it ({@code limits} for {@code limit}), that unknown key is named too, since
   * the typo is the cause.
   */
  ConfigException missing(String key, String expected) {
    for (String k : map.keySet()) {
      if (!k.equals(key) && !read.contains(k) && Misspelling.similar(k, key)) {
        return new ConfigException(at(key), expected + " (required); found the unknown key '" + k + "' here: is it "
            + "a misspelling of '" + key + "'?");
      }
    }
    return new ConfigException(at(key), expected + " (required)");
  }

  /** Rejects every key that no reader asked for. */
  void finish() {
    for (String key : map.keySet()) {
      if (!read.contains(key)) {
        throw new ConfigException(at(key), "an unknown key; expected one of " + read);
      }
    }
  }

  static String describe(Object v) {
    if (v == null) {
      return "nothing";
    }
    if (v instanceof Map) {
      return "a mapping";
    }
    if (v instanceof List) {
      return "a list";
    }
    if (v instanceof String) {
      return "\"" + v + "\"";
    }
    return v.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " " + v;
  }
}
