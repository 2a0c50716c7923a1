package dev.tollgate.stripe;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.redis.Keys;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import redis.clients.jedis.UnifiedJedis;

/** The webhook handler as the reliability tests build it: real Redis stores, a fixed clock, the sample config. */
final class WebhookRig {
  static final GatingConfig CONFIG = ConfigLoader.fromEnvironment(Map.of());
  /** The sample config (its {@code export} loop gates {@code /api/export/**}), {@code export} also granted by Stripe. */
  static final GatingConfig FEATURES = withExportFeature();
  /** The sample config without its feature gate (the export loop). */
  static final GatingConfig NO_FEATURES = withoutFeatureGates();
  /** An hour after the sample subscription started. */
  static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");

  private WebhookRig() {}

  private static GatingConfig withoutFeatureGates() {
    try {
      String yaml = java.nio.file.Files.readString(java.nio.file.Path.of("../../gating.yaml"));
      int from = yaml.indexOf("  - name: export\n");
      String edited = yaml.substring(0, from) + yaml.substring(yaml.indexOf("\nplans:", from) + 1);
      GatingConfig c = ConfigLoader.parse(edited, "gating.yaml (no feature gate)");
      if (c.loops().stream().anyMatch(l -> l.steps().stream().anyMatch(s -> s.condition().isFeature()))) {
        throw new IllegalStateException("gating.yaml changed: its feature gate is no longer the export loop");
      }
      return c;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static GatingConfig withExportFeature() {
    try {
      String yaml = java.nio.file.Files.readString(java.nio.file.Path.of("../../gating.yaml"));
      String edited = yaml.replace("\nstripe:\n", "\nstripe:\n  entitlements: [export]\n");
      return ConfigLoader.parse(edited, "gating.yaml (with a Stripe-granted feature)");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A handler over {@code redis} accepting {@link SignedEvents#SECRET}; log lines and metrics go to {@code log}. */
  static StripeWebhookHandler handler(UnifiedJedis redis, Consumer<String> log) {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    return WebhookWiring.of(CONFIG, redis, clock, log).handler(List.of(SignedEvents.SECRET), log);
  }

  /** Sends sample {@code file} rewritten for {@code ev}'s ids, signed now. */
  static APIGatewayProxyResponseEvent send(StripeWebhookHandler h, SignedEvents ev, String file) {
    return h.handleRequest(ev.load(file, SignedEvents.SECRET, NOW.getEpochSecond()), null);
  }

  /** Sends sample {@code file} rewritten for {@code ev}'s ids and changed by {@code edit}, signed now. */
  static APIGatewayProxyResponseEvent send(StripeWebhookHandler h, SignedEvents ev, String file,
      java.util.function.Consumer<com.google.gson.JsonObject> edit) {
    return h.handleRequest(ev.edited(file, edit, NOW.getEpochSecond()), null);
  }

  /** The contract fields of the user's plan hash. */
  static Map<String, String> plan(UnifiedJedis redis, String user) {
    Map<String, String> p = new HashMap<>(redis.hgetAll(Keys.plan(user)));
    p.keySet().retainAll(List.of("plan", "until", "ps", "pe", "status", "sub"));
    return p;
  }
}
