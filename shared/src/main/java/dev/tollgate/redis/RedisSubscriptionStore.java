package dev.tollgate.redis;

import com.google.gson.Gson;
import dev.tollgate.plan.CustomerState;
import dev.tollgate.plan.InvoiceSnapshot;
import dev.tollgate.plan.SubscriptionSnapshot;
import dev.tollgate.plan.SubscriptionStore;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.UnifiedJedis;

/**
 * Customer state in one hash per customer ({@code {c:CUSTOMER}}), each change one script
 * ({@code stripe_customer_apply.lua}); linked customers in the set {@code {tg}:cs}.
 */
public final class RedisSubscriptionStore implements SubscriptionStore {
  private static final LuaScript APPLY = LuaScript.load("stripe_customer_apply.lua");
  private static final Gson GSON = new Gson();
  private final UnifiedJedis redis;

  /** A store over {@code redis}. */
  public RedisSubscriptionStore(UnifiedJedis redis) {
    this.redis = redis;
  }

  @Override
  public Update applySubscription(SubscriptionSnapshot s) {
    Update u = run(s.customerId(), "sub", s.id(), s.orderKey(), GSON.toJson(s), s.userId());
    rememberLink(u.state());
    return u;
  }

  @Override
  public Update applyInvoice(InvoiceSnapshot i) {
    Update u = run(i.customerId(), "inv", i.subscriptionId(), i.orderKey(), GSON.toJson(i), i.userId());
    rememberLink(u.state());
    return u;
  }

  @Override
  public CustomerState link(String customerId, String userId) {
    CustomerState state = run(customerId, "link", userId).state();
    rememberLink(state);
    return state;
  }

  @Override
  public CustomerState get(String customerId) {
    return state(customerId, redis.hgetAll(Keys.customer(customerId)));
  }

  @Override
  public Set<String> linkedCustomers() {
    return redis.smembers(Keys.linkedCustomers());
  }

  private void rememberLink(CustomerState state) {
    if (state.userId() != null) {
      redis.sadd(Keys.linkedCustomers(), state.customerId());
    }
  }

  private Update run(String customerId, String... args) {
    List<String> argv = new java.util.ArrayList<>();
    for (String a : args) {
      argv.add(a == null ? "" : a);
    }
    List<?> reply = (List<?>) APPLY.run(redis, List.of(Keys.customer(customerId)), argv);
    List<?> flat = (List<?>) reply.get(1);
    Map<String, String> hash = new HashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      hash.put(text(flat.get(i)), text(flat.get(i + 1)));
    }
    return new Update("applied".equals(text(reply.get(0))), state(customerId, hash));
  }

  private static CustomerState state(String customerId, Map<String, String> hash) {
    Map<String, SubscriptionSnapshot> subs = new HashMap<>();
    Map<String, InvoiceSnapshot> invoices = new HashMap<>();
    hash.forEach((field, value) -> {
      if (field.startsWith("s:")) {
        subs.put(field.substring(2), GSON.fromJson(value, SubscriptionSnapshot.class));
      } else if (field.startsWith("i:")) {
        invoices.put(field.substring(2), GSON.fromJson(value, InvoiceSnapshot.class));
      }
    });
    return new CustomerState(customerId, hash.get("u"), subs, invoices);
  }

  static String text(Object o) {
    return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
  }
}
