package dev.tollgate.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.tollgate.conversion.Conversion;
import dev.tollgate.plan.ActiveEntitlements;
import dev.tollgate.plan.CreditPurchase;
import dev.tollgate.plan.CustomerLink;
import dev.tollgate.plan.CustomerState;
import dev.tollgate.plan.PlanEntry;
import dev.tollgate.plan.PlanStore;
import dev.tollgate.plan.SubscriptionSnapshot;
import dev.tollgate.plan.SubscriptionStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The typed codecs of the Stripe and funnel scripts, without Redis. */
class StripeScriptCodecsTest {
  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
  private static final com.google.gson.Gson GSON = new com.google.gson.Gson();

  @Test
  void aLinkAndASnapshotWithMetadataEncodeTheirOrderKeys() {
    assertThat(CustomerScript.args(new CustomerLink("cus_1", "auth0|a", null, 1_000, true)))
        .containsExactly("link", "auth0|a", "1|000000000001000|auth0|a");
    SubscriptionSnapshot s = new SubscriptionSnapshot("sub_1", "cus_1", "active", List.of("p"), 1L, 2L, false, null, "meta", 5_000);
    List<String> args = CustomerScript.args(s);
    assertThat(args).hasSize(7).startsWith("sub", "sub_1", s.orderKey())
        .endsWith("meta", "0|000000000005000|meta", "000000000005000|000000000000002|000000000000001");
    assertThat(JsonParser.parseString(args.get(3)).getAsJsonObject().get("status").getAsString()).isEqualTo("active");
  }

  @Test
  void theCustomerHashDecodesWithItsFormerAccounts() {
    SubscriptionStore.Update u = CustomerScript.decode("cus_1", List.of("stale".getBytes(StandardCharsets.UTF_8),
        List.of("u", "b", "lk", "1|x|b", "f:a", "1")));
    assertThat(u.applied()).isFalse();
    assertThat(u.state().accountId()).isEqualTo("b");
    assertThat(u.state().formerAccounts()).containsExactly("a");
  }

  @Test
  void entriesTravelAsStringsSoNoNumberLosesPrecisionInLua() {
    String json = AccountPlanScript.encode(List.of(new PlanEntry("paid", null, 1L, 2L, "active", "sub_1"),
        new PlanEntry("free", null, null, null, "canceled", "sub_2")), "free");
    assertThat(json).isEqualTo("[{\"r\":\"9000000000000000\",\"plan\":\"paid\",\"ps\":\"1\",\"pe\":\"2\",\"status\":\"active\","
        + "\"sub\":\"sub_1\"},{\"r\":\"0\",\"plan\":\"free\",\"status\":\"canceled\",\"sub\":\"sub_2\"}]");
    ScriptCall forget = AccountPlanScript.write("u1", "cus_1", null, Set.of(), "free", AT, Optional.empty());
    assertThat(forget.keys()).containsExactly(Keys.plan("u1"), Keys.emailProfile("u1"), Keys.timeline("u1"));
    assertThat(forget.args()).containsExactly("cus_1", "", "free", Long.toString(AT.toEpochMilli()), "", "");
    PlanStore.PlanWrite w = AccountPlanScript.decode(List.of(0L, 1L, "1767225600000", List.of("h:f", "1"), "paid", ""));
    assertThat(w).isEqualTo(new PlanStore.PlanWrite(false, true, AT, Map.of("h:f", "1"), "paid", null));
  }

  @Test
  void entitlementsTravelAsTheSortedCommaFormTheDecisionSearches() {
    ScriptCall w = AccountPlanScript.write("u1", "cus_1", List.of(), Set.of("export", "api:v2", "b"), "free", AT,
        Optional.empty());
    assertThat(w.args().get(5)).isEqualTo(",api:v2,b,export,");
    assertThat(AccountPlanScript.features(",api:v2,b,export,")).containsExactly("api:v2", "b", "export");
    assertThat(AccountPlanScript.features((String) null)).isEmpty();
  }

  @Test
  void aSummaryIsKeptAsCompleteOrPartialWithItsOrderKey() {
    ActiveEntitlements full = new ActiveEntitlements("cus_1", List.of("export", "beta"), true, 5_000);
    assertThat(CustomerScript.args(full)).hasSize(4).startsWith("ent", "en", "000000000005000|beta,export");
    assertThat(CustomerScript.args(new ActiveEntitlements("cus_1", List.of("x"), false, 6_000))).startsWith("ent", "ep");
  }

  @Test
  void aCreditPurchaseIsKeptUnclaimedUntilALinkAndDecodesClaimed() {
    ScriptCall keep = CustomerScript.keepCredits(new CreditPurchase("cs_1", "cus_1", null, 500, null, 7_000));
    assertThat(keep.keys()).containsExactly(Keys.customer("cus_1"));
    assertThat(keep.args()).containsExactly("credit", "cs_1", "500|0|7000");
    CustomerState s = CustomerScript.state("cus_1", Map.of("u", "acme", "cr:cs_1", "p|500|0|7000|acme",
        "cr:cs_2", "p|9|8000|7000|", "cr:cs_3", "g|1|0|1|acme", "en", GSON.toJson(new ActiveEntitlements("cus_1",
            List.of("export"), true, 1_000))));
    assertThat(s.credits()).containsOnlyKeys("cs_1", "cs_2");
    assertThat(s.credits().get("cs_1")).isEqualTo(new CreditPurchase("cs_1", "cus_1", "acme", 500, null, 7_000));
    assertThat(s.credits().get("cs_2").account()).isNull();
    assertThat(s.credits().get("cs_2").expiresAt()).isEqualTo(8_000L);
    assertThat(s.activeEntitlements()).containsExactly("export");
    assertThat(CustomerScript.granted("p|500|0|7000|acme")).isEqualTo("g|500|0|7000|acme");
  }

  @Test
  void funnelCallsCarryAnIdPerKindAndTheirDaysKeys() {
    ScriptCall hit = FunnelScript.limitReached("features", AT, "evt_1");
    assertThat(hit.keys()).containsExactly("{tg}:f:2026-01-01", "{tg}:f:2026-01-01:seen", "{tg}:f:2026-01-01:ttc:-");
    assertThat(hit.args()).containsExactly("l:evt_1", "34560000", "691200", "", "features:limitReached", "1");
    ScriptCall c = FunnelScript.conversion(new Conversion("u1", "features", AT, Duration.ofSeconds(5), null));
    assertThat(c.keys()).contains("{tg}:f:2026-01-01:ttc:features");
    assertThat(c.args()).startsWith("c:u1@" + AT.toEpochMilli()).contains("5000", "features:conversionsWithoutEmail");
  }
}
