package dev.tollgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Events go to EventBridge from the scheduled function only, which may call
 * {@code events:PutEvents} on the configured bus (parameter {@code EventBusName}, default the
 * account's default bus) and nothing else of EventBridge.
 */
class EventBusPolicyTest {
  private static SamTemplate t;

  @BeforeAll
  static void load() throws Exception {
    t = SamTemplate.load();
  }

  @Test
  void theBusIsAParameterDefaultingToTheDefaultBus() {
    assertThat(SamTemplate.map(t.parameters().get("EventBusName"))).containsEntry("Default", "default")
        .containsEntry("Type", "String");
    assertThat(SamTemplate.at(t.properties("UpgradeDispatcherFunction"), "Environment", "Variables",
        "TOLLGATE_EVENT_BUS")).isEqualTo(Map.of("Ref", "EventBusName"));
  }

  @Test
  void theDispatcherMayPutEventsOnThatBusOnly() {
    List<?> policies = (List<?>) t.properties("UpgradeDispatcherFunction").get("Policies");
    List<Object> eventStatements = new java.util.ArrayList<>();
    for (Object p : policies) {
      Object statements = SamTemplate.map(p).get("Statement");
      if (statements instanceof List<?> l) {
        l.stream().filter(s -> String.valueOf(SamTemplate.map(s).get("Action")).contains("events:"))
            .forEach(eventStatements::add);
      }
    }
    assertThat(eventStatements).hasSize(1);
    Map<String, Object> s = SamTemplate.map(eventStatements.get(0));
    assertThat(s.get("Effect")).isEqualTo("Allow");
    assertThat(s.get("Action")).isEqualTo("events:PutEvents");
    assertThat(s.get("Resource")).isEqualTo(Map.of("Fn::Sub",
        "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/${EventBusName}"));
  }

  @Test
  void noOtherFunctionTouchesEventBridge() {
    t.ofType("AWS::Serverless::Function").forEach((id, fn) -> {
      if (!id.equals("UpgradeDispatcherFunction")) {
        assertThat(String.valueOf(SamTemplate.map(fn).get("Properties"))).as(id).doesNotContain("events:");
      }
    });
  }
}
