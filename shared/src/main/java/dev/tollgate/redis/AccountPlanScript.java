package dev.tollgate.redis;

import com.google.gson.Gson;
import dev.tollgate.identity.AccountId;
import dev.tollgate.plan.PlanEntry;
import dev.tollgate.plan.PlanStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The typed calls of {@code stripe_account_plan.lua} and {@code stripe_conversion_counted.lua}:
 * keys, arguments (a customer's entries as the JSON list the script reads) and the decoded
 * reply. No Redis here: unit-tested on its own.
 */
final class AccountPlanScript {
  static final LuaScript SCRIPT = LuaScript.loadWithRules("stripe_account_plan.lua");
  static final LuaScript COUNTED = LuaScript.load("stripe_conversion_counted.lua");
  private static final Gson GSON = new Gson();

  private AccountPlanScript() {}

  /**
   * The call that keeps {@code entries} as what {@code customerId} gives {@code accountId}
   * ({@code entries} null: forget the customer and its entitlements), with the customer's
   * {@code entitlements}; keys: the account hash, its email profile and timeline.
   * {@code accountId} is an {@link AccountId} value, as {@code client_reference_id} carries it.
   */
  static ScriptCall write(String accountId, String customerId, List<PlanEntry> entries, Set<String> entitlements,
      String defaultPlan, Instant now, Optional<String> email) {
    AccountId account = AccountId.parse(accountId);
    return new ScriptCall(List.of(Keys.account(account), Keys.accountEmailProfile(account), Keys.accountTimeline(account)),
        List.of(customerId, entries == null ? "" : encode(entries, defaultPlan), defaultPlan,
            Long.toString(now.toEpochMilli()), email.orElse(""), features(entitlements)));
  }

  /** Lookup keys as the account hash keeps them: ",a,b," (sorted), or "" for none. */
  static String features(Set<String> lookupKeys) {
    return lookupKeys.isEmpty() ? "" : "," + String.join(",", new TreeSet<>(lookupKeys)) + ",";
  }

  /** The lookup keys of a ",a,b," field (null: none). */
  static Set<String> features(String field) {
    Set<String> keys = new TreeSet<>();
    if (field != null) {
      for (String k : field.split(",")) {
        if (!k.isEmpty()) {
          keys.add(k);
        }
      }
    }
    return keys;
  }

  /** The entries as the script's JSON list: every value a string, absent ones left out. */
  static String encode(List<PlanEntry> entries, String defaultPlan) {
    List<Map<String, String>> list = new ArrayList<>();
    for (PlanEntry e : entries) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("r", Long.toString(e.rank(defaultPlan)));
      m.put("plan", e.plan());
      put(m, "until", e.until());
      put(m, "ps", e.periodStart());
      put(m, "pe", e.periodEnd());
      put(m, "status", e.status());
      put(m, "sub", e.subscriptionId());
      list.add(m);
    }
    return GSON.toJson(list);
  }

  private static void put(Map<String, String> m, String key, Object value) {
    if (value != null) {
      m.put(key, value.toString());
    }
  }

  /** The reply {@code {wasPaid, isPaid, cvp, timeline, plan, until}}. */
  static PlanStore.PlanWrite decode(Object reply) {
    List<?> r = ScriptReplies.list("stripe_account_plan.lua", reply);
    String cvp = CustomerScript.text(r.get(2));
    List<?> flat = ScriptReplies.list("stripe_account_plan.lua", r.get(3));
    Map<String, String> timeline = new HashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      timeline.put(CustomerScript.text(flat.get(i)), CustomerScript.text(flat.get(i + 1)));
    }
    String plan = CustomerScript.text(r.get(4));
    String until = CustomerScript.text(r.get(5));
    return new PlanStore.PlanWrite(ScriptReplies.number("stripe_account_plan.lua", r.get(0)) == 1,
        ScriptReplies.number("stripe_account_plan.lua", r.get(1)) == 1,
        cvp.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(cvp)), timeline, plan.isEmpty() ? null : plan,
        until.isEmpty() ? null : Long.valueOf(until));
  }

  /** The call that clears the conversion of {@code accountId} pending since {@code at}. */
  static ScriptCall counted(String accountId, Instant at) {
    return new ScriptCall(List.of(Keys.account(AccountId.parse(accountId))), List.of(Long.toString(at.toEpochMilli())));
  }
}
