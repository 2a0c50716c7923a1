package dev.tollgate.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import dev.tollgate.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local Invoke API as Lambda clients see it: over raw HTTP, and through the {@code aws}
 * CLI ({@code aws lambda invoke --endpoint-url}) where it is installed. Unknown Lambda API
 * paths get Lambda's 404, a body that is not JSON its 400, {@code LogType: Tail} the log
 * tail, the client context reaches the function; the samples replay on the stack as they are.
 */
class InvokeApiFidelityIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  static Path dir;

  static LocalStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack = LocalStack.start(new LocalStack.Options(0, ConfigLoader.fromFile(StackProcess.REPO.resolve("gating.yaml")),
        null, dir.resolve("outbox"), Duration.ofHours(1), DevDefaults.apply(Map.of(), new HashMap<>()), null));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  static HttpResponse<String> send(String method, String path, String body, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.port() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void unknownLambdaApiPathsGetLambdasNotFoundNotTheAuthorizers401() throws Exception {
    for (String path : List.of("/2015-03-31/functions/AdminFunction", "/2015-03-31/functions/", "/2015-03-31/foo")) {
      HttpResponse<String> r = send("GET", path, null, Map.of());
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("ResourceNotFoundException");
      JsonObject body = Json.object(r.body());
      assertThat(body.get("Type").getAsString()).isEqualTo("User");
      assertThat(body.get("message").getAsString()).contains(path);
    }
  }

  @Test
  void aBodyThatIsNotJsonIs400InvalidRequestContent() throws Exception {
    for (String body : List.of("not json", "{\"a\":1", "{\"a\":1} trailing", "'single'")) {
      HttpResponse<String> r = send("POST", "/2015-03-31/functions/AuthorizerFunction/invocations", body, Map.of());
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidRequestContentException");
      assertThat(Json.object(r.body()).get("message").getAsString()).startsWith("Could not parse request body into json");
    }
  }

  @Test
  void logTypeTailReturnsTheInvocationsLogAndTheClientContextReachesTheFunction() throws Exception {
    String cc = Base64.getEncoder().encodeToString("{\"custom\":{\"operator\":\"ops@fidelity\"}}"
        .getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = send("POST", "/2015-03-31/functions/AdminFunction/invocations",
        "{\"action\":\"usage.show\",\"user\":\"tail-user\"}", Map.of("X-Amz-Log-Type", "Tail", "X-Amz-Client-Context", cc));
    assertThat(r.statusCode()).isEqualTo(200);
    String tail = new String(Base64.getDecoder().decode(r.headers().firstValue("X-Amz-Log-Result").orElseThrow()),
        StandardCharsets.UTF_8);
    assertThat(tail).startsWith("START RequestId: ").contains("\"operator\":\"ops@fidelity\"", "\"action\":\"usage.show\"",
        "END RequestId: ", "REPORT RequestId: ");
    assertThat(send("POST", "/2015-03-31/functions/AdminFunction/invocations", "{\"action\":\"report\"}", Map.of())
        .headers().firstValue("X-Amz-Log-Result")).as("only when asked for").isEmpty();
    HttpResponse<String> badContext = send("POST", "/2015-03-31/functions/AdminFunction/invocations", "{}",
        Map.of("X-Amz-Client-Context", "%%%"));
    assertThat(badContext.statusCode()).isEqualTo(400);
  }

  @Test
  void theLogTailIsTheLast4KbAsLambdaReturnsIt() {
    String log = "x".repeat(10_000) + "the end\n";
    byte[] tail = Base64.getDecoder().decode(InvokeRequests.logTail(log));
    assertThat(tail).hasSize(InvokeRequests.LOG_TAIL_BYTES);
    assertThat(new String(tail, StandardCharsets.UTF_8)).endsWith("the end\n");
  }

  @Test
  void theUnsubscribeSamplesReplayOnTheLocalStackAsTheyAre() throws Exception {
    HttpResponse<String> post = send("POST", "/2015-03-31/functions/UnsubscribeFunction/invocations",
        Files.readString(StackProcess.REPO.resolve("events/unsubscribe/one-click-post.json")), Map.of());
    assertThat(Json.object(post.body()).get("statusCode").getAsInt()).as(post.body()).isEqualTo(200);
    HttpResponse<String> tampered = send("POST", "/2015-03-31/functions/UnsubscribeFunction/invocations",
        Files.readString(StackProcess.REPO.resolve("events/unsubscribe/tampered.json")), Map.of());
    assertThat(Json.object(tampered.body()).get("statusCode").getAsInt()).isEqualTo(400);
  }

  @Test
  void underApiKeyIdentityTheApiKeySampleReplaysOnTheStacksOwnRedisOnly() throws Exception {
    String yaml = Files.readString(StackProcess.REPO.resolve("gating.yaml")).replace("\n  type: jwt\n", "\n  type: apiKey\n");
    var cfg = ConfigLoader.parse(yaml, "gating.yaml (apiKey)");
    String sample = Files.readString(StackProcess.REPO.resolve("events/authorizer/api-key.json"));
    try (LocalStack own = LocalStack.start(new LocalStack.Options(0, cfg, null, dir.resolve("outbox"), Duration.ofHours(1),
        DevDefaults.apply(Map.of(), new HashMap<>()), null))) {
      JsonObject policy = Json.object(invoke(own, "AuthorizerFunction", sample));
      assertThat(policy.get("principalId").getAsString()).isEqualTo(DevDefaults.SAMPLE_USER);
      assertThat(policy.toString()).contains("\"Effect\":\"Allow\"");
      Map<String, String> external = new HashMap<>(DevDefaults.apply(Map.of(), new HashMap<>()));
      external.put("REDIS_URL", stack.redisUrl());
      try (LocalStack onYourRedis = LocalStack.start(new LocalStack.Options(0, cfg, null, dir.resolve("outbox"),
          Duration.ofHours(1), external, null))) {
        assertThat(onYourRedis.sampleApiKey()).isNull();
        assertThat(invoke(onYourRedis, "AuthorizerFunction", sample)).as("never registered in a Redis given with "
            + "REDIS_URL").contains("Unauthorized");
      }
    }
  }

  static String invoke(LocalStack on, String function, String event) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + on.port() + "/2015-03-31/functions/"
        + function + "/invocations")).POST(HttpRequest.BodyPublishers.ofString(event)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void theAwsCliSeesLambdasAnswers() throws Exception {
    Path out = dir.resolve("aws-out.json");
    Aws ok = aws("lambda", "invoke", "--function-name", "AdminFunction", "--payload",
        "{\"action\":\"usage.show\",\"user\":\"cli-user\"}", "--log-type", "Tail", out.toString());
    assertThat(ok.code()).as(ok.err()).isZero();
    JsonObject meta = Json.object(ok.out());
    assertThat(meta.get("StatusCode").getAsInt()).isEqualTo(200);
    assertThat(new String(Base64.getDecoder().decode(meta.get("LogResult").getAsString()), StandardCharsets.UTF_8))
        .contains("\"action\":\"usage.show\"");
    assertThat(Json.object(Files.readString(out)).get("ok").getAsBoolean()).isTrue();

    Aws notJson = aws("lambda", "invoke", "--function-name", "AdminFunction", "--payload", "not json", out.toString());
    assertThat(notJson.code()).isNotZero();
    assertThat(notJson.err()).contains("InvalidRequestContentException", "Could not parse request body into json");

    Aws unknownPath = aws("lambda", "get-function", "--function-name", "AdminFunction");
    assertThat(unknownPath.code()).isNotZero();
    assertThat(unknownPath.err()).contains("ResourceNotFoundException");

    Aws unknownFunction = aws("lambda", "invoke", "--function-name", "Nope", out.toString());
    assertThat(unknownFunction.err()).contains("ResourceNotFoundException", "Function not found");
  }

  record Aws(int code, String out, String err) {}

  static boolean awsCliV2() throws IOException, InterruptedException {
    try {
      Process p = new ProcessBuilder("aws", "--version").redirectErrorStream(true).start();
      String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(30, TimeUnit.SECONDS);
      return v.startsWith("aws-cli/2");
    } catch (IOException notInstalled) {
      return false;
    }
  }

  /** Runs the aws CLI against the stack; skips the test when it is not installed. */
  static Aws aws(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("aws", "--endpoint-url", "http://127.0.0.1:" + stack.port()));
    cmd.addAll(List.of(args));
    if (args[1].equals("invoke") && awsCliV2()) {
      cmd.addAll(List.of("--cli-binary-format", "raw-in-base64-out")); // v2 reads --payload as base64 otherwise
    }
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.remove("AWS_PROFILE");
    env.put("AWS_ACCESS_KEY_ID", "AKIDLOCALTEST");
    env.put("AWS_SECRET_ACCESS_KEY", "local-test-secret");
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_MAX_ATTEMPTS", "1");
    Process p;
    try {
      p = pb.start();
    } catch (IOException notInstalled) {
      assumeTrue(false, "the aws CLI is not installed: aws lambda invoke checks skipped");
      throw notInstalled;
    }
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Aws(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }
}
