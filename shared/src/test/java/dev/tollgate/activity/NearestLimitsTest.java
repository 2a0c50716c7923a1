package dev.tollgate.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Who is nearest a limit now, from shares recorded over several days. */
class NearestLimitsTest {
  static final Instant NOW = Instant.parse("2025-06-10T12:00:00Z");
  static final Instant W1 = Instant.parse("2025-06-01T00:00:00Z");

  static Share s(String account, String gate, int permille, Instant at, Instant windowEnd) {
    return new Share(account, account, "features", gate, "free", permille, permille / 10, 100, at, W1, windowEnd);
  }

  static final Instant OPEN = NOW.plusSeconds(3600);
  static final Instant ENDED = NOW;

  static Stream<Arguments> cases() {
    Share ada800 = s("ada", "g", 800, NOW.minusSeconds(300), OPEN);
    Share ada1000 = s("ada", "g", 1000, NOW.minusSeconds(200), OPEN);
    Share bob500 = s("bob", "g", 500, NOW.minusSeconds(100), OPEN);
    Share bobEnded = s("bob", "g", 1000, NOW.minusSeconds(50_000), ENDED);
    Share cy500 = s("cy", "g", 500, NOW.minusSeconds(10), OPEN);
    Share adaOtherGate = s("ada", "h", 500, NOW.minusSeconds(400), OPEN);
    return Stream.of(
        Arguments.of("nothing recorded", List.of(), 10, List.of()),
        Arguments.of("each account and gate once, at its highest", List.of(ada800, ada1000, ada800), 10, List.of(ada1000)),
        Arguments.of("a window that has ended no longer counts", List.of(bobEnded, bob500), 10, List.of(bob500)),
        Arguments.of("highest first, then the most recent", List.of(bob500, ada800, cy500), 10,
            List.of(ada800, cy500, bob500)),
        Arguments.of("gates of one account are apart", List.of(adaOtherGate, ada800), 10, List.of(ada800, adaOtherGate)),
        Arguments.of("at most max", List.of(bob500, ada1000, cy500), 2, List.of(ada1000, cy500)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void nearest(String name, List<Share> recorded, int max, List<Share> expected) {
    assertThat(NearestLimits.of(recorded, NOW, max)).containsExactlyElementsOf(expected);
  }
}
