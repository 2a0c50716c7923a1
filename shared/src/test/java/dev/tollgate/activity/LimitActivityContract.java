package dev.tollgate.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LimitActivity} must do: keep the latest blocks newest first, each once and
 * no more than it keeps; keep per UTC day each account's highest share per gate and window, the
 * highest ones only; and answer the same after any event is recorded again (a repeated drain).
 */
public abstract class LimitActivityContract {
  /** A fresh record (a name no other test uses) keeping {@code blocks} blocks and {@code shares} shares a day. */
  protected abstract LimitActivity activity(String name, int blocks, int shares);

  private LimitActivity fresh(int blocks, int shares) {
    return activity("t" + UUID.randomUUID().toString().substring(0, 8), blocks, shares);
  }

  static Block block(String account, Instant at) {
    return new Block(account + "|features.0|" + at.toEpochMilli() + "|limit", at, account, account, "features",
        "features.0", "free", "usage_limit_exceeded", 3, 3);
  }

  static Share share(String account, int permille, Instant at, Instant windowStart) {
    return new Share(account, account, "features", "features.0", "free", permille, permille * 100L / 1000, 100, at,
        windowStart, windowStart.plusSeconds(30L * 86400));
  }

  @Test
  void latestBlocksAreNewestFirstEachOnceAndCapped() {
    LimitActivity a = fresh(2, 10);
    Instant t = Instant.parse("2025-03-01T10:00:00Z");
    Block first = block("ada", t);
    Block second = block("bob", t.plusSeconds(60));
    Block third = block("cy", t.plusSeconds(120));
    a.blocked(first);
    a.blocked(second);
    a.blocked(second);
    assertThat(a.latestBlocks(10)).containsExactly(second, first);
    a.blocked(third);
    assertThat(a.latestBlocks(10)).containsExactly(third, second);
    a.blocked(first);
    assertThat(a.latestBlocks(10)).as("a repeat of a block already trimmed stays out").containsExactly(third, second);
    assertThat(a.latestBlocks(1)).containsExactly(third);
  }

  @Test
  void aDaysShareIsTheHighestPerAccountGateAndWindowAndRepeatsChangeNothing() {
    LimitActivity a = fresh(10, 10);
    Instant w = Instant.parse("2025-03-01T00:00:00Z");
    Instant t = Instant.parse("2025-03-02T09:00:00Z");
    Share half = share("ada", 500, t, w);
    Share most = share("ada", 800, t.plusSeconds(60), w);
    a.reached(half);
    a.reached(most);
    a.reached(half);
    a.reached(most);
    Share nextWindow = share("ada", 500, t.plusSeconds(120), t.plusSeconds(100));
    a.reached(nextWindow);
    Share bob = share("bob", 1000, t.plusSeconds(30), w);
    a.reached(bob);
    assertThat(a.shares(LocalDate.parse("2025-03-02"), 10)).containsExactly(bob, most, nextWindow);
    assertThat(a.shares(LocalDate.parse("2025-03-02"), 1)).containsExactly(bob);
    assertThat(a.shares(LocalDate.parse("2025-03-01"), 10)).isEmpty();
    Share lateNight = share("cy", 500, Instant.parse("2025-03-02T23:59:59.999Z"), w);
    Share nextDay = share("cy", 800, Instant.parse("2025-03-03T00:00:00Z"), w);
    a.reached(lateNight);
    a.reached(nextDay);
    assertThat(a.shares(LocalDate.parse("2025-03-03"), 10)).containsExactly(nextDay);
    assertThat(a.shares(LocalDate.parse("2025-03-02"), 10)).contains(lateNight);
  }

  @Test
  void onlyTheHighestSharesOfADayAreKept() {
    LimitActivity a = fresh(10, 2);
    Instant w = Instant.parse("2025-04-01T00:00:00Z");
    Instant t = Instant.parse("2025-04-01T12:00:00Z");
    Share low = share("ada", 500, t, w);
    Share mid = share("bob", 800, t, w);
    Share high = share("cy", 1000, t, w);
    a.reached(low);
    a.reached(mid);
    a.reached(high);
    a.reached(low);
    assertThat(a.shares(LocalDate.parse("2025-04-01"), 10)).containsExactly(high, mid);
    Share higher = share("ada", 1000, t.plusSeconds(1), w);
    a.reached(higher);
    assertThat(a.shares(LocalDate.parse("2025-04-01"), 10)).as("a higher share of a dropped account gets in")
        .containsExactlyInAnyOrder(high, higher);
  }
}
