package dev.tollgate.redis;

import com.google.gson.Gson;
import dev.tollgate.plan.ActiveEntitlements;
import dev.tollgate.plan.CreditPurchase;
import dev.tollgate.plan.CustomerLink;
import dev.tollgate.plan.CustomerState;
import dev.tollgate.plan.InvoiceSnapshot;
import dev.tollgate.plan.PaidPeriod;
import dev.tollgate.plan.StripeChange;
import dev.tollgate.plan.SubscriptionSnapshot;
import dev.tollgate.plan.SubscriptionStore;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The typed call of {@code stripe_customer_apply.lua}: encodes a change into the script's
 * arguments and decodes its reply (and the customer hash) into a {@link CustomerState}. No
 * Redis here: unit-tested on its own.
 */
final class CustomerScript {
  static final LuaScript SCRIPT = LuaScript.load("stripe_customer_apply.lua");
  private static final Gson GSON = new Gson();

  private CustomerScript() {}

  /** The call that applies {@code change} to its customer's hash. */
  static ScriptCall call(StripeChange change) {
    return new ScriptCall(List.of(Keys.customer(change.customerId())), args(change));
  }

  /** The arguments that apply {@code change}. */
  static List<String> args(StripeChange change) {
    return change.match(new StripeChange.Cases<>() {
      @Override
      public List<String> link(CustomerLink l) {
        return List.of("link", l.account(), l.orderKey());
      }

      @Override
      public List<String> subscription(SubscriptionSnapshot s) {
        return snapshot("sub", s.id(), s.orderKey(), GSON.toJson(s), s.userId(), s.observedAt(), PaidPeriod.of(s));
      }

      @Override
      public List<String> invoice(InvoiceSnapshot i) {
        return snapshot("inv", i.subscriptionId(), i.orderKey(), GSON.toJson(i), i.userId(), i.observedAt(), PaidPeriod.of(i));
      }

      @Override
      public List<String> entitlements(ActiveEntitlements e) {
        return List.of("ent", e.complete() ? "en" : "ep", e.orderKey(), GSON.toJson(e));
      }
    });
  }

  /** The call that keeps {@code p} (a purchase naming no account) on its customer, once per session. */
  static ScriptCall keepCredits(CreditPurchase p) {
    return new ScriptCall(List.of(Keys.customer(p.customerId())), List.of("credit", p.sessionId(),
        p.units() + "|" + (p.expiresAt() == null ? 0 : p.expiresAt()) + "|" + p.paidAt()));
  }

  /** The field of the purchase of checkout session {@code sessionId}. */
  static String creditField(String sessionId) {
    return "cr:" + sessionId;
  }

  /** The stored form of a kept purchase once granted ({@code g|...}), from its pending form. */
  static String granted(String pending) {
    return "g" + pending.substring(1);
  }

  private static List<String> snapshot(String op, String sub, String orderKey, String json, String account, long at,
      PaidPeriod paid) {
    return List.of(op, sub, orderKey, json, account == null ? "" : account,
        account == null ? "" : CustomerLink.orderKey(false, at, account), paid == null ? "" : paid.encode());
  }

  /** The field that marks {@code formerAccount} as not yet settled. */
  static String formerField(String formerAccount) {
    return "f:" + formerAccount;
  }

  /** The script's reply {@code {status, HGETALL}} as an update of {@code customerId}. */
  static SubscriptionStore.Update decode(String customerId, Object reply) {
    List<?> r = ScriptReplies.list("stripe_customer_apply.lua", reply);
    List<?> flat = ScriptReplies.list("stripe_customer_apply.lua", r.get(1));
    Map<String, String> hash = new HashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      hash.put(text(flat.get(i)), text(flat.get(i + 1)));
    }
    return new SubscriptionStore.Update("applied".equals(text(r.get(0))), state(customerId, hash));
  }

  /** The customer hash as a state. */
  static CustomerState state(String customerId, Map<String, String> hash) {
    Map<String, SubscriptionSnapshot> subs = new HashMap<>();
    Map<String, InvoiceSnapshot> invoices = new HashMap<>();
    Map<String, PaidPeriod> paid = new HashMap<>();
    Set<String> former = new HashSet<>();
    Map<String, CreditPurchase> credits = new HashMap<>();
    hash.forEach((field, value) -> {
      if (field.startsWith("s:")) {
        subs.put(field.substring(2), GSON.fromJson(value, SubscriptionSnapshot.class));
      } else if (field.startsWith("i:")) {
        invoices.put(field.substring(2), GSON.fromJson(value, InvoiceSnapshot.class));
      } else if (field.startsWith("pp:")) {
        paid.put(field.substring(3), PaidPeriod.decode(value));
      } else if (field.startsWith("f:")) {
        former.add(field.substring(2));
      } else if (field.startsWith("cr:") && value.startsWith("p|")) {
        credits.put(field.substring(3), purchase(field.substring(3), customerId, value));
      }
    });
    return new CustomerState(customerId, hash.get("u"), subs, invoices, paid, former, summary(hash.get("en")),
        summary(hash.get("ep")), credits);
  }

  private static ActiveEntitlements summary(String json) {
    return json == null ? null : GSON.fromJson(json, ActiveEntitlements.class);
  }

  /** A kept purchase {@code p|units|expiresMs|paidAtMs|account} (expiresMs 0: never; account '': unclaimed). */
  private static CreditPurchase purchase(String sessionId, String customerId, String value) {
    String[] f = value.split("\\|", -1);
    if (f.length != 5) {
      throw new IllegalStateException("credit purchase " + sessionId + " of " + customerId + " is not p|units|expires|paidAt|account");
    }
    long expires = Long.parseLong(f[2]);
    return new CreditPurchase(sessionId, customerId, f[4].isEmpty() ? null : f[4], Long.parseLong(f[1]),
        expires == 0 ? null : expires, Long.parseLong(f[3]));
  }

  static String text(Object o) {
    return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
  }
}
