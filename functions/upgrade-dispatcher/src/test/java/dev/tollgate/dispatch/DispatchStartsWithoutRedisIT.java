package dev.tollgate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.tollgate.email.OutboxEmailSender;
import dev.tollgate.email.UnsubscribeLinks;
import dev.tollgate.testing.RedisCluster;
import dev.tollgate.testing.RedisProcess;
import java.nio.file.Files;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Both handlers of the dispatcher's jar build with the cache unreachable (single node or
 * cluster): a run or an unsubscribe meanwhile fails (the next scheduled run resumes; the mail
 * client retries), and both work once Redis answers. On Lambda a missing Resend key is refused
 * instead of "sending" to /tmp.
 */
class DispatchStartsWithoutRedisIT {
  static final String SECRET = "dispatch-startup-unsubscribe-secret-0123";

  private static Map<String, String> env(String url) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("REDIS_URL", url);
    env.put(UnsubscribeLinks.SECRET_ENV, SECRET);
    env.put(OutboxEmailSender.OUTBOX_ENV, Files.createTempDirectory("outbox").toString());
    return env;
  }

  private static APIGatewayProxyRequestEvent unsubscribe(String user) {
    UnsubscribeLinks links = new UnsubscribeLinks("https://api.acme.dev/email/unsubscribe", SECRET);
    return new APIGatewayProxyRequestEvent().withHttpMethod("POST")
        .withQueryStringParameters(Map.of("u", user, "s", links.signature(user)))
        .withHeaders(Map.of("Content-Type", "application/x-www-form-urlencoded"))
        .withBody(OneClickBody.KEY + "=" + OneClickBody.VALUE);
  }

  private static void checkBothHandlers(String url, Runnable bringBack) throws Exception {
    // what the no-arg (Lambda) constructors build
    Map<String, String> env = env(url);
    UpgradeEmailDispatchHandler dispatcher = new UpgradeEmailDispatchHandler(DispatchWiring.fromEnvironment(env)
        .dispatcher(DispatchWiring.sender(env), Clock.systemUTC()), Clock.systemUTC(), line -> { });
    UnsubscribeHandler unsub = DispatchWiring.fromEnvironment(env).unsubscribeHandler(Clock.systemUTC());
    assertThatThrownBy(() -> dispatcher.handleRequest(null, null)).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> unsub.handleRequest(unsubscribe("startup-user"), null)).isInstanceOf(RuntimeException.class);
    bringBack.run();
    assertThat(dispatcher.handleRequest(null, null)).containsKey("claimed");
    assertThat(unsub.handleRequest(unsubscribe("startup-user"), null).getStatusCode()).isEqualTo(200);
  }

  @Test
  void withASingleRedisDownBothHandlersAreBuiltAndWorkOnceItIsBack() throws Exception {
    try (RedisProcess redis = RedisProcess.start()) {
      redis.kill();
      checkBothHandlers(redis.url(), redis::restart);
    }
  }

  @Test
  void withEveryClusterNodeDownBothHandlersAreBuiltAndWorkOnceItAnswers() throws Exception {
    try (RedisCluster cluster = RedisCluster.start(3, 0)) {
      String url = cluster.url();
      cluster.kill();
      checkBothHandlers(url, () -> {
        cluster.nodes().forEach(RedisProcess::restart);
        cluster.awaitOk();
      });
    }
  }

  @Test
  void onLambdaAMissingResendKeyIsRefusedNamingWhatToSet() throws Exception {
    Map<String, String> env = env("redis://127.0.0.1:1");
    env.remove(OutboxEmailSender.OUTBOX_ENV);
    env.put(DispatchWiring.LAMBDA_FUNCTION_ENV, "tollgate-UpgradeDispatcherFunction-abc");
    assertThatThrownBy(() -> DispatchWiring.sender(env))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining(ResendEmailSender.API_KEY_ENV)
        .hasMessageContaining("ResendApiKey");
    env.put(OutboxEmailSender.OUTBOX_ENV, Files.createTempDirectory("outbox").toString());
    assertThat(DispatchWiring.sender(env)).isInstanceOf(OutboxEmailSender.class);
  }
}
