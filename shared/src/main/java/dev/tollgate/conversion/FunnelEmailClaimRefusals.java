package dev.tollgate.conversion;

import dev.tollgate.identity.EmailClaimRefusals;
import java.time.Instant;
import java.util.UUID;

/**
 * Refused email claims counted in the funnel ({@link Funnel#EMAIL_CLAIMS_REFUSED}), where
 * {@code tollgate report} shows them. Each refusal reported is one count (the authenticator
 * reports a token once per container).
 */
public final class FunnelEmailClaimRefusals implements EmailClaimRefusals {
  private final Funnel funnel;

  /** Counts into {@code funnel}. */
  public FunnelEmailClaimRefusals(Funnel funnel) {
    this.funnel = funnel;
  }

  @Override
  public void refused(Instant at) {
    funnel.emailClaimRefused(at, UUID.randomUUID().toString());
  }
}
