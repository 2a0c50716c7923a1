package dev.tollgate.email;

import dev.tollgate.plan.PlanEntry;

/**
 * What the dispatcher needs to know about a recipient now, read from {@code {u:ID}:e} and
 * {@code {u:ID}:p}. Nullable fields are absent in Redis.
 *
 * @param email the stored address, or null
 * @param unsubscribedAt ms of the unsubscribe, or null
 * @param convertedAt ms of the conversion to paid, or null
 * @param plan the plan name, or null (the default plan)
 * @param planUntil ms after which the plan lapses to the default, or null
 */
public record EmailProfile(String email, Long unsubscribedAt, Long convertedAt, String plan, Long planUntil) {
  /** A user Redis knows nothing about. */
  public static final EmailProfile EMPTY = new EmailProfile(null, null, null, null, null);

  /** Why an email goes out or not (checked in this order). */
  public enum Verdict {
    /** Send it. */
    SEND,
    /** The user unsubscribed: end the sequence. */
    UNSUBSCRIBED,
    /** The user converted: end the sequence. */
    CONVERTED,
    /** The user is on a paid plan now: end the sequence. */
    PAID,
    /** No address known for the user: nothing can be sent. */
    NO_ADDRESS
  }

  /**
   * Whether {@code job} should go to this user at {@code nowMs}, given the config's default
   * plan. Paid is {@link PlanEntry#paidAt(String, Long, String, long)}, the one rule in Java.
   */
  public Verdict verdict(EmailJob job, String defaultPlan, long nowMs) {
    if (unsubscribedAt != null) {
      return Verdict.UNSUBSCRIBED;
    }
    if (convertedAt != null) {
      return Verdict.CONVERTED;
    }
    if (PlanEntry.paidAt(plan, planUntil, defaultPlan, nowMs)) {
      return Verdict.PAID;
    }
    return recipient(job) == null ? Verdict.NO_ADDRESS : Verdict.SEND;
  }

  /** The address to use: the job's (known at the crossing), else the stored one; null if none. */
  public String recipient(EmailJob job) {
    if (job.email() != null && !job.email().isBlank()) {
      return job.email();
    }
    return email == null || email.isBlank() ? null : email;
  }
}
