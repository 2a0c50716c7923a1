package dev.tollgate.dispatch;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tollgate.events.EventSink;
import dev.tollgate.events.EventSinkException;
import dev.tollgate.events.PutEventsEntry;
import dev.tollgate.events.TollgateEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Amazon EventBridge's {@code PutEvents} over HTTPS (AWS JSON 1.1, {@code X-Amz-Target:
 * AWSEvents.PutEvents}) against the regional endpoint, signed with {@link SigV4}: no AWS SDK in
 * the jar. Per-entry outcomes come from the answer's {@code Entries} (an {@code ErrorCode} where
 * {@code FailedEntryCount} counted a failure); an HTTP error or an unreadable answer fails the
 * whole call.
 */
public final class EventBridgeSink implements EventSink {
  /** The bus the function puts events on (name or ARN); the template sets it. */
  public static final String BUS_ENV = "TOLLGATE_EVENT_BUS";
  private static final MediaType JSON_1_1 = MediaType.get("application/x-amz-json-1.1");

  private final HttpUrl endpoint;
  private final String region;
  private final String bus;
  private final SigV4.Credentials credentials;
  private final OkHttpClient http;
  private final Clock clock;

  /** PutEvents at {@code endpoint} in {@code region} on {@code bus}, signed with {@code credentials}. */
  public EventBridgeSink(String endpoint, String region, String bus, SigV4.Credentials credentials, Duration timeout,
      Clock clock) {
    this.endpoint = HttpUrl.get(endpoint);
    this.region = region;
    this.bus = bus;
    this.credentials = credentials;
    this.http = new OkHttpClient.Builder().callTimeout(timeout).build();
    this.clock = clock;
  }

  /**
   * The sink of a Lambda container: the region's endpoint ({@code AWS_REGION}), the function
   * role's credentials ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY},
   * {@code AWS_SESSION_TOKEN}) and the bus {@code TOLLGATE_EVENT_BUS}.
   */
  public static EventBridgeSink fromEnvironment(Map<String, String> env) {
    String region = require(env, "AWS_REGION");
    String bus = env.getOrDefault(BUS_ENV, "default");
    SigV4.Credentials c = new SigV4.Credentials(require(env, "AWS_ACCESS_KEY_ID"), require(env,
        "AWS_SECRET_ACCESS_KEY"), env.get("AWS_SESSION_TOKEN"));
    return new EventBridgeSink(endpointOf(region), region, bus.isBlank() ? "default" : bus, c, Duration.ofSeconds(10),
        Clock.systemUTC());
  }

  /** The regional endpoint ({@code .amazonaws.com.cn} in the China regions). */
  static String endpointOf(String region) {
    return "https://events." + region + (region.startsWith("cn-") ? ".amazonaws.com.cn/" : ".amazonaws.com/");
  }

  private static String require(Map<String, String> env, String name) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException(name + " is not set: the events sink needs the Lambda environment's region and "
          + "credentials");
    }
    return v;
  }

  @Override
  public List<Result> put(List<TollgateEvent> batch) {
    if (batch.isEmpty() || batch.size() > MAX_BATCH) {
      throw new IllegalArgumentException("PutEvents takes 1.." + MAX_BATCH + " entries, got " + batch.size());
    }
    JsonArray entries = new JsonArray();
    batch.forEach(e -> entries.add(PutEventsEntry.of(e, bus)));
    JsonObject request = new JsonObject();
    request.add("Entries", entries);
    byte[] body = request.toString().getBytes(StandardCharsets.UTF_8);
    Instant now = clock.instant();
    Map<String, String> signed = new LinkedHashMap<>();
    signed.put("Host", endpoint.port() == HttpUrl.defaultPort(endpoint.scheme()) ? endpoint.host()
        : endpoint.host() + ":" + endpoint.port());
    signed.put("Content-Type", JSON_1_1.toString());
    signed.put("X-Amz-Date", SigV4.AMZ_DATE.format(now));
    signed.put("X-Amz-Target", "AWSEvents.PutEvents");
    if (credentials.sessionToken() != null && !credentials.sessionToken().isBlank()) {
      signed.put("X-Amz-Security-Token", credentials.sessionToken());
    }
    String auth = SigV4.authorization("POST", endpoint.encodedPath(), Map.of(), signed, body, credentials, region,
        "events", now);
    Request.Builder req = new Request.Builder().url(endpoint).post(RequestBody.create(body, JSON_1_1))
        .header("Authorization", auth);
    signed.forEach(req::header);
    try (Response r = http.newCall(req.build()).execute()) {
      String text = r.body().string();
      if (!r.isSuccessful()) {
        throw new EventSinkException("PutEvents answered HTTP " + r.code() + ": " + abbreviate(text), null);
      }
      return results(text, batch.size());
    } catch (IOException e) {
      throw new EventSinkException("PutEvents failed: " + e.getMessage(), e);
    }
  }

  /** The per-entry outcomes of a PutEvents answer for {@code n} entries. */
  static List<Result> results(String answer, int n) {
    JsonArray entries;
    try {
      entries = JsonParser.parseString(answer).getAsJsonObject().getAsJsonArray("Entries");
    } catch (RuntimeException e) {
      throw new EventSinkException("PutEvents answered something unreadable: " + abbreviate(answer), e);
    }
    if (entries == null || entries.size() != n) {
      throw new EventSinkException("PutEvents answered " + (entries == null ? "no" : entries.size()) + " entries for "
          + n, null);
    }
    List<Result> out = new ArrayList<>(n);
    for (JsonElement el : entries) {
      JsonObject o = el.getAsJsonObject();
      if (o.has("ErrorCode") && !o.get("ErrorCode").isJsonNull()) {
        out.add(new Result(false, o.get("ErrorCode").getAsString(), o.has("ErrorMessage")
            && !o.get("ErrorMessage").isJsonNull() ? o.get("ErrorMessage").getAsString() : ""));
      } else {
        out.add(Result.OK);
      }
    }
    return out;
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }
}
