package dev.tollgate.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.tollgate.identity.UserId;
import dev.tollgate.redis.Keys;
import dev.tollgate.testing.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Hostile webhook requests through the real handler on a dedicated redis-server: garbage
 * bodies, huge bodies and headers, bad base64, and — the dangerous kind — really signed
 * events of the wrong shape (seeded random mutations of every sample event, and ids with
 * braces, colons, newlines), and seeded runs of entitlement summaries and credit-selling
 * checkouts ({@link PricingFuzz}). Every request gets 200 or 400 with a JSON body, never an
 * exception; afterwards every key matches the schema.
 */
class StripeWebhookFuzzIT {
  static final long SEED = 0x5_7121_9EL;
  static final int RANDOM_CASES = 1500;
  static final String[] NASTY = {"victim}", "{u:victim}", "a:b", "x\ny", "x\r\n", "", " ", "}{", "\u0000",
      "y".repeat(10_000), "用户", "👤", "\u202e", "null", "[]", "{}", "evt_{x}", "cus_}", "%7B", "\\", "\""};
  static final Pattern KEY = Pattern.compile("^(\\{a:[^{}\\r\\n]+\\}(:o|:t|:e|:cr|:m:[A-Za-z0-9_.:-]+)?"
      + "|\\{u:[^{}\\r\\n]+\\}:k"
      + "|\\{c:[^{}\\r\\n]+\\}|\\{e:[^{}\\r\\n]+\\}"
      + "|\\{tg\\}:(f:\\d{4}-\\d{2}-\\d{2}(:ttc:[a-z0-9_-]+|:seen|:ids)?|q:(due|lease|items|done|dead)"
      + "|ev:(due|items|sent|dead|plans)|cs|pending))$");
  static final List<String> FILES = List.of("checkout.session.completed.json", "customer.subscription.created.json",
      "customer.subscription.updated.json", "customer.subscription.deleted.json", "invoice.paid.json",
      "invoice.payment_failed.json", "customer.subscription.updated.2024-06-20.json", "invoice.paid.2024-06-20.json",
      "customer.created.json", "customer.updated.2017-08-15.json", StripeEntitlementsIT.SUMMARY, StripeEntitlementsIT.REMOVED,
      StripeCreditsIT.CARD, StripeCreditsIT.BANK, StripeCreditsIT.BANK_PAID);
  static final int RELINK_CASES = 300;
  static final List<String> STATUSES = List.of("active", "trialing", "past_due", "incomplete", "incomplete_expired", "unpaid",
      "canceled", "paused");
  static final List<String> ACCOUNTS = List.of("auth0|abc123", "ada@example.com", "user_42", "a b", "用户", "tg64_x");

  private final Map<Integer, Integer> statuses = new LinkedHashMap<>();
  private final List<String> fiveHundreds = new ArrayList<>();

  @Test
  void everyHostileRequestGetsA200OrA400AndOnlySchemaKeysAreWritten() {
    try (RedisProcess server = RedisProcess.start(); UnifiedJedis redis = server.client(Duration.ofSeconds(2))) {
      StripeWebhookHandler h = WebhookRig.handler(redis, l -> { });
      long ts = WebhookRig.NOW.getEpochSecond();
      int cases = 0;
      List<String> garbage = new ArrayList<>(List.of("", "null", "[]", "{", "}", "\"event\"", "42", "{\"id\":}", "\u0000",
          "a".repeat(1 << 20), "[".repeat(100_000), "{\"a\":".repeat(50_000), "ünïcødé", "{\"object\":\"event\"}",
          "{\"object\":\"event\",\"id\":\"evt_1\",\"type\":\"invoice.paid\",\"created\":1,\"data\":{\"object\":[]}}",
          "{\"object\":\"event\",\"id\":\"evt_2\",\"type\":\"invoice.paid\",\"created\":\"x\",\"data\":{\"object\":{}}}",
          "{\"object\":\"event\",\"id\":7,\"type\":[],\"created\":1e400,\"data\":{\"object\":{}}}",
          "{\"object\":\"event\",\"id\":\"evt_3\",\"type\":\"checkout.session.completed\",\"created\":1,"
              + "\"data\":{\"object\":{\"object\":\"checkout.session\",\"client_reference_id\":{\"a\":1}}}}"));
      for (String n : NASTY) {
        garbage.add("{\"object\":\"event\",\"id\":" + jsonString(n) + ",\"type\":\"invoice.paid\",\"created\":1,"
            + "\"data\":{\"object\":{\"object\":\"invoice\",\"customer\":" + jsonString(n) + "}}}");
      }
      for (String body : garbage) {
        check("garbage unsigned", h, request(body, Map.of("Stripe-Signature", "t=" + ts + ",v1=00")), false);
        check("garbage signed", h, request(body, Map.of("Stripe-Signature", SignedEvents.sign(body, SignedEvents.SECRET, ts))),
            true);
        cases += 2;
      }
      String sample = new SignedEvents().load("checkout.session.completed.json", SignedEvents.SECRET, ts).getBody();
      List<Map<String, String>> headers = new ArrayList<>();
      headers.add(null);
      headers.add(Map.of());
      headers.add(Map.of("Stripe-Signature", "x".repeat(200_000)));
      headers.add(Map.of("Stripe-Signature", "t=abc,v1=zz"));
      headers.add(Map.of("Stripe-Signature", "t=-1,v1=" + "0".repeat(64)));
      headers.add(Map.of("Stripe-Signature", "t=99999999999999999999999,v1=" + "0".repeat(64)));
      headers.add(Map.of("Stripe-Signature", ",,,=,=,t=,v1="));
      headers.add(Map.of("Stripe-Signature", "t=" + ts + ",v1=ü"));
      headers.add(Map.of("stripe-signature", SignedEvents.sign(sample, "whsec_wrong", ts)));
      headers.add(Map.of("Stripe-Signature", SignedEvents.sign(sample, SignedEvents.SECRET, ts).replace("v1=", "v0=")));
      Map<String, String> nullValue = new HashMap<>();
      nullValue.put("Stripe-Signature", null);
      nullValue.put(null, "x");
      headers.add(nullValue);
      for (Map<String, String> hd : headers) {
        check("headers", h, request(sample, hd), false);
        cases++;
      }
      APIGatewayProxyRequestEvent badBase64 = request("not base64!!", Map.of("Stripe-Signature",
          SignedEvents.sign("not base64!!", SignedEvents.SECRET, ts)));
      badBase64.setIsBase64Encoded(true);
      check("bad base64", h, badBase64, false);
      cases++;
      cases += randomSignedMutations(h, ts);
      cases += relinksAndUnpaidStatuses(h, redis, ts);
      cases += new PricingFuzz(SEED + 2, this::check).run(h, redis, ts);
      System.out.printf("webhook fuzz: %d cases, statuses %s%n", cases, statuses);
      assertThat(fiveHundreds).as("500s (Stripe would retry these forever)").isEmpty();
      assertKeysMatchTheSchema(redis);
    }
  }

  private int randomSignedMutations(StripeWebhookHandler h, long ts) {
    Random r = new Random(SEED);
    for (int i = 0; i < RANDOM_CASES; i++) {
      SignedEvents ev = new SignedEvents();
      String body = ev.load(FILES.get(r.nextInt(FILES.size())), SignedEvents.SECRET, ts).getBody();
      JsonElement tree = JsonParser.parseString(body);
      for (int m = 1 + r.nextInt(3); m > 0; m--) {
        mutate(tree, r, 0);
      }
      String mutated = tree.toString();
      check("random " + i + " (seed " + SEED + ")", h,
          request(mutated, Map.of("Stripe-Signature", SignedEvents.sign(mutated, SignedEvents.SECRET, ts))), true);
    }
    return RANDOM_CASES;
  }

  /**
   * Seeded runs of one customer: checkouts and customer updates naming random accounts (as
   * raw or encoded {@code client_reference_id}s) at random times, between subscription events
   * with random statuses. Afterwards only the customer's current account holds its plan, no
   * former account is left unsettled, and no unpaid status moved a billing period.
   */
  private int relinksAndUnpaidStatuses(StripeWebhookHandler h, UnifiedJedis redis, long ts) {
    Random r = new Random(SEED + 1);
    int cases = 0;
    for (int run = 0; run < RELINK_CASES / 10; run++) {
      SignedEvents ev = new SignedEvents();
      List<String> accounts = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        int kind = r.nextInt(3);
        String account = ACCOUNTS.get(r.nextInt(ACCOUNTS.size())) + run;
        int later = r.nextInt(60);
        String label = "relink " + run + "." + i + " (seed " + (SEED + 1) + ")";
        java.util.function.Consumer<JsonObject> edit;
        String file;
        if (kind == 0) {
          accounts.add(account);
          file = r.nextBoolean() ? "checkout.session.completed.json" : "customer.updated.2017-08-15.json";
          String reference = r.nextBoolean() ? account : dev.tollgate.plan.ClientReferenceId.encode(account);
          edit = e -> {
            shift(e, later, "l");
            JsonObject o = SignedEvents.object(e);
            if (o.has("client_reference_id")) {
              o.addProperty("client_reference_id", reference);
            } else {
              o.getAsJsonObject("metadata").addProperty("userId", account);
            }
          };
        } else {
          String status = STATUSES.get(r.nextInt(STATUSES.size()));
          file = kind == 1 ? "customer.subscription.updated.json" : "customer.subscription.updated.2024-06-20.json";
          edit = e -> {
            shift(e, later, "s");
            SignedEvents.object(e).addProperty("status", status);
          };
        }
        check(label, h, ev.edited(file, edit, ts), true);
        cases++;
      }
      String current = redis.hget(Keys.customer(ev.customer), "u");
      assertThat(redis.hkeys(Keys.customer(ev.customer))).as("run %d: former accounts settled", run)
          .noneMatch(f -> f.startsWith("f:"));
      for (String account : accounts) {
        if (!account.equals(current)) {
          assertThat(redis.hexists(Keys.plan(account), "c:" + ev.customer)).as("run %d: %s no longer holds the customer", run,
              account).isFalse();
        }
      }
      if (current != null) {
        Map<String, String> plan = redis.hgetAll(Keys.plan(current));
        if (plan.containsKey("status") && !dev.tollgate.plan.StatusRules.isPaying(plan.get("status"))) {
          // an unpaid status keeps the last period that was paid for, never a period of its own
          String paid = redis.hget(Keys.customer(ev.customer), "pp:" + ev.subscription);
          if (paid == null) {
            assertThat(plan).as("run %d: no billing period from status %s", run, plan.get("status"))
                .doesNotContainKeys("ps", "pe");
          } else {
            dev.tollgate.plan.PaidPeriod p = dev.tollgate.plan.PaidPeriod.decode(paid);
            assertThat(plan).as("run %d: status %s keeps the paid period", run, plan.get("status"))
                .containsEntry("ps", Long.toString(p.start())).containsEntry("pe", Long.toString(p.end()));
          }
        }
      }
    }
    return cases;
  }

  /** Moves an event {@code seconds} later, with an id of its own. */
  private static void shift(JsonObject event, int seconds, String tag) {
    event.addProperty("id", event.get("id").getAsString() + tag + seconds + "_" + System.nanoTime());
    event.addProperty("created", event.get("created").getAsLong() + seconds);
  }

  /** Replaces one random node below {@code e} with a random value. */
  private static void mutate(JsonElement e, Random r, int depth) {
    if (e instanceof JsonObject o && o.size() > 0) {
      List<String> keys = new ArrayList<>(o.keySet());
      String k = keys.get(r.nextInt(keys.size()));
      JsonElement child = o.get(k);
      if ((child.isJsonObject() || child.isJsonArray()) && r.nextInt(4) != 0 && depth < 8) {
        mutate(child, r, depth + 1);
      } else if (r.nextInt(6) == 0) {
        o.remove(k);
      } else {
        o.add(k, randomValue(r));
      }
    } else if (e instanceof JsonArray a && a.size() > 0) {
      int i = r.nextInt(a.size());
      if ((a.get(i).isJsonObject() || a.get(i).isJsonArray()) && r.nextBoolean() && depth < 8) {
        mutate(a.get(i), r, depth + 1);
      } else {
        a.set(i, randomValue(r));
      }
    }
  }

  private static JsonElement randomValue(Random r) {
    return switch (r.nextInt(9)) {
      case 0 -> JsonNull.INSTANCE;
      case 1 -> new JsonPrimitive(r.nextBoolean());
      case 2 -> new JsonPrimitive(r.nextLong());
      case 3 -> new JsonPrimitive(r.nextDouble() * 1e12);
      case 4 -> new JsonArray();
      case 5 -> new JsonObject();
      case 6 -> new JsonPrimitive(-1);
      default -> new JsonPrimitive(NASTY[r.nextInt(NASTY.length)]);
    };
  }

  void check(String label, StripeWebhookHandler h, APIGatewayProxyRequestEvent e, boolean signed) {
    APIGatewayProxyResponseEvent resp;
    try {
      resp = h.handleRequest(e, null);
    } catch (RuntimeException | StackOverflowError x) {
      fail("case " + label + " threw " + x + " for body " + abbreviate(e.getBody()), x);
      return;
    }
    int status = resp.getStatusCode();
    statuses.merge(status, 1, Integer::sum);
    if (status == 500) {
      fiveHundreds.add(label + ": " + abbreviate(e.getBody()));
    }
    assertThat(status).as("case %s", label).isIn(200, 400, 500);
    if (!signed) {
      assertThat(status).as("case %s: an unsigned request never gets past the signature", label).isEqualTo(400);
    }
    assertThat(JsonParser.parseString(resp.getBody()).isJsonObject()).as("case %s answers a JSON object", label).isTrue();
  }

  private static APIGatewayProxyRequestEvent request(String body, Map<String, String> headers) {
    return new APIGatewayProxyRequestEvent().withBody(body).withHeaders(headers);
  }

  private static void assertKeysMatchTheSchema(UnifiedJedis redis) {
    String cursor = ScanParams.SCAN_POINTER_START;
    int n = 0;
    do {
      ScanResult<String> page = redis.scan(cursor, new ScanParams().count(1000));
      for (String key : page.getResult()) {
        n++;
        assertThat(KEY.matcher(key).matches()).as("key %s matches the schema", key.replace("\n", "\\n")).isTrue();
        if (key.startsWith("{u:") || key.startsWith("{a:")) {
          assertThat(UserId.isValid(key.substring(3, key.indexOf('}')))).isTrue();
        }
      }
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    System.out.printf("webhook fuzz: %d keys in Redis, all in the schema%n", n);
  }

  private static String jsonString(String s) {
    return new JsonPrimitive(s).toString();
  }

  private static String abbreviate(String s) {
    String t = s == null ? "null" : s;
    return t.length() > 300 ? t.substring(0, 300) + "...(" + t.length() + ")" : t;
  }
}
