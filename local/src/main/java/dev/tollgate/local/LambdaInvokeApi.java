package dev.tollgate.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.Context;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Invoke API as {@code sam local start-lambda} serves it
 * ({@code POST /2015-03-31/functions/{FunctionName}/invocations}), so
 * {@code aws lambda invoke --endpoint-url http://localhost:3000} works: the body is the
 * event, the answer the handler's output; a handler error is a 200 with
 * {@code X-Amz-Function-Error: Unhandled} and {@code errorMessage}/{@code errorType}.
 */
final class LambdaInvokeApi {
  /** Where the Lambda API's paths start. */
  static final String API_PREFIX = "/2015-03-31/";
  /** The Invoke API's path. */
  static final Pattern PATH = Pattern.compile("^/2015-03-31/functions/([^/]+)/invocations/?$");

  private final Map<String, LambdaFunction<?, ?>> functions;
  private final Duration timeout;
  private final Clock clock;

  LambdaInvokeApi(Map<String, LambdaFunction<?, ?>> functions, Duration timeout, Clock clock) {
    this.functions = functions;
    this.timeout = timeout;
    this.clock = clock;
  }

  /**
   * Whether {@code path} belongs to the Lambda API (everything under {@code /2015-03-31/}):
   * what it does not serve is answered as Lambda answers, never by the gateway.
   */
  static boolean matches(String path) {
    return path.startsWith(API_PREFIX);
  }

  void handle(HttpExchange ex) throws IOException {
    Matcher m = PATH.matcher(ex.getRequestURI().getPath());
    if (!m.matches()) {
      error(ex, 404, "ResourceNotFoundException", "No Lambda API at " + ex.getRequestMethod() + " "
          + ex.getRequestURI().getPath() + " (this local endpoint serves POST /2015-03-31/functions/{name}/invocations)");
      return;
    }
    if (!"POST".equals(ex.getRequestMethod())) {
      HttpExchanges.json(ex, 405, "{\"Type\":\"User\",\"message\":\"Use POST on /2015-03-31/functions/{name}/invocations\"}");
      return;
    }
    String name = functionName(m.group(1));
    LambdaFunction<?, ?> fn = functions.get(name);
    if (fn == null) {
      error(ex, 404, "ResourceNotFoundException", "Function not found: arn:aws:lambda:local:000000000000:function:"
          + name + " (local functions: " + functions.keySet() + ")");
      return;
    }
    byte[] event;
    ClientContext clientContext;
    try {
      event = InvokeRequests.payload(HttpExchanges.body(ex));
      clientContext = InvokeRequests.clientContext(ex.getRequestHeaders().getFirst("X-Amz-Client-Context"));
    } catch (InvokeRequests.InvalidContent e) {
      error(ex, 400, "InvalidRequestContentException", e.getMessage());
      return;
    }
    String invocationType = ex.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
    if ("DryRun".equals(invocationType)) {
      HttpExchanges.send(ex, 204, null, null);
      return;
    }
    ex.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
    StringBuilder log = new StringBuilder();
    LocalContext context = new LocalContext(fn.name(), timeout, clock, line -> {
      System.err.println("[" + fn.name() + "] " + line.stripTrailing());
      synchronized (log) {
        log.append(line.endsWith("\n") ? line : line + "\n");
      }
    }, clientContext);
    if ("Event".equals(invocationType)) {
      HttpExchanges.send(ex, 202, null, null);
      Result ignored = invoke(fn, event, context);
      return;
    }
    long started = System.nanoTime();
    Result r = invoke(fn, event, context);
    if (r.error() != null) {
      ex.getResponseHeaders().set("X-Amz-Function-Error", "Unhandled");
    }
    if ("Tail".equals(ex.getRequestHeaders().getFirst("X-Amz-Log-Type"))) {
      String id = context.getAwsRequestId();
      String all = "START RequestId: " + id + " Version: $LATEST\n" + log + (r.error() == null ? ""
          : new String(r.body(), StandardCharsets.UTF_8) + "\n") + "END RequestId: " + id + "\nREPORT RequestId: " + id
          + "\tDuration: " + String.format(java.util.Locale.ROOT, "%.2f", (System.nanoTime() - started) / 1e6)
          + " ms\n";
      ex.getResponseHeaders().set("X-Amz-Log-Result", InvokeRequests.logTail(all));
    }
    HttpExchanges.send(ex, 200, "application/json", r.body());
  }

  /** Lambda's error answer: the type in {@code x-amzn-ErrorType}, {@code {"Type": "User", "message"}}. */
  private static void error(HttpExchange ex, int status, String type, String message) throws IOException {
    ex.getResponseHeaders().set("x-amzn-ErrorType", type);
    HttpExchanges.json(ex, status, "{\"Type\":\"User\",\"message\":" + Json.quote(message) + "}");
  }

  /** Runs {@code fn} on {@code event}: its serialized output, or Lambda's error document. */
  Result invoke(LambdaFunction<?, ?> fn, byte[] event) {
    return invoke(fn, event, new LocalContext(fn.name(), timeout, clock));
  }

  /** Runs {@code fn} on {@code event} with {@code context}. */
  Result invoke(LambdaFunction<?, ?> fn, byte[] event, Context context) {
    try {
      return new Result(fn.invoke(event, context), null);
    } catch (RuntimeException | Error e) {
      return new Result(errorDocument(e).getBytes(StandardCharsets.UTF_8), e);
    }
  }

  /** The function registered as {@code name}. */
  LambdaFunction<?, ?> function(String name) {
    return functions.get(name);
  }

  /** The names of the functions served, in the order they were wired. */
  Set<String> names() {
    return Collections.unmodifiableSet(functions.keySet());
  }

  /** Lambda's unhandled-error document for {@code e}. */
  static String errorDocument(Throwable e) {
    JsonObject doc = new JsonObject();
    doc.addProperty("errorMessage", e.getMessage() == null ? e.getClass().getName() : e.getMessage());
    doc.addProperty("errorType", e.getClass().getName());
    JsonArray trace = new JsonArray();
    for (StackTraceElement el : e.getStackTrace()) {
      trace.add(el.toString());
    }
    doc.add("stackTrace", trace);
    return Json.GSON.toJson(doc);
  }

  /** A full ARN or partial name is accepted as Lambda does; the last ':' part that is a name wins. */
  private static String functionName(String raw) {
    String s = java.net.URLDecoder.decode(raw, StandardCharsets.UTF_8);
    if (s.startsWith("arn:")) {
      String[] parts = s.split(":");
      return parts.length >= 7 ? parts[6] : s;
    }
    return s;
  }

  /** A serialized answer, and the error when the handler failed. */
  record Result(byte[] body, Throwable error) {}
}
