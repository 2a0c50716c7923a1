package dev.tollgate.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.tollgate.identity.AccountId;
import dev.tollgate.plan.ActiveEntitlements;
import dev.tollgate.redis.Keys;
import dev.tollgate.testing.TestRedis;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import redis.clients.jedis.UnifiedJedis;

/**
 * Seeded runs of one customer through the webhook: entitlement summaries with random lookup keys
 * (storable or not), complete or partial, at random times; checkouts that link the customer to
 * random accounts; and credit-selling sessions (valid or invalid metadata, paid or not, naming an
 * account or only the customer) delivered as {@code completed} or {@code async_payment_succeeded},
 * repeated. Afterwards the linked account's {@code ent} is what the latest summaries say, and each
 * session was granted exactly once if it was ever paid with valid metadata and has somebody to
 * go to, else never.
 */
final class PricingFuzz {
  /** The webhook fuzz suite's check of one request. */
  interface Check {
    void check(String label, StripeWebhookHandler h, APIGatewayProxyRequestEvent e, boolean signed);
  }

  static final int RUNS = 30;
  static final int EVENTS = 14;
  static final List<String> KEYS = List.of("export", "beta", "priority-support", "api:v2", "x.y", "a,b", "x\ny", "",
      "k".repeat(81), "用户", "\u202e", "{u:victim}");
  static final List<String> BAD_UNITS = List.of("abc", "-1", "0", "1e3", "99999999999", " 5", "");
  static final List<String> STATUSES = List.of("paid", "unpaid", "no_payment_required", "");

  private final long seed;
  private final Check check;
  private final int[] outcomes = new int[3];

  PricingFuzz(long seed, Check check) {
    this.seed = seed;
    this.check = check;
  }

  /** One credit-selling session of a run, fixed; only its deliveries vary. */
  private record Session(String id, String units, String expireDays, String account, boolean customer) {
    boolean valid() {
      return units.matches("[0-9]{1,12}") && Long.parseLong(units) >= 1 && Long.parseLong(units) <= 1_000_000_000L;
    }
  }

  int run(StripeWebhookHandler h, UnifiedJedis redis, long ts) {
    Random r = new Random(seed);
    int cases = 0;
    for (int run = 0; run < RUNS; run++) {
      SignedEvents ev = new SignedEvents();
      List<String> accounts = List.of(ev.user, TestRedis.uniqueUser("fz"), TestRedis.uniqueUser("fz"));
      List<Session> sessions = new ArrayList<>();
      for (int k = 0; k < 3; k++) {
        boolean valid = r.nextInt(4) != 0;
        String account = r.nextBoolean() ? accounts.get(r.nextInt(accounts.size())) : null;
        sessions.add(new Session("cs_fuzz_" + run + "_" + k + "_" + System.nanoTime(),
            valid ? Integer.toString(1 + r.nextInt(1000)) : BAD_UNITS.get(r.nextInt(BAD_UNITS.size())),
            r.nextBoolean() ? null : Integer.toString(1 + r.nextInt(400)), account, account == null || r.nextBoolean()));
      }
      Map<String, Boolean> paid = new LinkedHashMap<>();
      ActiveEntitlements[] latest = new ActiveEntitlements[2];
      for (int i = 0; i < EVENTS; i++) {
        int kind = r.nextInt(4);
        int later = r.nextInt(60);
        String label = "pricing " + run + "." + i + " (seed " + seed + ")";
        if (kind == 0) {
          List<String> keys = new ArrayList<>();
          for (int n = r.nextInt(4); n > 0; n--) {
            keys.add(KEYS.get(r.nextInt(KEYS.size())));
          }
          boolean more = r.nextInt(3) == 0;
          keep(latest, ev.customer, keys, !more, later);
          check.check(label, h, ev.edited(StripeEntitlementsIT.SUMMARY, e -> {
            shift(e, later);
            JsonObject list = SignedEvents.object(e).getAsJsonObject("entitlements");
            JsonArray data = new JsonArray();
            for (String key : keys) {
              JsonObject item = list.getAsJsonArray("data").get(0).getAsJsonObject().deepCopy();
              item.addProperty("lookup_key", key);
              data.add(item);
            }
            list.add("data", data);
            list.addProperty("has_more", more);
          }, ts), true);
        } else if (kind == 1) {
          String account = accounts.get(r.nextInt(accounts.size()));
          check.check(label, h, ev.edited("checkout.session.completed.json", e -> {
            shift(e, later);
            SignedEvents.object(e).addProperty("client_reference_id", account);
          }, ts), true);
        } else {
          Session s = sessions.get(r.nextInt(sessions.size()));
          String status = STATUSES.get(r.nextInt(STATUSES.size()));
          boolean async = r.nextBoolean();
          paid.merge(s.id(), status.equals("paid") || status.equals("no_payment_required"), Boolean::logicalOr);
          check.check(label, h, ev.edited(async ? StripeCreditsIT.BANK_PAID : StripeCreditsIT.CARD,
              e -> session(e, s, status, ev.customer, later), ts), true);
        }
      }
      verify(redis, ev, accounts, sessions, paid, latest, run);
      cases += EVENTS;
    }
    System.out.printf("pricing fuzz: %d sessions granted once, %d never due, %d linked accounts' ent checked%n",
        outcomes[0], outcomes[1], outcomes[2]);
    return cases;
  }

  private static void keep(ActiveEntitlements[] latest, String customer, List<String> keys, boolean complete, int later) {
    List<String> storable = keys.stream().filter(k -> ActiveEntitlements.storable(k) == null).toList();
    ActiveEntitlements a = new ActiveEntitlements(customer, storable, complete, (1767225604L + later) * 1000);
    int slot = complete ? 0 : 1;
    if (latest[slot] == null || latest[slot].orderKey().compareTo(a.orderKey()) <= 0) {
      latest[slot] = a;
    }
  }

  private static void session(JsonObject e, Session s, String status, String customer, int later) {
    shift(e, later);
    JsonObject o = SignedEvents.object(e);
    o.addProperty("id", s.id());
    o.addProperty("payment_status", status);
    if (s.account() == null) {
      o.remove("client_reference_id");
    } else {
      o.addProperty("client_reference_id", s.account());
    }
    o.add("customer", s.customer() ? new JsonPrimitive(customer) : JsonNull.INSTANCE);
    JsonObject metadata = new JsonObject();
    metadata.addProperty("tollgate_credits", s.units());
    if (s.expireDays() != null) {
      metadata.addProperty("tollgate_credits_expire_days", s.expireDays());
    }
    o.add("metadata", metadata);
  }

  private void verify(UnifiedJedis redis, SignedEvents ev, List<String> accounts, List<Session> sessions,
      Map<String, Boolean> paid, ActiveEntitlements[] latest, int run) {
    String linked = redis.hget(Keys.customer(ev.customer), "u");
    if (linked != null) {
      Set<String> expected = ActiveEntitlements.effective(latest[0], latest[1]);
      String ent = redis.hget(Keys.plan(linked), "ent");
      assertThat(ent == null ? Set.of() : new TreeSet<>(List.of(ent.substring(1, ent.length() - 1).split(","))))
          .as("run %d: ent of %s", run, linked).isEqualTo(expected);
      outcomes[2]++;
    }
    Set<String> everyAccount = new TreeSet<>(accounts);
    for (Session s : sessions) {
      int grants = 0;
      for (String account : everyAccount) {
        if (redis.hexists(Keys.accountCredits(AccountId.parse(account)), "g:" + s.id())) {
          grants++;
        }
      }
      boolean due = s.valid() && paid.getOrDefault(s.id(), false) && (s.account() != null || linked != null);
      assertThat(grants).as("run %d: grants of %s (valid %s, paid %s, account %s)", run, s.id(), s.valid(),
          paid.get(s.id()), s.account()).isEqualTo(due ? 1 : 0);
      outcomes[due ? 0 : 1]++;
    }
  }

  /** Moves an event {@code seconds} later, with an id of its own. */
  private static void shift(JsonObject event, int seconds) {
    event.addProperty("id", event.get("id").getAsString() + "p" + seconds + "_" + System.nanoTime());
    event.addProperty("created", event.get("created").getAsLong() + seconds);
  }
}
