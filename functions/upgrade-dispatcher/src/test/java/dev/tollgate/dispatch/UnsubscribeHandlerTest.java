package dev.tollgate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.tollgate.email.InMemoryEmailProfiles;
import dev.tollgate.email.UnsubscribeLinks;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The unsubscribe samples in events/unsubscribe, signed with the local stack's default
 * {@code UNSUBSCRIBE_SECRET} (so they replay against {@code ./tollgate local} as they are): only
 * the RFC 8058 one-click POST unsubscribes; a GET (what mail scanners and link previews do)
 * shows a page whose button makes that POST.
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

  Long unsubscribedAt() {
    return profiles.lookup("user-123").unsubscribedAt();
  }

  @Test
  void oneClickPostUnsubscribesWith200() {
    APIGatewayProxyResponseEvent r = handler.handleRequest(sample("one-click-post.json"), null);
    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(unsubscribedAt()).isEqualTo(NOW.toEpochMilli());
  }

  @Test
  void aMultipartOneClickPostAsMailClientsSendItUnsubscribes() {
    APIGatewayProxyResponseEvent r = handler.handleRequest(sample("one-click-post-multipart.json"), null);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    assertThat(unsubscribedAt()).isEqualTo(NOW.toEpochMilli());
  }

  @Test
  void aGetShowsAPageWithAButtonThatPostsAndUnsubscribesNobody() {
    APIGatewayProxyResponseEvent r = handler.handleRequest(sample("get.json"), null);
    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(r.getHeaders().get("Content-Type")).startsWith("text/html");
    assertThat(r.getBody()).contains("<form method=\"post\"", "<button", "user-123",
        "name=\"List-Unsubscribe\" value=\"One-Click\"");
    assertThat(unsubscribedAt()).as("a link preview or mail scanner fetching the link").isNull();
  }

  @Test
  void theButtonOnTheGetPagePostsTheOneClickBodyToTheSameSignedLink() {
    String page = handler.handleRequest(sample("get.json"), null).getBody();
    Matcher action = Pattern.compile("action=\"([^\"]*)\"").matcher(page);
    assertThat(action.find()).isTrue();
    String query = URI.create(action.group(1).replace("&amp;", "&")).getRawQuery();
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      String[] kv = pair.split("=", 2);
      params.put(kv[0], java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    assertThat(params).isEqualTo(sample("get.json").getQueryStringParameters());
    APIGatewayProxyRequestEvent submit = sample("get.json").withHttpMethod("POST").withQueryStringParameters(params)
        .withHeaders(Map.of("Content-Type", "application/x-www-form-urlencoded")).withBody("List-Unsubscribe=One-Click");
    assertThat(handler.handleRequest(submit, null).getStatusCode()).isEqualTo(200);
    assertThat(unsubscribedAt()).isEqualTo(NOW.toEpochMilli());
  }

  @Test
  void aPostWithoutTheOneClickBodyIs400AndUnsubscribesNobody() {
    APIGatewayProxyRequestEvent empty = sample("one-click-post.json").withBody(null);
    APIGatewayProxyRequestEvent other = sample("one-click-post.json").withBody("List-Unsubscribe=Yes");
    for (APIGatewayProxyRequestEvent e : new APIGatewayProxyRequestEvent[] {empty, other}) {
      APIGatewayProxyResponseEvent r = handler.handleRequest(e, null);
      assertThat(r.getStatusCode()).isEqualTo(400);
      assertThat(r.getBody()).contains("List-Unsubscribe=One-Click");
    }
    assertThat(unsubscribedAt()).isNull();
  }

  @Test
  void aBase64EncodedOneClickBodyCounts() {
    APIGatewayProxyRequestEvent b64 = sample("one-click-post.json").withIsBase64Encoded(true)
        .withBody(Base64.getEncoder().encodeToString("List-Unsubscribe=One-Click".getBytes(StandardCharsets.UTF_8)));
    assertThat(handler.handleRequest(b64, null).getStatusCode()).isEqualTo(200);
    assertThat(unsubscribedAt()).isNotNull();
  }

  @Test
  void tamperedOrMissingSignaturesAre400AndChangeNothing() {
    assertThat(handler.handleRequest(sample("tampered.json"), null).getStatusCode()).isEqualTo(400);
    APIGatewayProxyRequestEvent tamperedPost = sample("one-click-post.json")
        .withQueryStringParameters(sample("tampered.json").getQueryStringParameters());
    assertThat(handler.handleRequest(tamperedPost, null).getStatusCode()).isEqualTo(400);
    APIGatewayProxyRequestEvent noSig = sample("get.json").withQueryStringParameters(Map.of("u", "user-123"));
    assertThat(handler.handleRequest(noSig, null).getStatusCode()).isEqualTo(400);
    APIGatewayProxyRequestEvent nothing = sample("get.json").withQueryStringParameters(null);
    assertThat(handler.handleRequest(nothing, null).getStatusCode()).isEqualTo(400);
    assertThat(unsubscribedAt()).isNull();
  }

  @Test
  void otherMethodsAre405WithAllow() {
    APIGatewayProxyResponseEvent r = handler.handleRequest(sample("get.json").withHttpMethod("DELETE"), null);
    assertThat(r.getStatusCode()).isEqualTo(405);
    assertThat(r.getHeaders()).containsEntry("Allow", "GET, POST");
    assertThat(unsubscribedAt()).isNull();
  }
}
