package dev.tollgate.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.tollgate.testing.RedisMonitor;
import dev.tollgate.testing.RedisProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * Issue 15 item 3: the plan is decided once and stored in one step, so an event costs few
 * commands. Counted exactly with MONITOR on a redis-server of this test's own (commands run
 * inside scripts are not round trips and are left out).
 */
class StripeWebhookRoundTripsIT {
  @Test
  void aLinkedAccountsEventTakesFourCommandsAConversionSixAnIgnoredTypeNone() throws Exception {
    try (RedisProcess server = RedisProcess.start(); UnifiedJedis redis = server.client(Duration.ofSeconds(2));
        RedisMonitor monitor = RedisMonitor.start(server.url())) {
      StripeWebhookHandler h = WebhookRig.handler(redis, l -> { });
      SignedEvents warmUp = new SignedEvents();
      WebhookRig.send(h, warmUp, "checkout.session.completed.json");
      WebhookRig.send(h, warmUp, "customer.subscription.updated.json");
      SignedEvents ev = new SignedEvents();
      WebhookRig.send(h, ev, "checkout.session.completed.json");
      monitor.clientCommands();

      WebhookRig.send(h, ev, "customer.subscription.updated.json");
      List<String> conversion = monitor.clientCommands();
      WebhookRig.send(h, ev, "invoice.paid.json");
      List<String> update = monitor.clientCommands();
      String body = "{\"id\":\"evt_rt\",\"object\":\"event\",\"type\":\"charge.succeeded\",\"created\":1767225600,"
          + "\"data\":{\"object\":{\"id\":\"ch_1\",\"object\":\"charge\"}}}";
      h.handleRequest(new APIGatewayProxyRequestEvent().withBody(body).withHeaders(Map.of("Stripe-Signature",
          SignedEvents.sign(body, SignedEvents.SECRET, WebhookRig.NOW.getEpochSecond()))), null);
      List<String> ignored = monitor.clientCommands();

      System.out.printf("webhook round trips: conversion %s, update %s, ignored %s%n", conversion, update, ignored);
      // de-dup check, customer script, account script (choice + plan + conversion mark), funnel, clear, processed
      assertThat(conversion).containsExactly("exists", "evalsha", "evalsha", "evalsha", "evalsha", "set");
      assertThat(update).containsExactly("exists", "evalsha", "evalsha", "set");
      assertThat(ignored).isEmpty();
    }
  }
}
