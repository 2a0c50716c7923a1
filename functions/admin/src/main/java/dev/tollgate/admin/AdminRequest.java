package dev.tollgate.admin;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.tollgate.identity.EmailAddress;
import dev.tollgate.redis.Keys;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One operator action as the admin function receives it (the Lambda event) and the CLI
 * sends it: {@code {"action": "plan.set", "user": "alice", "plan": "paid", "until": "..."}}.
 * Parsing checks the shape only (names, types, formats); what depends on the stack's config
 * (does the plan or loop exist) is checked by {@link AdminOperations}.
 *
 * @param action one of {@link Action}
 * @param params the action's parameters, as strings
 */
public record AdminRequest(Action action, Map<String, String> params) {
  /** The operator actions, by their wire name. */
  public enum Action {
    KEYS_CREATE("keys.create", Set.of("user"), Set.of("email")),
    KEYS_REVOKE("keys.revoke", Set.of("key"), Set.of()),
    USAGE_SHOW("usage.show", Set.of("user"), Set.of()),
    USAGE_RESET("usage.reset", Set.of("user"), Set.of("loop")),
    PLAN_SET("plan.set", Set.of("user", "plan"), Set.of("until")),
    REPORT("report", Set.of(), Set.of("days")),
    RECONCILE("reconcile", Set.of(), Set.of("customer"));

    private final String wire;
    private final Set<String> required;
    private final Set<String> optional;

    Action(String wire, Set<String> required, Set<String> optional) {
      this.wire = wire;
      this.required = required;
      this.optional = optional;
    }

    /** The name in the request's {@code action} field. */
    public String wire() {
      return wire;
    }

    static Action of(String wire) {
      for (Action a : values()) {
        if (a.wire.equals(wire)) {
          return a;
        }
      }
      throw new AdminException("action: one of " + names() + ", got " + wire);
    }

    private static String names() {
      StringBuilder b = new StringBuilder();
      for (Action a : values()) {
        b.append(b.length() == 0 ? "" : ", ").append(a.wire);
      }
      return b.toString();
    }
  }

  /** Report days accepted (the funnel keeps 400 days). */
  public static final int MAX_DAYS = 400;

  /** A request built in code (the CLI); checked as {@link #parse} checks one from JSON. */
  public static AdminRequest of(Action action, Map<String, String> params) {
    Map<String, String> p = new LinkedHashMap<>();
    params.forEach((k, v) -> {
      if (v != null) {
        p.put(k, v);
      }
    });
    AdminRequest r = new AdminRequest(action, Map.copyOf(p));
    r.check();
    return r;
  }

  /** The request in {@code doc}, or an {@link AdminException} naming what is wrong. */
  public static AdminRequest parse(JsonElement doc) {
    if (doc == null || !doc.isJsonObject()) {
      throw new AdminException("the event must be a JSON object like {\"action\": \"usage.show\", \"user\": \"alice\"}");
    }
    JsonObject o = doc.getAsJsonObject();
    Action action = Action.of(string(o, "action"));
    Map<String, String> params = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : o.entrySet()) {
      String k = e.getKey();
      if (k.equals("action") || e.getValue().isJsonNull()) {
        continue;
      }
      if (!action.required.contains(k) && !action.optional.contains(k)) {
        throw new AdminException(k + ": not a parameter of " + action.wire + " (takes " + allowed(action) + ")");
      }
      params.put(k, string(o, k));
    }
    return of(action, params);
  }

  /** The request as JSON, as the admin function takes it. */
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("action", action.wire);
    params.forEach((k, v) -> o.add(k, k.equals("days") ? new JsonPrimitive(Integer.parseInt(v)) : new JsonPrimitive(v)));
    return o;
  }

  /** A parameter, or null. */
  public String get(String name) {
    return params.get(name);
  }

  /** {@code until} as an instant, or null. */
  public Instant until() {
    String u = params.get("until");
    return u == null ? null : Instant.parse(u);
  }

  /** {@code days}, default 30. */
  public int days() {
    String d = params.get("days");
    return d == null ? 30 : Integer.parseInt(d);
  }

  private void check() {
    for (String r : action.required) {
      if (!params.containsKey(r)) {
        throw new AdminException(r + ": required by " + action.wire + " (takes " + allowed(action) + ")");
      }
    }
    String user = params.get("user");
    if (user != null && !Keys.checkUserId(user)) {
      throw new AdminException("user: 1-256 bytes without braces or control characters, got " + user);
    }
    String email = params.get("email");
    if (email != null && !EmailAddress.isAddrSpec(email)) {
      throw new AdminException("email: one address like ada@example.com (no display name, list, spaces or quotes), got '"
          + email + "'");
    }
    String until = params.get("until");
    if (until != null) {
      try {
        Instant.parse(until);
      } catch (DateTimeParseException e) {
        throw new AdminException("until: an ISO instant like 2026-01-31T00:00:00Z, got " + until);
      }
    }
    String days = params.get("days");
    if (days != null && !(days.matches("\\d{1,3}") && Integer.parseInt(days) >= 1
        && Integer.parseInt(days) <= MAX_DAYS)) {
      throw new AdminException("days: 1.." + MAX_DAYS + " (the funnel keeps " + MAX_DAYS + " days), got " + days);
    }
    String key = params.get("key");
    if (key != null && key.isBlank()) {
      throw new AdminException("key: the API key or its SHA-256 hex, got an empty string");
    }
  }

  private static String allowed(Action a) {
    Set<String> all = new java.util.TreeSet<>(a.required);
    all.addAll(a.optional);
    return all.isEmpty() ? "no parameters" : String.join(", ", all);
  }

  private static String string(JsonObject o, String k) {
    JsonElement v = o.get(k);
    if (v == null || v.isJsonNull()) {
      throw new AdminException(k + ": required");
    }
    if (!v.isJsonPrimitive()) {
      throw new AdminException(k + ": a string or number, got " + v);
    }
    return v.getAsString();
  }
}
