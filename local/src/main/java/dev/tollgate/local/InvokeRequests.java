package dev.tollgate.local;

import com.amazonaws.services.lambda.runtime.Client;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the Invoke API checks in a request before a function runs, as Lambda does: the
 * payload must be JSON (strictly: Lambda's parser takes no bare words), and
 * {@code X-Amz-Client-Context} must be base64 of a JSON object; and how the log tail of
 * {@code LogType: Tail} is cut (Lambda returns at most the last 4 KB).
 */
final class InvokeRequests {
  /** Bytes of log Lambda returns in {@code X-Amz-Log-Result}. */
  static final int LOG_TAIL_BYTES = 4096;

  private InvokeRequests() {}

  /** A request Lambda refuses with 400 {@code InvalidRequestContentException}. */
  static final class InvalidContent extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidContent(String message) {
      super(message);
    }
  }

  /** {@code body} checked to be one JSON value; an empty body is Lambda's {@code {}}. */
  static byte[] payload(byte[] body) throws InvalidContent {
    if (body.length == 0) {
      return "{}".getBytes(StandardCharsets.UTF_8);
    }
    try (JsonReader r = new JsonReader(new StringReader(new String(body, StandardCharsets.UTF_8)))) {
      r.setStrictness(Strictness.STRICT);
      JsonParser.parseReader(r);
      if (r.peek() != JsonToken.END_DOCUMENT) {
        throw new InvalidContent("Could not parse request body into json: Unexpected content after the JSON value");
      }
      return body;
    } catch (JsonParseException | IOException | IllegalStateException e) {
      throw new InvalidContent("Could not parse request body into json: Could not parse payload into json: "
          + reason(e));
    }
  }

  /** The client context of {@code X-Amz-Client-Context}, or null without the header. */
  static ClientContext clientContext(String header) throws InvalidContent {
    if (header == null || header.isEmpty()) {
      return null;
    }
    JsonObject doc;
    try {
      JsonElement e = JsonParser.parseString(new String(Base64.getDecoder().decode(header), StandardCharsets.UTF_8));
      doc = e.getAsJsonObject();
    } catch (RuntimeException e) {
      throw new InvalidContent("Client context must be a valid Base64-encoded JSON object.");
    }
    Map<String, String> custom = strings(doc.get("custom"));
    Map<String, String> env = strings(doc.get("env"));
    return new ClientContext() {
      @Override
      public Client getClient() {
        return null;
      }

      @Override
      public Map<String, String> getCustom() {
        return custom;
      }

      @Override
      public Map<String, String> getEnvironment() {
        return env;
      }
    };
  }

  /** The last {@link #LOG_TAIL_BYTES} of {@code log}, base64, as {@code X-Amz-Log-Result} carries it. */
  static String logTail(String log) {
    byte[] all = log.getBytes(StandardCharsets.UTF_8);
    byte[] tail = all.length <= LOG_TAIL_BYTES ? all : Arrays.copyOfRange(all, all.length - LOG_TAIL_BYTES, all.length);
    return Base64.getEncoder().encodeToString(tail);
  }

  /** gson's reason without its class name and troubleshooting hints. */
  private static String reason(Exception e) {
    Throwable t = e.getCause() != null && e instanceof JsonParseException ? e.getCause() : e;
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    m = m.lines().findFirst().orElse(m).replaceFirst("^[\\w.]+Exception: ", "");
    int at = m.indexOf(" at line ");
    String where = at < 0 ? "" : m.substring(at).replaceAll(" path .*$", "");
    return m.startsWith("Use JsonReader.setStrictness") ? "malformed JSON" + where : m;
  }

  private static Map<String, String> strings(JsonElement e) {
    Map<String, String> out = new LinkedHashMap<>();
    if (e != null && e.isJsonObject()) {
      e.getAsJsonObject().entrySet().forEach(f -> out.put(f.getKey(), f.getValue().isJsonPrimitive()
          ? f.getValue().getAsString() : f.getValue().toString()));
    }
    return out;
  }
}
