package dev.tollgate.usage;

/** Why a gate refused a call: the {@code error} code of the 402 body. */
public enum DenyReason {
  /** The gate allowed. */
  NONE(""),
  /** The plan's allowance for the window is used up (and no credits or overage cover the call). */
  USAGE_LIMIT("usage_limit_exceeded"),
  /** The plan (and the account's Stripe entitlements) lack the feature. */
  FEATURE("feature_unavailable"),
  /** The calling member used up their share of the pooled allowance. */
  MEMBER_LIMIT("member_limit_exceeded"),
  /** Past the included limit, the plan's overage cap for the window is reached. */
  SPEND_CAP("spend_cap_reached");

  private final String code;

  DenyReason(String code) {
    this.code = code;
  }

  /** The code clients see. */
  public String code() {
    return code;
  }

  /** The reason for the decision script's numeric code (0..4). */
  public static DenyReason ofCode(int code) {
    return values()[code];
  }
}
