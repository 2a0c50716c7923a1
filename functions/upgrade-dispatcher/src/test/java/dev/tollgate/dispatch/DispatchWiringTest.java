package dev.tollgate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.email.OutboxEmailSender;
import dev.tollgate.events.FileEventSink;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the wiring builds from the environment, before any Redis is dialled. */
class DispatchWiringTest {
  static final GatingConfig CONFIG = ConfigLoader.fromEnvironment(Map.of());
  static final Map<String, String> SECRET = Map.of("UNSUBSCRIBE_SECRET", "test-unsubscribe-secret");

  @Test
  void withoutAResendKeyEmailsGoToTheOutboxElseToResend() {
    assertThat(DispatchWiring.sender(Map.of(), Path.of("box"))).isInstanceOfSatisfying(OutboxEmailSender.class,
        o -> assertThat(o.dir()).isEqualTo(Path.of("box")));
    assertThat(DispatchWiring.sender(Map.of("RESEND_API_KEY", " "), Path.of("box"))).isInstanceOf(OutboxEmailSender.class);
    assertThat(DispatchWiring.sender(Map.of("RESEND_API_KEY", "re_test"), Path.of("box")))
        .isInstanceOf(ResendEmailSender.class);
  }

  @Test
  void aDeployedFunctionsOutboxIsTollgateOutboxElseTmp() {
    assertThat(DispatchWiring.sender(Map.of())).isInstanceOfSatisfying(OutboxEmailSender.class,
        o -> assertThat(o.dir()).isEqualTo(Path.of(DispatchWiring.DEFAULT_OUTBOX)));
    assertThat(DispatchWiring.sender(Map.of("TOLLGATE_OUTBOX", "/var/box"))).isInstanceOfSatisfying(
        OutboxEmailSender.class, o -> assertThat(o.dir()).isEqualTo(Path.of("/var/box")));
  }

  @Test
  void eventsGoToEventBridgeOnLambdaElseToTheOutboxFolder() {
    Map<String, String> lambda = Map.of("AWS_LAMBDA_FUNCTION_NAME", "fn", "AWS_REGION", "eu-west-1",
        "AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "secret");
    assertThat(DispatchWiring.eventSink(lambda)).isInstanceOf(EventBridgeSink.class);
    assertThat(DispatchWiring.eventSink(Map.of("TOLLGATE_OUTBOX", "/tmp/x"))).isInstanceOf(FileEventSink.class);
    assertThatThrownBy(() -> DispatchWiring.eventSink(Map.of("TOLLGATE_EVENT_BUS", "bus")))
        .hasMessageContaining("AWS_REGION is not set");
  }

  @Test
  void aMissingUnsubscribeSecretIsRefusedByName() {
    assertThatThrownBy(() -> DispatchWiring.of(CONFIG, null, Map.of())).hasMessageContaining("UNSUBSCRIBE_SECRET");
  }

  @Test
  void withoutAnEmailSectionTheScheduledFunctionRunsAndOnlyUnsubscribeIsRefused() {
    GatingConfig noEmail = CONFIG.withEmail(Optional.empty());
    DispatchWiring w = DispatchWiring.of(noEmail, null, Map.of());
    assertThat(w.sendsEmail()).isFalse();
    assertThat(w.dispatchHandler(null, new FileEventSink(Path.of("events"), "default"), java.time.Clock.systemUTC(),
        line -> { })).isNotNull();
    assertThatThrownBy(() -> w.unsubscribeHandler(java.time.Clock.systemUTC())).hasMessageContaining("'email' section");
  }

  @Test
  void bothHandlersShareTheSameLinksAndProfiles() {
    DispatchWiring w = DispatchWiring.of(CONFIG, null, SECRET);
    assertThat(w.links().link("u1")).startsWith(CONFIG.email().orElseThrow().unsubscribeBaseUrl() + "?u=u1&s=");
    assertThat(w.unsubscribeHandler(java.time.Clock.systemUTC())).isNotNull();
  }

  @Test
  void withACheckoutSectionTheDispatcherSignsUpgradeLinksWithTheSameSecretAndWithoutNone() {
    assertThat(DispatchWiring.of(CONFIG, null, SECRET).upgradeLinks()).isEmpty();
    GatingConfig withCheckout = ConfigLoader.parse(CONFIG_TEXT + dev.tollgate.testing.CheckoutSamples.SECTION, "checkout");
    DispatchWiring w = DispatchWiring.of(withCheckout, null, Map.of("UNSUBSCRIBE_SECRET", "test-unsubscribe-secret-0123"));
    assertThat(w.upgradeLinks()).hasValueSatisfying(l -> assertThat(l.link(dev.tollgate.identity.AccountId.parse("@acme"),
        null, java.time.Instant.EPOCH)).startsWith("https://api.acme.dev/billing/upgrade?a=%40acme&x=604800&s="));
  }

  static final String CONFIG_TEXT = read();

  private static String read() {
    try {
      return java.nio.file.Files.readString(Path.of("../../gating.yaml"));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
