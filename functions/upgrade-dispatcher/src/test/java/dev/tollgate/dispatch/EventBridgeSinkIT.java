package dev.tollgate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tollgate.email.MutableClock;
import dev.tollgate.events.EventPublisher;
import dev.tollgate.events.EventSinkException;
import dev.tollgate.events.QueuedEvent;
import dev.tollgate.events.TollgateEvent;
import dev.tollgate.redis.RedisEventOutbox;
import dev.tollgate.testing.TestRedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * PutEvents against a local fake of EventBridge's wire protocol (AWS JSON 1.1) that checks
 * each request's SigV4 signature with the secret key, as AWS does: the request shape, batches of
 * at most ten, per-entry failures ({@code FailedEntryCount}) retried and then dead-lettered,
 * and a refused call failing the whole batch, over the real Redis outbox.
 */
class EventBridgeSinkIT {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final SigV4.Credentials KEYS = new SigV4.Credentials("AKIDTEST", "test-secret", "session-token");
  MockWebServer aws;
  MutableClock clock = new MutableClock(T0);
  UnifiedJedis redis;
  RedisEventOutbox outbox;

  @BeforeEach
  void start() throws Exception {
    aws = new MockWebServer();
    aws.start();
    redis = TestRedis.client();
    outbox = new RedisEventOutbox(redis, TestRedis.uniqueUser("ev"));
  }

  @AfterEach
  void stop() throws Exception {
    aws.close();
    redis.close();
  }

  private EventBridgeSink sink() {
    return new EventBridgeSink(aws.url("/").toString(), "eu-west-1", "tollgate-bus", KEYS, Duration.ofSeconds(5),
        clock);
  }

  private static TollgateEvent event(int i) {
    return new TollgateEvent("limit.reached|acct-" + i, TollgateEvent.LIMIT_REACHED, T0.minusSeconds(60 - i),
        "{\"id\":\"limit.reached|acct-" + i + "\",\"n\":" + i + "}");
  }

  /** The fake's answer to one request: entries at {@code failing} indexes fail with {@code code}. */
  private static MockResponse answer(int entries, String code, int... failing) {
    JsonArray out = new JsonArray();
    int failed = 0;
    for (int i = 0; i < entries; i++) {
      JsonObject e = new JsonObject();
      final int index = i;
      if (java.util.Arrays.stream(failing).anyMatch(f -> f == index)) {
        e.addProperty("ErrorCode", code);
        e.addProperty("ErrorMessage", "entry " + i + " failed");
        failed++;
      } else {
        e.addProperty("EventId", "11710aed-b79e-4468-a20b-bb3c0c3b4860-" + i);
      }
      out.add(e);
    }
    JsonObject body = new JsonObject();
    body.addProperty("FailedEntryCount", failed);
    body.add("Entries", out);
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/x-amz-json-1.1")
        .body(body.toString()).build();
  }

  /** The entries of a request, after checking its signature as AWS would. */
  private JsonArray verified(RecordedRequest r) {
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getHeaders().get("X-Amz-Target")).isEqualTo("AWSEvents.PutEvents");
    assertThat(r.getHeaders().get("Content-Type")).isEqualTo("application/x-amz-json-1.1");
    assertThat(r.getHeaders().get("X-Amz-Security-Token")).isEqualTo("session-token");
    byte[] body = r.getBody().toByteArray();
    Map<String, String> signed = new LinkedHashMap<>();
    for (String h : List.of("Host", "Content-Type", "X-Amz-Date", "X-Amz-Target", "X-Amz-Security-Token")) {
      signed.put(h, r.getHeaders().get(h));
    }
    String expected = SigV4.authorization("POST", "/", Map.of(), signed, body, KEYS, "eu-west-1", "events",
        Instant.from(SigV4.AMZ_DATE.parse(r.getHeaders().get("X-Amz-Date"))));
    assertThat(r.getHeaders().get("Authorization")).isEqualTo(expected)
        .contains("Credential=AKIDTEST/20260301/eu-west-1/events/aws4_request");
    return JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject().getAsJsonArray("Entries");
  }

  @Test
  void putsSignedBatchesOfAtMostTenInPutEventsEntryShape() throws Exception {
    for (int i = 0; i < 12; i++) {
      outbox.add(event(i), T0);
    }
    aws.enqueue(answer(10, null));
    aws.enqueue(answer(2, null));
    EventPublisher.Summary s = publisher().publish(T0.plusSeconds(60));
    assertThat(s).isEqualTo(new EventPublisher.Summary(12, 0, 0, 2));
    JsonArray first = verified(aws.takeRequest());
    assertThat(first).hasSize(10);
    assertThat(verified(aws.takeRequest())).hasSize(2);
    JsonObject e = first.get(0).getAsJsonObject();
    assertThat(e.keySet()).containsExactlyInAnyOrder("Source", "DetailType", "Detail", "EventBusName", "Time",
        "Resources");
    assertThat(e.get("Source").getAsString()).isEqualTo("tollgate");
    assertThat(e.get("DetailType").getAsString()).isEqualTo("limit.reached");
    assertThat(e.get("EventBusName").getAsString()).isEqualTo("tollgate-bus");
    assertThat(e.get("Time").getAsDouble()).isEqualTo(T0.minusSeconds(60).getEpochSecond());
    assertThat(JsonParser.parseString(e.get("Detail").getAsString()).getAsJsonObject().get("n").getAsInt()).isZero();
    assertThat(outbox.waiting()).isZero();
    // a writer retrying after the events were sent adds nothing
    assertThat(outbox.add(event(3), T0.plusSeconds(120))).isFalse();
  }

  @Test
  void failedEntriesAreRetriedAloneThenDeadLettered() throws Exception {
    for (int i = 0; i < 3; i++) {
      outbox.add(event(i), T0);
    }
    aws.enqueue(answer(3, "ThrottlingException", 1, 2));
    EventPublisher p = publisher();
    assertThat(p.publish(T0.plusSeconds(60))).isEqualTo(new EventPublisher.Summary(1, 2, 0, 1));
    verified(aws.takeRequest());
    // not due yet: nothing is put before the backoff
    assertThat(p.publish(clock.instant().plusSeconds(60)).calls()).isZero();
    clock.advance(Duration.ofSeconds(31));
    aws.enqueue(answer(2, "InternalFailure", 1));
    assertThat(p.publish(clock.instant().plusSeconds(60))).isEqualTo(new EventPublisher.Summary(1, 1, 0, 1));
    JsonArray retried = verified(aws.takeRequest());
    assertThat(retried).hasSize(2);
    // the event that keeps failing reaches its third attempt and is dead-lettered, with its error
    clock.advance(Duration.ofMinutes(2));
    aws.enqueue(answer(1, "InternalFailure", 0));
    assertThat(p.publish(clock.instant().plusSeconds(60))).isEqualTo(new EventPublisher.Summary(0, 0, 1, 1));
    List<QueuedEvent> dead = outbox.deadLetters(10);
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).event().id()).isEqualTo("limit.reached|acct-2");
    assertThat(dead.get(0).attempts()).isEqualTo(3);
    assertThat(dead.get(0).lastError()).isEqualTo("InternalFailure: entry 0 failed");
    assertThat(outbox.waiting()).isZero();
  }

  @Test
  void aRefusedCallRetriesItsWholeBatchAndEndsTheRun() throws Exception {
    for (int i = 0; i < 12; i++) {
      outbox.add(event(i), T0);
    }
    aws.enqueue(new MockResponse.Builder().code(400).body("{\"__type\":\"AccessDeniedException\",\"message\":\"not "
        + "authorized to perform: events:PutEvents\"}").build());
    EventPublisher.Summary s = publisher().publish(T0.plusSeconds(60));
    assertThat(s).isEqualTo(new EventPublisher.Summary(0, 10, 0, 1));
    assertThat(aws.getRequestCount()).isEqualTo(1);
    assertThat(outbox.waiting()).isEqualTo(12);
    assertThatThrownBy(() -> EventBridgeSink.results("{\"Entries\":[]}", 1)).isInstanceOf(EventSinkException.class);
  }

  @Test
  void theRegionalEndpoint() {
    assertThat(EventBridgeSink.endpointOf("eu-west-1")).isEqualTo("https://events.eu-west-1.amazonaws.com/");
    assertThat(EventBridgeSink.endpointOf("cn-north-1")).isEqualTo("https://events.cn-north-1.amazonaws.com.cn/");
  }

  private EventPublisher publisher() {
    return new EventPublisher(outbox, sink(), UnaryOperator.identity(), new EventPublisher.Settings(3,
        Duration.ofSeconds(30), Duration.ofMinutes(2)), clock);
  }
}
