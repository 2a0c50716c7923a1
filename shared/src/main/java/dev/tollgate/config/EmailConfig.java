package dev.tollgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validated {@code email} section of {@code gating.yaml}: the upgrade emails' sender,
 * links, templates (each a timed sequence) and how the dispatcher talks to the provider.
 */
public record EmailConfig(
    String from,
    String upgradeUrl,
    String unsubscribeBaseUrl,
    Optional<String> replyTo,
    Map<String, Template> templates,
    Dispatch dispatch) {

  /** An email template: the steps of its sequence. */
  public record Template(String name, List<SequenceStep> sequence) {}

  /** One email of a sequence, sent {@code after} the limit was first reached. */
  public record SequenceStep(Duration after, String subject, String html, String text) {}

  /** How the dispatcher talks to the provider. */
  public record Dispatch(double ratePerSecond, int maxAttempts, Duration backoff, Duration lease, int batchSize) {}
}
