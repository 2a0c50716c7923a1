package dev.tollgate.authorizer;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import dev.tollgate.identity.Caller;
import dev.tollgate.json.JsonText;
import dev.tollgate.usage.DenyReason;
import dev.tollgate.usage.GateDecision;
import dev.tollgate.usage.GateResult;
import dev.tollgate.usage.RateLimitFields;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a {@link GateDecision} to the IAM policy API Gateway expects from a REQUEST
 * authorizer. Allow carries context for the backend; Deny carries what the 402
 * {@code ACCESS_DENIED} gateway response renders, JSON-escaped because the gateway pastes
 * {@code $context.authorizer.*} into its JSON body verbatim.
 */
final class PolicyBuilder {

  private PolicyBuilder() {}

  /**
   * The policy for {@code d}. An Allow carries every {@link ForwardedContext#KEYS} key (empty
   * when it does not apply, so the gateway overwrites any client header of that name), with
   * {@code gatewaySecret} for the backend's check and the RateLimit fields of the tightest
   * limit at {@code now}; a Deny carries the 402 body's values and {@code retryAfter}, the
   * seconds to the reset (not for a missing feature, which no wait cures).
   */
  static IamPolicyResponseV1 build(Caller caller, GateDecision d, String methodArn, String gatewaySecret, Instant now) {
    Map<String, Object> ctx = new HashMap<>(32);
    if (d.allowed()) {
      for (String k : ForwardedContext.KEYS) {
        ctx.put(k, "");
      }
    }
    ctx.put("userId", caller.userId());
    ctx.put("accountId", d.account() == null ? caller.userId() : d.account().value());
    if (d.plan() != null) {
      ctx.put("plan", d.plan());
    }
    if (d.outcome() != null && d.outcome().creditBalance() >= 0) {
      ctx.put("credits", d.outcome().creditBalance());
    }
    GateResult r = d.tightest();
    if (d.allowed()) {
      if (r != null) {
        ctx.put("loop", r.gate().loop());
        ctx.put("used", r.used());
        ctx.put("limit", r.limit());
        ctx.put("remaining", r.limit() < 0 ? -1 : r.remaining());
        ctx.put("resetAt", r.resetAt().toString());
        if (r.overage() > 0) {
          ctx.put("overage", r.overage());
        }
        RateLimitFields fields = RateLimitFields.of(r, now);
        if (fields != null) {
          ctx.put("rateLimitPolicy", fields.policy());
          ctx.put("rateLimit", fields.limit());
        }
      }
      ctx.put("failOpen", d.verdict() == GateDecision.Verdict.FAIL_OPEN);
      ctx.put(ForwardedContext.GATEWAY_SECRET, gatewaySecret == null ? "" : gatewaySecret);
      return policy(caller.userId(), IamPolicyResponseV1.ALLOW, methodArn, ctx);
    }
    DenyReason reason = d.reason();
    // the 402 body names who was refused and whose allowance ran out; ids may hold quotes
    ctx.put("userId", JsonText.escape(caller.userId()));
    ctx.put("accountId", JsonText.escape((String) ctx.get("accountId")));
    ctx.put("code", reason.code());
    ctx.put("message", JsonText.escape(d.message()));
    ctx.put("upgradeUrl", JsonText.escape(d.upgradeUrl()));
    ctx.put("loop", r.gate().loop());
    // the 402 body's limit/used are what ran out: the member's share, the overage cap, or the allowance
    if (reason == DenyReason.MEMBER_LIMIT) {
      ctx.put("limit", r.memberLimit());
      ctx.put("used", r.memberUsed());
    } else if (reason == DenyReason.SPEND_CAP) {
      ctx.put("limit", r.limit() + r.gate().overageCap(d.outcome().planIndex()));
      ctx.put("used", r.used() + r.overage());
    } else {
      ctx.put("limit", r.limit());
      ctx.put("used", r.used());
    }
    if (reason == DenyReason.FEATURE) {
      ctx.put("feature", r.gate().feature());
    }
    ctx.put("resetAt", r.resetAt().toString());
    if (reason != DenyReason.FEATURE) {
      // the 402's Retry-After: waiting for the window's reset helps, unlike for a feature the plan lacks
      ctx.put("retryAfter", RateLimitFields.secondsUntil(r.resetAt(), now));
    }
    return policy(caller.userId(), IamPolicyResponseV1.DENY, methodArn, ctx);
  }

  private static IamPolicyResponseV1 policy(String principal, String effect, String arn, Map<String, Object> ctx) {
    IamPolicyResponseV1.Statement statement = IamPolicyResponseV1.ALLOW.equals(effect)
        ? IamPolicyResponseV1.allowStatement(arn) : IamPolicyResponseV1.denyStatement(arn);
    IamPolicyResponseV1.PolicyDocument doc = IamPolicyResponseV1.PolicyDocument.builder()
        .withVersion(IamPolicyResponseV1.VERSION_2012_10_17).withStatement(List.of(statement)).build();
    return IamPolicyResponseV1.builder().withPrincipalId(principal).withPolicyDocument(doc).withContext(ctx).build();
  }
}
