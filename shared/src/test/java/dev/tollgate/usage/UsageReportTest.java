package dev.tollgate.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.identity.AccountId;
import dev.tollgate.identity.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What {@code GET /usage} answers, from a read account: pure mapping, no Redis. */
class UsageReportTest {
  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  private static final GatingConfig CONFIG = ConfigLoader.parse("""
      loops:
        - name: calls
          steps:
            - trigger: { type: api, endpoint: "/api/**", method: ANY }
              condition:
                type: usage
                limit: { free: 10, pro: 100 }
                memberLimit: { free: 4 }
                period: 30d
                overage: { pro: { meter: api_calls, cap: unlimited } }
              action: { type: block, message: "Upgrade" }
        - name: exports
          steps:
            - trigger: { type: api, endpoint: "/export", method: POST }
              condition: { type: feature, feature: export }
              action: { type: block, message: "Pro only" }
      plans:
        free: { default: true, features: [search] }
        pro: { stripePrices: [price_1], features: [search, export] }
      identity: { type: apiKey }
      """, "test");

  private static JsonObject report(String plan, List<GateResult> gates, Set<String> entitlements,
      AccountUsage.Credits credits) {
    int index = List.copyOf(CONFIG.plans().keySet()).indexOf(plan);
    return UsageReport.of(CONFIG, AccountId.organisation("acme"), UserId.of("ada"),
        new AccountUsage(new UsageOutcome(true, plan, index, gates, 0, -1), entitlements, credits));
  }

  private static List<Gate> gates() {
    return UsageGate.compile(CONFIG);
  }

  private static GateResult usage(long used, long limit, long overage, long memberUsed, long memberLimit) {
    return new GateResult(gates().get(0), true, used, limit, START, START.plusSeconds(30 * 86400), false, 0,
        DenyReason.NONE, 0, overage, memberUsed, memberLimit);
  }

  private static GateResult feature(boolean included) {
    return new GateResult(gates().get(1), included, 0, -1, START, START, false, 0,
        included ? DenyReason.NONE : DenyReason.FEATURE, 0, 0, -1, -1);
  }

  @Test
  void aFreeMemberSeesThePooledWindowTheirShareAndTheFeaturesOfThePlanAndOfStripe() {
    JsonObject r = report("free", List.of(usage(7, 10, 0, 3, 4), feature(false)), Set.of("beta"), null);
    assertThat(r.get("account").getAsString()).isEqualTo("@acme");
    assertThat(r.get("user").getAsString()).isEqualTo("ada");
    assertThat(r.getAsJsonArray("features").toString()).isEqualTo("[\"beta\",\"search\"]");
    JsonObject calls = r.getAsJsonObject("loops").getAsJsonObject("calls");
    assertThat(calls.toString()).isEqualTo("{\"loop\":\"calls\",\"period\":\"30d\",\"used\":7,\"limit\":10,"
        + "\"remaining\":3,\"resetAt\":\"2026-03-31T00:00:00Z\",\"member\":{\"used\":3,\"limit\":4}}");
    assertThat(r.getAsJsonObject("loops").getAsJsonObject("exports").toString())
        .isEqualTo("{\"loop\":\"exports\",\"feature\":\"export\",\"included\":false}");
    assertThat(r.has("credits")).as("no loop uses credits").isFalse();
  }

  @Test
  void aProAccountSeesItsOverageUncappedAndItsCredits() {
    JsonObject r = report("pro", List.of(usage(100, 100, 12, -1, -1), feature(true)), Set.of(),
        new AccountUsage.Credits(40, START.plusSeconds(86400), 15));
    JsonObject calls = r.getAsJsonObject("loops").getAsJsonObject("calls");
    assertThat(calls.get("remaining").getAsLong()).isZero();
    assertThat(calls.has("member")).as("pro has no member share").isFalse();
    assertThat(calls.getAsJsonObject("overage").toString()).isEqualTo("{\"used\":12,\"cap\":null}");
    assertThat(r.getAsJsonObject("credits").toString())
        .isEqualTo("{\"balance\":40,\"nextExpiry\":\"2026-03-02T00:00:00Z\",\"expiring\":15}");
    assertThat(r.getAsJsonArray("features").toString()).isEqualTo("[\"export\",\"search\"]");
  }

  @Test
  void anUnlimitedLoopHasNoLimitAndAWindowNotYetStartedNoResetTime() {
    JsonObject calls = report("free", List.of(usage(0, -1, 0, -1, -1), feature(false)), Set.of(), null)
        .getAsJsonObject("loops").getAsJsonObject("calls");
    assertThat(calls.get("limit").isJsonNull()).isTrue();
    assertThat(calls.get("remaining").isJsonNull()).isTrue();
    assertThat(calls.get("resetAt").isJsonNull()).as("a 30d window starts with the first counted call").isTrue();
  }
}
