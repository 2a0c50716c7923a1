package dev.tollgate.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The event types the README tells people to subscribe the endpoint to are exactly the ones
 * the parser acts on, and each of those is acted on (a type left out of the list would be
 * silently ignored, one missing from the subscription never arrives).
 */
class WebhookEventTypesTest {
  private static final Pattern TYPE = Pattern.compile("`([a-z_]+(?:\\.[a-z_]+)+)`");

  @Test
  void theReadmeSubscribesTheEndpointToExactlyTheTypesTheWebhookActsOn() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    int from = readme.indexOf("- `StripeWebhookUrl`:");
    String bullet = readme.substring(from, readme.indexOf("\n- ", from + 1));
    Set<String> listed = new LinkedHashSet<>();
    Matcher m = TYPE.matcher(bullet);
    while (m.find()) {
      listed.add(m.group(1));
    }
    assertThat(listed).containsExactlyInAnyOrderElementsOf(StripeEventParser.EVENT_TYPES);
  }

  @Test
  void everyTypeSubscribedToIsActedOnAndAnotherIsNot() throws Exception {
    Map<String, String> samples = new HashMap<>();
    try (Stream<Path> files = Files.list(Path.of("../events/stripe-webhook"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        String body = JsonParser.parseString(Files.readString(f)).getAsJsonObject().get("body").getAsString();
        samples.putIfAbsent(JsonParser.parseString(body).getAsJsonObject().get("type").getAsString(), body);
      }
    }
    String subscription = samples.get("customer.subscription.updated");
    for (String type : StripeEventParser.EVENT_TYPES) {
      // paused/resumed have no sample of their own: the subscription object is the same
      String body = samples.getOrDefault(type, subscription.replace("\"customer.subscription.updated\"", "\"" + type + "\""));
      assertThat(StripeEventParser.parse(body).actionable()).as(type).isTrue();
    }
    String other = subscription.replace("\"customer.subscription.updated\"", "\"customer.subscription.trial_will_end\"");
    assertThat(StripeEventParser.parse(other).actionable()).isFalse();
  }
}
