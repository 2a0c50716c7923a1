package dev.tollgate.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for the AWS Parameters and Secrets Lambda Extension: {@code GET
 * /secretsmanager/get?secretId=ID} with the {@code X-Aws-Parameters-Secrets-Token} header
 * answers GetSecretValue's JSON (ARN, Name, VersionId, SecretString, VersionStages,
 * CreatedDate); a missing or wrong token is 401, an unknown secret 400 with the service's
 * error, as the extension passes them on. Counts the requests it served.
 */
public final class FakeSecretsExtension implements AutoCloseable {
  private final HttpServer server;
  private final String token;
  private final Map<String, String> secrets = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile int failWith;

  private FakeSecretsExtension(String token) throws IOException {
    this.token = token;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a fake accepting {@code token}. */
  public static FakeSecretsExtension start(String token) {
    try {
      return new FakeSecretsExtension(token);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets (or replaces: a rotation) the SecretString of {@code id}. */
  public FakeSecretsExtension put(String id, String secretString) {
    secrets.put(id, secretString);
    return this;
  }

  /** From now on every request fails with {@code status} (0 = answer normally again). */
  public void failWith(int status) {
    this.failWith = status;
  }

  /** Base URI, e.g. {@code http://127.0.0.1:54321}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The port, as {@code PARAMETERS_SECRETS_EXTENSION_HTTP_PORT} gives it. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Requests answered so far (any status). */
  public int requests() {
    return requests.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    try (ex) {
      if (failWith != 0) {
        send(ex, failWith, "{\"message\":\"injected failure\"}");
        return;
      }
      if (!token.equals(ex.getRequestHeaders().getFirst("X-Aws-Parameters-Secrets-Token"))) {
        send(ex, 401, "{\"message\":\"missing or invalid X-Aws-Parameters-Secrets-Token\"}");
        return;
      }
      if (!"GET".equals(ex.getRequestMethod()) || !"/secretsmanager/get".equals(ex.getRequestURI().getPath())) {
        send(ex, 404, "{\"message\":\"not found\"}");
        return;
      }
      String id = query(ex.getRequestURI().getRawQuery(), "secretId");
      String value = id == null ? null : secrets.get(id);
      if (value == null) {
        send(ex, 400, "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find the specified "
            + "secret.\"}");
        return;
      }
      JsonObject o = new JsonObject();
      o.addProperty("ARN", id.startsWith("arn:") ? id : "arn:aws:secretsmanager:us-east-1:000000000000:secret:" + id + "-AbCdEf");
      o.addProperty("Name", id);
      o.addProperty("VersionId", "v" + Integer.toHexString(value.hashCode()));
      o.addProperty("SecretString", value);
      JsonArray stages = new JsonArray();
      stages.add("AWSCURRENT");
      o.add("VersionStages", stages);
      o.addProperty("CreatedDate", "2025-01-01T00:00:00.000Z");
      send(ex, 200, o.toString());
    }
  }

  private static String query(String raw, String name) {
    if (raw == null) {
      return null;
    }
    for (String kv : raw.split("&")) {
      int eq = kv.indexOf('=');
      if (eq > 0 && kv.substring(0, eq).equals(name)) {
        return URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
