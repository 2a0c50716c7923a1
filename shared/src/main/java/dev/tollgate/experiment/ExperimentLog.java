package dev.tollgate.experiment;

import dev.tollgate.identity.AccountId;
import java.time.Instant;
import java.util.Map;

/**
 * Exposures and conversions per experiment arm. Each is counted once per experiment and
 * account, so repeated follow-up work never counts twice, and conversion rates are shares of
 * accounts. The account's exposure is also kept in its timeline ({@code x:EXPERIMENT}), where
 * the conversion path reads it.
 */
public interface ExperimentLog {
  /**
   * Records that {@code account} saw {@code arm} of {@code experiment} at {@code at}, unless an
   * exposure of the account to the experiment was recorded before; answers the recorded one.
   */
  Exposure exposed(String experiment, String arm, AccountId account, Instant at);

  /** The account's exposures its timeline still holds (experiment to exposure). */
  Map<String, Exposure> exposuresOf(AccountId account);

  /** Counts a conversion of {@code account} for {@code arm} of {@code experiment}, once; true if counted now. */
  boolean converted(String experiment, String arm, AccountId account);

  /** The counts of {@code experiment} per arm (arms never exposed are absent). */
  Map<String, ArmCounts> counts(String experiment);

  /** An account's exposure: the arm and when; {@code recordedNow} if this call recorded it. */
  record Exposure(String arm, Instant at, boolean recordedNow) {}

  /** One arm's accounts exposed and converted. */
  record ArmCounts(long exposed, long conversions) {}
}
