package dev.tollgate.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Decoding of the reply shapes the scripts share; a reply of another shape is a clear error. */
final class ScriptReplies {
  private ScriptReplies() {}

  /** The reply as a list (a Lua table); {@code script} names the script in the error. */
  static List<?> list(String script, Object reply) {
    if (!(reply instanceof List<?> l)) {
      throw new IllegalStateException(script + " answered " + describe(reply) + ", expected an array");
    }
    return l;
  }

  /** The reply as a number (a Lua integer). */
  static long number(String script, Object reply) {
    if (!(reply instanceof Number n)) {
      throw new IllegalStateException(script + " answered " + describe(reply) + ", expected an integer");
    }
    return n.longValue();
  }

  /** The decoded second elements of a flat {@code id1, payload1, id2, payload2, ...} reply. */
  static <T> List<T> payloads(String script, Object reply, Function<String, T> decode) {
    List<?> flat = list(script, reply);
    if (flat.size() % 2 != 0) {
      throw new IllegalStateException(script + " answered " + flat.size() + " elements, expected id/payload pairs");
    }
    List<T> out = new ArrayList<>(flat.size() / 2);
    for (int i = 1; i < flat.size(); i += 2) {
      out.add(decode.apply((String) flat.get(i)));
    }
    return out;
  }

  /** The reply as a list of strings. */
  static List<String> strings(String script, Object reply) {
    List<String> out = new ArrayList<>();
    for (Object o : list(script, reply)) {
      out.add((String) o);
    }
    return out;
  }

  private static String describe(Object reply) {
    return reply == null ? "nil" : reply.getClass().getSimpleName();
  }
}
