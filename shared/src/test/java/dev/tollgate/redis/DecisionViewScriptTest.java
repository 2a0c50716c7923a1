package dev.tollgate.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.Period;
import dev.tollgate.usage.Gate;
import dev.tollgate.usage.TestGates;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The view script behind {@code GET /usage} is read-only by construction: no write command in it at all. */
class DecisionViewScriptTest {
  private static final List<String> PLANS = List.of("free", "paid");

  @Test
  void theViewOfEveryKindOfGateContainsNoWriteCommand() {
    Gate priced = TestGates.usage("features", Period.parse("period", "30d"), new long[] {5, 4}, 800)
        .with(2, new long[] {3, -1}, true, new long[] {Gate.NO_OVERAGE, 10}, new String[] {null, "api_requests"},
            new int[] {500, 800});
    Gate monthly = TestGates.usage("search", Period.parse("period", "month"), new long[] {100, -1}, 0);
    Gate feature = TestGates.feature("export", "export", new boolean[] {false, true});
    DecisionScript view = DecisionScript.compileView(PLANS, 0, List.of(priced, monthly, feature));
    String lua = view.script().source();
    assertThat(lua).doesNotContainPattern("(?i)'(HSET|HSETNX|HINCRBY|HDEL|RPUSH|DEL|PEXPIRE|PEXPIREAT|SET|EXPIRE)'");
    assertThat(lua).contains("HMGET", "HGETALL");
    assertThat(view.usesCredits()).isTrue();
    assertThat(DecisionScript.compile(PLANS, 0, 1000, List.of(priced)).script().source())
        .as("the decision itself writes").contains("'HSET'", "'HINCRBY'");
  }
}
