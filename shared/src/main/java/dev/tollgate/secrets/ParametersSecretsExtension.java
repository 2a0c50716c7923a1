package dev.tollgate.secrets;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The AWS Parameters and Secrets Lambda Extension's local HTTP endpoint
 * ({@code GET http://localhost:2773/secretsmanager/get?secretId=...} with the
 * {@code X-Aws-Parameters-Secrets-Token} header), answering GetSecretValue's JSON; no AWS SDK.
 * The extension only answers during invocations (not in Lambda's INIT phase).
 */
public final class ParametersSecretsExtension implements SecretStore {
  /** The extension's port variable (its own default is 2773). */
  public static final String PORT_ENV = "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT";
  /** The header the extension checks against the function's session token. */
  public static final String TOKEN_HEADER = "X-Aws-Parameters-Secrets-Token";
  static final int DEFAULT_PORT = 2773;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
  /** A cache miss makes the extension call Secrets Manager: allow for that round trip. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(3);
  private static final int MAX_REASON_CHARS = 200;

  private final URI base;
  private final String token;

  /** The extension at {@code base} (e.g. {@code http://localhost:2773}), authenticated with {@code token}. */
  public ParametersSecretsExtension(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /**
   * The extension on {@value #PORT_ENV} (default 2773) with the session token Lambda gives the
   * function: {@code AWS_SESSION_TOKEN}, or under SnapStart (which sets no session token) the
   * container credentials token {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}.
   */
  public static ParametersSecretsExtension fromEnvironment(Map<String, String> env) {
    String port = env.get(PORT_ENV);
    int p;
    try {
      p = port == null || port.isBlank() ? DEFAULT_PORT : Integer.parseInt(port.trim());
    } catch (NumberFormatException e) {
      throw new IllegalStateException(PORT_ENV + " must be a port number, got '" + port + "'");
    }
    String token = env.get("AWS_SESSION_TOKEN");
    if (token == null || token.isEmpty()) {
      token = env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN");
    }
    return new ParametersSecretsExtension(URI.create("http://localhost:" + p), token);
  }

  @Override
  public String read(String secretId) {
    if (token == null || token.isEmpty()) {
      throw new SecretUnavailableException("cannot read secret " + secretId + ": neither AWS_SESSION_TOKEN nor "
          + "AWS_CONTAINER_AUTHORIZATION_TOKEN is set (the extension needs one; is this running on Lambda?)");
    }
    URI uri = base.resolve("/secretsmanager/get?secretId=" + URLEncoder.encode(secretId, StandardCharsets.UTF_8));
    HttpURLConnection c = null;
    try {
      c = (HttpURLConnection) uri.toURL().openConnection();
      c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
      c.setReadTimeout((int) READ_TIMEOUT.toMillis());
      c.setRequestProperty(TOKEN_HEADER, token);
      int status = c.getResponseCode();
      if (status != 200) {
        throw new SecretUnavailableException("secret " + secretId + ": the Parameters and Secrets extension answered "
            + status + " (" + reason(c.getErrorStream()) + ")");
      }
      try (InputStream in = c.getInputStream()) {
        return secretString(secretId, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new SecretUnavailableException("secret " + secretId + ": the Parameters and Secrets extension on " + base
          + " did not answer (" + e.getClass().getSimpleName() + "; is the extension layer on the function?)", e);
    } finally {
      if (c != null) {
        c.disconnect();
      }
    }
  }

  /**
   * Loads what a first read needs (the JDK's HTTP client, the JSON parser) without calling the
   * extension, which does not answer before the first invocation: SnapStart priming calls this
   * so a restored container does not load those classes on a user's request.
   */
  public static void warmUp() {
    try {
      // opening does not connect
      URI.create("http://localhost:" + DEFAULT_PORT + "/secretsmanager/get").toURL().openConnection();
    } catch (IOException e) {
      // only a head start: the first real read loads whatever is missing
    }
    CachedSecretBundle.parse("warm-up", secretString("warm-up", "{\"SecretString\":\"{\\\"K\\\":\\\"v\\\"}\"}"));
  }

  /** GetSecretValue's {@code SecretString}, or a clear error (the body is never quoted: it holds the secret). */
  static String secretString(String secretId, String body) {
    try {
      JsonElement v = JsonParser.parseString(body).getAsJsonObject().get("SecretString");
      if (v == null || v.isJsonNull() || !v.isJsonPrimitive()) {
        throw new SecretUnavailableException("secret " + secretId + " has no SecretString (a binary secret?)");
      }
      return v.getAsString();
    } catch (JsonParseException | IllegalStateException e) {
      throw new SecretUnavailableException("secret " + secretId + ": the extension's answer is not GetSecretValue JSON");
    }
  }

  private static String reason(InputStream err) throws IOException {
    if (err == null) {
      return "no body";
    }
    try (err) {
      String s = new String(err.readNBytes(MAX_REASON_CHARS), StandardCharsets.UTF_8).strip();
      return s.isEmpty() ? "no body" : s;
    }
  }

  /** For tests and logs: the endpoint. */
  @Override
  public String toString() {
    return "ParametersSecretsExtension[" + base + "]";
  }
}
