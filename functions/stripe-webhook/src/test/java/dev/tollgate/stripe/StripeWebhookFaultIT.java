package dev.tollgate.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.tollgate.redis.RedisConnector;
import dev.tollgate.testing.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * The webhook handler while its real redis-server (fsync-always AOF) is SIGKILLed and
 * restarted, then frozen with SIGSTOP and resumed: the event that arrives meanwhile is
 * answered 500 within the timeouts (so Stripe retries it), and Stripe's retry of the very
 * same signed event, once Redis is back, applies — the de-dup marker does not swallow it.
 */
class StripeWebhookFaultIT {
  static final long BOUND_MS = 1500;

  @Test
  void anEventDuringAKillOrAPauseIs500AndItsRetryApplies() throws Exception {
    try (RedisProcess server = RedisProcess.start("--appendonly", "yes", "--appendfsync", "always");
        UnifiedJedis redis = RedisConnector.connect(server.url(), null, Duration.ofMillis(200), Duration.ofMillis(250))) {
      List<String> logs = new ArrayList<>();
      StripeWebhookHandler h = WebhookRig.handler(redis, logs::add);
      SignedEvents ev = new SignedEvents();
      assertThat(WebhookRig.send(h, ev, "checkout.session.completed.json").getStatusCode()).isEqualTo(200);

      server.kill();
      long t0 = System.nanoTime();
      APIGatewayProxyResponseEvent down = WebhookRig.send(h, ev, "customer.subscription.updated.json");
      long killedMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(down.getStatusCode()).isEqualTo(500);
      assertThat(killedMs).as("answered while Redis is dead").isLessThan(BOUND_MS);
      server.restart();
      APIGatewayProxyResponseEvent retried = retry(h, ev, "customer.subscription.updated.json");
      assertThat(retried.getBody()).contains("\"result\":\"applied\"");
      assertThat(WebhookRig.plan(redis, ev.user)).containsEntry("plan", "paid").containsEntry("status", "active");

      server.pause();
      t0 = System.nanoTime();
      APIGatewayProxyResponseEvent frozen = WebhookRig.send(h, ev, "invoice.payment_failed.json");
      long pausedMs = (System.nanoTime() - t0) / 1_000_000;
      server.resume();
      assertThat(frozen.getStatusCode()).isEqualTo(500);
      assertThat(pausedMs).as("answered while Redis is frozen").isLessThan(BOUND_MS);
      APIGatewayProxyResponseEvent afterPause = retry(h, ev, "invoice.payment_failed.json");
      // the frozen server may run the command it had queued once resumed: then the retry is a duplicate
      assertThat(afterPause.getBody()).containsAnyOf("\"result\":\"applied\"", "\"result\":\"duplicate\"");
      assertThat(WebhookRig.plan(redis, ev.user)).containsEntry("plan", "paid").containsEntry("status", "past_due");
      System.out.printf("webhook faults: killed -> 500 in %d ms, retry %s; paused -> 500 in %d ms, retry %s%n",
          killedMs, retried.getBody(), pausedMs, afterPause.getBody());
      assertThat(logs).filteredOn(l -> l.contains("failed, Stripe will retry")).hasSize(2);
    }
  }

  /** Stripe's retry: the same signed event until it is acknowledged with 200 (a few attempts, as Redis comes back). */
  private static APIGatewayProxyResponseEvent retry(StripeWebhookHandler h, SignedEvents ev, String file)
      throws InterruptedException {
    APIGatewayProxyResponseEvent r = null;
    for (int i = 0; i < 20; i++) {
      r = WebhookRig.send(h, ev, file);
      if (r.getStatusCode() == 200) {
        return r;
      }
      Thread.sleep(100);
    }
    return r;
  }
}
