package dev.tollgate.redis;

import com.google.gson.Gson;
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
    });
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
    hash.forEach((field, value) -> {
      if (field.startsWith("s:")) {
        subs.put(field.substring(2), GSON.fromJson(value, SubscriptionSnapshot.class));
      } else if (field.startsWith("i:")) {
        invoices.put(field.substring(2), GSON.fromJson(value, InvoiceSnapshot.class));
      } else if (field.startsWith("pp:")) {
        paid.put(field.substring(3), PaidPeriod.decode(value));
      } else if (field.startsWith("f:")) {
        former.add(field.substring(2));
      }
    });
    return new CustomerState(customerId, hash.get("u"), subs, invoices, paid, former);
  }

  static String text(Object o) {
    return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
  }
}
