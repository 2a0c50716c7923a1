package dev.tollgate.admin;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.Context;
import com.google.gson.JsonObject;
import dev.tollgate.identity.ApiKeys;

/**
 * The one audit line the admin function logs per action: who asked, what, and how it ended,
 * as one JSON object. Never a secret: an API key appears only as its SHA-256 (the hash
 * {@code keys revoke} also takes), never the key itself.
 */
final class AdminAudit {
  /** The client-context field the CLI puts its operator's name in. */
  static final String OPERATOR_FIELD = "operator";

  private AdminAudit() {}

  /**
   * The audit line of {@code request} run under {@code context}: {@code outcome} is
   * {@code ok}, {@code refused} or {@code failed}; {@code detail} (nullable) says why, or
   * carries the new key's hash.
   */
  static String line(Context context, AdminRequest request, String outcome, JsonObject detail) {
    JsonObject o = new JsonObject();
    o.addProperty("audit", "tollgate-admin");
    o.addProperty("requestId", context == null ? null : context.getAwsRequestId());
    o.addProperty("operator", operator(context));
    if (request != null) {
      o.addProperty("action", request.action().wire());
      request.params().forEach((k, v) -> {
        if (k.equals("key")) {
          o.addProperty("keyHash", ApiKeys.hashOf(v));
        } else {
          o.addProperty(k, v);
        }
      });
    }
    o.addProperty("outcome", outcome);
    if (detail != null) {
      detail.entrySet().forEach(e -> o.add(e.getKey(), e.getValue()));
    }
    return o.toString();
  }

  /**
   * Who asked, as far as the invocation tells: the operator the CLI names in the client
   * context, else the Cognito identity, else {@code unknown}. The IAM principal that made the
   * call is in CloudTrail's Lambda data events under the same request id.
   */
  static String operator(Context context) {
    if (context == null) {
      return "unknown";
    }
    ClientContext cc = context.getClientContext();
    if (cc != null && cc.getCustom() != null) {
      String op = cc.getCustom().get(OPERATOR_FIELD);
      if (op != null && !op.isBlank()) {
        return op;
      }
    }
    if (context.getIdentity() != null && context.getIdentity().getIdentityId() != null
        && !context.getIdentity().getIdentityId().isEmpty()) {
      return "cognito:" + context.getIdentity().getIdentityId();
    }
    return "unknown";
  }
}
