package dev.tollgate.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.tollgate.testing.RedisCluster;
import dev.tollgate.testing.RedisProcess;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Lambda's constructor builds with the cache unreachable (single node or cluster): an event
 * that arrives meanwhile answers 500, so Stripe retries it, and is applied once Redis answers.
 */
class WebhookStartsWithoutRedisIT {
  private static int send(StripeWebhookHandler h, SignedEvents ev) {
    APIGatewayProxyRequestEvent e = ev.load("checkout.session.completed.json", SignedEvents.SECRET,
        Clock.systemUTC().instant().getEpochSecond());
    return h.handleRequest(e, null).getStatusCode();
  }

  private static StripeWebhookHandler handler(String url) {
    return new StripeWebhookHandler(Map.of("REDIS_URL", url, StripeWebhookHandler.SECRET_ENV, SignedEvents.SECRET));
  }

  @Test
  void withASingleRedisDownTheHandlerIsBuiltAndStripesRetryIsApplied() {
    try (RedisProcess redis = RedisProcess.start()) {
      redis.kill();
      StripeWebhookHandler h = handler(redis.url());
      SignedEvents ev = new SignedEvents();
      assertThat(send(h, ev)).isEqualTo(500);
      redis.restart();
      assertThat(send(h, ev)).isEqualTo(200);
    }
  }

  @Test
  void withEveryClusterNodeDownTheHandlerIsBuiltAndStripesRetryIsApplied() {
    try (RedisCluster cluster = RedisCluster.start(3, 0)) {
      String url = cluster.url();
      cluster.kill();
      StripeWebhookHandler h = handler(url);
      SignedEvents ev = new SignedEvents();
      assertThat(send(h, ev)).isEqualTo(500);
      cluster.nodes().forEach(RedisProcess::restart);
      cluster.awaitOk();
      assertThat(send(h, ev)).isEqualTo(200);
    }
  }
}
