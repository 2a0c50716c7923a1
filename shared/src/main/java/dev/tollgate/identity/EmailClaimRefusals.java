package dev.tollgate.identity;

import java.time.Instant;

/**
 * Where refused email claims are counted (a token's email that is not exactly one address),
 * so the report can show them. Called once per refused token per container, never on a
 * cached token.
 */
public interface EmailClaimRefusals {
  /** A token whose email claim was refused was first seen at {@code at}. */
  void refused(Instant at);

  /** Counts nothing (tests, tools). */
  EmailClaimRefusals NONE = at -> { };
}
