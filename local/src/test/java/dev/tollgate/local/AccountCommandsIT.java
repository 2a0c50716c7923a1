package dev.tollgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.tollgate.identity.AccountId;
import dev.tollgate.identity.ApiKeys;
import dev.tollgate.meter.MeterDeadLetter;
import dev.tollgate.redis.Keys;
import dev.tollgate.redis.RedisMeterQueue;
import dev.tollgate.redis.RedisMeterStores;
import dev.tollgate.testing.TestRedis;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** The operator commands on accounts (credits, keys for an organisation, usage, the report's overage) on a real Redis. */
class AccountCommandsIT {
  static final RedisMeterStores STORES = RedisMeterStores.server();
  static final UnifiedJedis REDIS = STORES.redis();

  static TollgateCliTest.Run cli(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--redis";
    all[args.length + 1] = TestRedis.url();
    return TollgateCliTest.run(all);
  }

  @Test
  void creditsAreGrantedOncePerIdAndShownWithTheirGrants() {
    String org = "@" + TestRedis.uniqueUser("credits");
    TollgateCliTest.Run first = cli("credits", "grant", org, "50", "--id", "cs_test_1");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("granted 50 credits to " + org + " as cs_test_1", "balance 50");
    TollgateCliTest.Run again = cli("credits", "grant", org, "50", "--id", "cs_test_1");
    assertThat(again.out()).contains("was already given", "nothing changed", "balance 50");
    TollgateCliTest.Run generated = cli("credits", "grant", org, "5", "--expires", "2999-01-01T00:00:00Z");
    assertThat(generated.out()).containsPattern("as cli_[0-9a-f]{32} \\(expire 2999-01-01T00:00:00Z\\); balance 55");
    JsonObject shown = Json.object(cli("credits", "show", org, "--json").out());
    assertThat(shown.get("balance").getAsLong()).isEqualTo(55);
    assertThat(shown.getAsJsonArray("grants")).hasSize(2);
    assertThat(cli("credits", "show", org).out()).contains("account " + org + "  credits 55", "cs_test_1", "never");
    TollgateCliTest.Run lapsed = cli("credits", "grant", org, "5", "--expires", "2001-01-01T00:00:00Z");
    assertThat(lapsed.code()).isEqualTo(2);
    assertThat(lapsed.err()).startsWith("tollgate credits grant: expires: 2001-01-01T00:00:00Z is not in the future");
    assertThat(Json.object(cli("credits", "show", org, "--json").out()).get("balance").getAsLong()).isEqualTo(55);
  }

  @Test
  void aKeyCreatedForAnOrganisationDrawsOnItsAccount() {
    String org = TestRedis.uniqueUser("acme");
    TollgateCliTest.Run key = cli("keys", "create", "--user", "bob", "--account", "@" + org);
    assertThat(key.code()).as(key.err()).isZero();
    assertThat(REDIS.hget(Keys.apiKey(ApiKeys.sha256Hex(key.out().trim())), "a")).isEqualTo(org);
  }

  @Test
  void usageShowAndResetTakeAnAccountAndShowItsOverage() {
    AccountId team = AccountId.organisation(TestRedis.uniqueUser("team"));
    STORES.overage(team, "api_requests", 6);
    JsonObject doc = Json.object(cli("usage", "show", team.value(), "--json").out());
    assertThat(doc.get("account").getAsString()).isEqualTo(team.value());
    assertThat(doc.get("plan").getAsString()).isEqualTo("free");
    assertThat(doc.getAsJsonObject("meters").getAsJsonObject("api_requests").get("counted").getAsLong()).isEqualTo(6);
    assertThat(cli("usage", "show", team.value()).out()).contains("account " + team.value(),
        "overage api_requests: 6 units counted, 0 reported to Stripe (no Stripe customer linked yet)");
    TollgateCliTest.Run reset = cli("usage", "reset", team.value());
    assertThat(reset.code()).as(reset.err()).isZero();
    assertThat(reset.out()).startsWith("reset " + team.value());
  }

  @Test
  void theReportListsDeadLetteredMeterEventsAndOverageWaitingForACustomerByAccount() {
    AccountId team = AccountId.organisation(TestRedis.uniqueUser("billed"));
    RedisMeterQueue q = new RedisMeterQueue(REDIS, Clock.systemUTC());
    q.deadLetter(new MeterDeadLetter(team.value() + "|api_requests|0-9", team, "api_requests", "cus_Gone", 9, 8,
        "HTTP 400: No such customer: 'cus_Gone'", Instant.now()));
    AccountId orphan = AccountId.organisation(TestRedis.uniqueUser("orphan"));
    q.hold(orphan, java.util.Map.of("api_requests", 4L), Instant.now());
    JsonObject meters = Json.object(cli("report", "--json", "--days", "1").out()).getAsJsonObject("meters");
    assertThat(meters.getAsJsonArray("deadLetters").toString()).contains(team.value(), "No such customer");
    assertThat(meters.getAsJsonArray("waitingForCustomer").toString()).contains(orphan.value(), "\"api_requests\":4");
    assertThat(cli("report", "--days", "1").out()).contains("overage meter events dead-lettered", team.value()
        + "  api_requests  9 units  customer cus_Gone", "overage waiting for a linked Stripe customer", orphan.value());
  }
}
