package dev.tollgate.admin;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.tollgate.identity.AccountId;
import dev.tollgate.identity.UserId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One operator action as the admin function receives it (the Lambda event) and the CLI
 * sends it: {@code {"action": "plan.set", "user": "alice", "plan": "paid", "until": "..."}}.
 * Accounts are named as operators type them: {@code @org}, or a user id for a personal
 * account. Parsing checks the shape only (names, types, formats: {@link AdminParams}); what
 * depends on the stack's config or clock (does the plan or loop exist, is an expiry in the
 * future) is checked by {@link AdminOperations}.
 *
 * @param action one of {@link Action}
 * @param params the action's parameters, as strings
 */
public record AdminRequest(Action action, Map<String, String> params) {
  /**
   * The operator actions, by their wire name. Where {@code user} is optional beside a required
   * {@code account} it may stand in for it: that user's own account.
   */
  public enum Action {
    KEYS_CREATE("keys.create", Set.of("user"), Set.of("email", "account")),
    KEYS_REVOKE("keys.revoke", Set.of("key"), Set.of()),
    USAGE_SHOW("usage.show", Set.of("account"), Set.of("member", "user")),
    USAGE_RESET("usage.reset", Set.of("account"), Set.of("loop", "user")),
    PLAN_SET("plan.set", Set.of("account", "plan"), Set.of("until", "user")),
    CREDITS_GRANT("credits.grant", Set.of("account", "amount", "id"), Set.of("expires")),
    CREDITS_SHOW("credits.show", Set.of("account"), Set.of()),
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

  /** Parameters sent as JSON numbers. */
  private static final Set<String> NUMBERS = Set.of("days", "amount");

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
      throw new AdminException("the event must be a JSON object like {\"action\": \"usage.show\", \"account\": \"alice\"}");
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
    params.forEach((k, v) -> o.add(k, NUMBERS.contains(k) ? new JsonPrimitive(Long.parseLong(v)) : new JsonPrimitive(v)));
    return o;
  }

  /** A parameter, or null. */
  public String get(String name) {
    return params.get(name);
  }

  /** {@code until} as an instant, or null. */
  public Instant until() {
    return instant("until");
  }

  /** {@code days}, default 30. */
  public int days() {
    String d = params.get("days");
    return d == null ? 30 : Integer.parseInt(d);
  }

  /** The {@code account} parameter as an account id, else the personal account of {@code user}, else null. */
  public AccountId account() {
    String a = params.get("account");
    if (a != null) {
      return AdminParams.account(a);
    }
    String u = params.get("user");
    return u == null ? null : AccountId.personal(UserId.of(u));
  }

  /** {@code member}, else the {@code user} who named their own account, else null. */
  public String member() {
    String m = params.get("member");
    return m != null ? m : action.optional.contains("user") ? params.get("user") : null;
  }

  /** The organisation a new key's {@code account} names (without its {@code @}), or null: the user's own account. */
  public String organisation() {
    String a = params.get("account");
    return a == null ? null : AdminParams.organisation(a);
  }

  /** An instant parameter ({@code until}, {@code expires}), or null. */
  public Instant instant(String name) {
    String v = params.get(name);
    return v == null ? null : Instant.parse(v);
  }

  private void check() {
    boolean userForAccount = action.required.contains("account") && action.optional.contains("user");
    if (userForAccount && params.containsKey("account") && params.containsKey("user")) {
      throw new AdminException("user: names a user's own account; give it or account, not both");
    }
    for (String r : action.required) {
      if (!params.containsKey(r) && !(userForAccount && r.equals("account") && params.containsKey("user"))) {
        throw new AdminException(r + ": required by " + action.wire + " (takes " + allowed(action) + ")");
      }
    }
    new TreeMap<>(params).forEach((name, value) -> {
      if (action == Action.KEYS_CREATE && name.equals("account")) {
        AdminParams.organisation(value);
      } else {
        AdminParams.check(name, value);
      }
    });
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
