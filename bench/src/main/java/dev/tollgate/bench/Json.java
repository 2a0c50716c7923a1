package dev.tollgate.bench;

import java.util.Map;

/** The one-line JSON the bench ends with (numbers, strings, nulls, lists and nested maps only). */
final class Json {
  private Json() {}

  static String write(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    if (v instanceof java.util.List<?> l) {
      StringBuilder b = new StringBuilder("[");
      for (Object o : l) {
        if (b.length() > 1) {
          b.append(',');
        }
        b.append(write(o));
      }
      return b.append(']').toString();
    }
    if (v instanceof Map<?, ?> m) {
      StringBuilder b = new StringBuilder("{");
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (b.length() > 1) {
          b.append(',');
        }
        b.append(write(String.valueOf(e.getKey()))).append(':').append(write(e.getValue()));
      }
      return b.append('}').toString();
    }
    return '"' + v.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
