package dev.tollgate.admin;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.stripe.exception.StripeException;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.redis.RedisConnector;
import dev.tollgate.usage.UsageStoreUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code AdminFunction}: the operator commands inside the VPC, invoked with IAM only (no API
 * route). The event is an {@link AdminRequest}; the answer is
 * {@code {"ok": true, "action": ..., "result": {...}}}, or {@code {"ok": false, "error":
 * "bad_request", "message": ...}} for a request the caller got wrong. A failure of the stack
 * (Redis, Stripe) is thrown, so Lambda reports it as a function error. Every request logs one
 * audit line ({@link AdminAudit}).
 */
public final class AdminHandler implements RequestStreamHandler {
  private final Supplier<AdminOperations> operations;
  private final Consumer<String> auditLog;
  private AdminOperations ops;

  /** The Lambda entry point: config and Redis from the environment, connected on the first request. */
  public AdminHandler() {
    this(fromEnvironment(System.getenv()), null);
  }

  /**
   * A handler running {@code operations} (built on first use); audit lines go to
   * {@code auditLog}, or to the invocation's Lambda logger when null.
   */
  public AdminHandler(Supplier<AdminOperations> operations, Consumer<String> auditLog) {
    this.operations = operations;
    this.auditLog = auditLog;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    Consumer<String> audit = auditLog != null ? auditLog : line -> context.getLogger().log(line + "\n");
    AdminRequest request = null;
    JsonObject answer = new JsonObject();
    try {
      request = AdminRequest.parse(read(input));
      JsonObject result = operations().run(request);
      JsonObject detail = new JsonObject();
      if (result.has("keyHash")) {
        detail.add("resultKeyHash", result.get("keyHash"));
      }
      audit.accept(AdminAudit.line(context, request, "ok", detail));
      answer.addProperty("ok", true);
      answer.addProperty("action", request.action().wire());
      answer.add("result", result);
    } catch (AdminException e) {
      JsonObject why = new JsonObject();
      why.addProperty("message", e.getMessage());
      audit.accept(AdminAudit.line(context, request, "refused", why));
      answer.addProperty("ok", false);
      answer.addProperty("error", "bad_request");
      answer.addProperty("message", e.getMessage());
    } catch (RuntimeException | StripeException | UsageStoreUnavailableException e) {
      JsonObject why = new JsonObject();
      why.addProperty("error", e.getClass().getName());
      audit.accept(AdminAudit.line(context, request, "failed", why));
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    }
    output.write(answer.toString().getBytes(StandardCharsets.UTF_8));
  }

  private synchronized AdminOperations operations() {
    if (ops == null) {
      ops = operations.get();
    }
    return ops;
  }

  private static JsonElement read(InputStream input) {
    try {
      return JsonParser.parseReader(new InputStreamReader(input, StandardCharsets.UTF_8));
    } catch (JsonParseException e) {
      throw new AdminException("the event is not JSON: " + e.getMessage());
    }
  }

  private static Supplier<AdminOperations> fromEnvironment(Map<String, String> env) {
    GatingConfig config = ConfigLoader.fromEnvironment(env);
    Clock clock = Clock.systemUTC();
    return () -> AdminWiring.of(config, RedisConnector.fromEnvironment(env, config.redis()), env, null, clock);
  }
}
