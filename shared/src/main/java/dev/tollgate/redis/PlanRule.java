package dev.tollgate.redis;

/**
 * "Is this account's stored plan in force now", the one rule in Lua (its Java twin is
 * {@link dev.tollgate.plan.PlanEntry#paidAt}; {@code PlanRuleIT} holds the two together): a
 * stored plan is in force unless its {@code until} (epoch ms; absent or 0 = no end) has
 * passed. The decision script and the Stripe account script both inline this expression.
 */
public final class PlanRule {
  private PlanRule() {}

  /**
   * A Lua expression, true when the plan in variable {@code plan} (a string, or nil for none) with
   * the lapse time in variable {@code until} (a number, or nil) is in force at variable {@code now}.
   */
  public static String inForce(String plan, String until) {
    return "(" + plan + " and (not " + until + " or " + until + " <= 0 or now < " + until + "))";
  }
}
