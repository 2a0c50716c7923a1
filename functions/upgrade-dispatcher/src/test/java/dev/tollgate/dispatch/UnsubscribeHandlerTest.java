package dev.tollgate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.tollgate.email.InMemoryEmailProfiles;
import dev.tollgate.email.UnsubscribeLinks;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The unsubscribe samples in events/unsubscribe, signed with the local stack's default
 * {@code UNSUBSCRIBE_SECRET} (so they replay against {@code ./tollgate local} as they are).
 */
class UnsubscribeHandlerTest {
  /** The local stack's dev default (local DevDefaults.UNSUBSCRIBE_SECRET; LocalStackIT replays the samples on it). */
  static final String LOCAL_DEFAULT_SECRET = "tollgate-local-unsubscribe-secret-0123456789";
  static final Instant NOW = Instant.parse("2025-06-02T08:00:00Z");
  final InMemoryEmailProfiles profiles = new InMemoryEmailProfiles();
  final UnsubscribeHandler handler = new UnsubscribeHandler(profiles,
      new UnsubscribeLinks("https://api.acme.dev/email/unsubscribe", LOCAL_DEFAULT_SECRET),
      Clock.fixed(NOW, ZoneOffset.UTC));

  static APIGatewayProxyRequestEvent sample(String name) {
    return EventLoader.loadApiGatewayRestEvent(Path.of("../../events/unsubscribe", name).toAbsolutePath().toString());
  }

  @Test
  void oneClickPostUnsubscribesWith200() {
    APIGatewayProxyResponseEvent r = handler.handleRequest(sample("one-click-post.json"), null);
    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(profiles.lookup("user-123").unsubscribedAt()).isEqualTo(NOW.toEpochMilli());
  }

  @Test
  void getShowsAConfirmationPage() {
    APIGatewayProxyResponseEvent r = handler.handleRequest(sample("get.json"), null);
    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(r.getHeaders().get("Content-Type")).startsWith("text/html");
    assertThat(r.getBody()).contains("unsubscribed", "user-123");
    assertThat(profiles.lookup("user-123").unsubscribedAt()).isNotNull();
  }

  @Test
  void tamperedOrMissingSignaturesAre400AndChangeNothing() {
    assertThat(handler.handleRequest(sample("tampered.json"), null).getStatusCode()).isEqualTo(400);
    APIGatewayProxyRequestEvent noSig = sample("get.json").withQueryStringParameters(Map.of("u", "user-123"));
    assertThat(handler.handleRequest(noSig, null).getStatusCode()).isEqualTo(400);
    APIGatewayProxyRequestEvent nothing = sample("get.json").withQueryStringParameters(null);
    assertThat(handler.handleRequest(nothing, null).getStatusCode()).isEqualTo(400);
    assertThat(profiles.lookup("user-123").unsubscribedAt()).isNull();
  }
}
