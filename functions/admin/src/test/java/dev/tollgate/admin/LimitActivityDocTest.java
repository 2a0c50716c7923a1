package dev.tollgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tollgate.activity.Block;
import dev.tollgate.activity.InMemoryLimitActivity;
import dev.tollgate.activity.Share;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The report's nearest limits and latest blocks, as {@code report --json} and the dashboard show them. */
class LimitActivityDocTest {
  static final Instant NOW = Instant.parse("2025-06-10T12:00:00Z");
  static final LocalDate TODAY = LocalDate.parse("2025-06-10");

  static Share share(String account, int permille, Instant at, Instant windowEnd) {
    return new Share(account, account + "-user", "features", "features.0", "free", permille, permille / 10, 100, at,
        windowEnd.minus(Duration.ofDays(30)), windowEnd);
  }

  static Block block(String account, Instant at) {
    return new Block(account + "|features.0|1|limit", at, account, account + "-user", "features", "features.0", "free",
        "usage_limit_exceeded", 100, 100);
  }

  @Test
  void nearestLimitsComeFromEveryDayOfTheReportInOpenWindowsAndBlocksFromItsDaysOnly() {
    InMemoryLimitActivity a = new InMemoryLimitActivity();
    a.reached(share("@acme", 800, NOW.minus(Duration.ofDays(3)), NOW.plus(Duration.ofDays(5))));
    a.reached(share("bob", 1000, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1))));
    a.reached(share("old", 1000, NOW.minus(Duration.ofDays(20)), NOW.minus(Duration.ofDays(2))));
    a.reached(share("early", 900, NOW.minus(Duration.ofDays(9)), NOW.plus(Duration.ofDays(9))));
    a.blocked(block("bob", NOW.minus(Duration.ofDays(1))));
    a.blocked(block("cy", NOW.minus(Duration.ofHours(1))));
    a.blocked(block("before", NOW.minus(Duration.ofDays(8))));

    JsonObject doc = new JsonObject();
    LimitActivityDoc.add(doc, a, TODAY.minusDays(6), TODAY, NOW);

    JsonArray nearest = doc.getAsJsonArray("nearestLimits");
    assertThat(nearest).hasSize(2);
    JsonObject bob = nearest.get(0).getAsJsonObject();
    assertThat(bob.get("account").getAsString()).isEqualTo("bob");
    assertThat(bob.get("user").getAsString()).isEqualTo("bob-user");
    assertThat(bob.get("share").getAsDouble()).isEqualTo(1.0);
    assertThat(bob.get("used").getAsLong()).isEqualTo(100);
    assertThat(bob.get("limit").getAsLong()).isEqualTo(100);
    assertThat(bob.get("reachedAt").getAsString()).isEqualTo("2025-06-09T12:00:00Z");
    assertThat(bob.get("resetAt").getAsString()).isEqualTo("2025-06-11T12:00:00Z");
    assertThat(nearest.get(1).getAsJsonObject().get("account").getAsString()).isEqualTo("@acme");
    assertThat(nearest.get(1).getAsJsonObject().get("share").getAsDouble()).isEqualTo(0.8);

    JsonArray blocks = doc.getAsJsonArray("latestBlocks");
    assertThat(blocks).hasSize(2);
    assertThat(blocks.get(0).getAsJsonObject().get("account").getAsString()).isEqualTo("cy");
    assertThat(blocks.get(0).getAsJsonObject().get("at").getAsString()).isEqualTo("2025-06-10T11:00:00Z");
    assertThat(blocks.get(0).getAsJsonObject().get("reason").getAsString()).isEqualTo("usage_limit_exceeded");
    assertThat(blocks.get(1).getAsJsonObject().get("account").getAsString()).isEqualTo("bob");
  }
}
