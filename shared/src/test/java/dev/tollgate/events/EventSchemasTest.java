package dev.tollgate.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.conversion.Conversion;
import dev.tollgate.experiment.Assignment;
import dev.tollgate.experiment.ArmAssignmentTest;
import dev.tollgate.identity.AccountId;
import dev.tollgate.usage.DenyReason;
import dev.tollgate.usage.LimitReached;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every detail shape the code builds is valid against its documented schema, and the schemas do reject. */
class EventSchemasTest {
  static final Instant AT = Instant.parse("2026-03-01T10:15:30Z");
  static final LimitReached HIT = new LimitReached("alice", "a@example.com", "features", "features", "free", 100,
      100, AT.minus(Duration.ofDays(3)), AT.plus(Duration.ofDays(27)), AT, AccountId.parse("@acme"),
      "upgrade_copy:urgency", DenyReason.USAGE_LIMIT);
  static final Assignment ARM = new Assignment("upgrade_copy", "features",
      ArmAssignmentTest.experiment("upgrade_copy", "control", 1, "urgency", 1).arms().get("urgency"));

  @Test
  void everyDetailTheCodeBuildsMatchesItsSchema() {
    for (TollgateEvent e : new TollgateEvent[] {
        EventDetails.usageThreshold(HIT, 800),
        EventDetails.limitReached(HIT, ARM),
        EventDetails.limitReached(HIT, null),
        EventDetails.exposure(HIT, ARM),
        EventDetails.conversion(new Conversion("alice", "features", AT, Duration.ofHours(3), 1),
            Map.of("upgrade_copy", "urgency")),
        EventDetails.conversion(new Conversion("bob", null, AT, null, null), Map.of())}) {
      assertThat(EventSchemas.violations(e.type(), e.detail())).as(e.detail()).isEmpty();
      assertThat(EventSchemas.entryViolations(PutEventsEntry.of(e, "default").toString())).isEmpty();
    }
    String plan = EventDetails.planChanged("alice", "paid", true, null, "evt_1", AT).detail();
    assertThat(EventSchemas.violations("plan.changed", "{\"from\":\"free\"," + plan.substring(1))).isEmpty();
    assertThat(EventSchemas.violations("plan.changed", "{\"from\":null," + plan.substring(1))).isEmpty();
  }

  @Test
  void theSchemasRejectWhatTheyDoNotDescribe() {
    String good = EventDetails.limitReached(HIT, ARM).detail();
    assertThat(EventSchemas.violations("limit.reached", good.replace("\"reason\":\"usage_limit_exceeded\"",
        "\"reason\":\"because\""))).isNotEmpty();
    assertThat(EventSchemas.violations("limit.reached", good.replace("\"user\":\"alice\",", ""))).isNotEmpty();
    assertThat(EventSchemas.violations("usage.threshold", good)).isNotEmpty();
    String plan = EventDetails.planChanged("alice", "paid", true, null, "evt_1", AT).detail();
    assertThat(EventSchemas.violations("plan.changed", plan)).as("plan.changed without from").isNotEmpty();
    assertThat(EventSchemas.entryViolations("{\"Source\":\"other\"}")).isNotEmpty();
  }
}
