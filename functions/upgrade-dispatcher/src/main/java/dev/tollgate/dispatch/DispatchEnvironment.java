package dev.tollgate.dispatch;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.email.EmailSender;
import dev.tollgate.email.OutboxEmailSender;
import dev.tollgate.email.UnsubscribeLinks;
import dev.tollgate.redis.RedisConnector;
import java.nio.file.Path;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/** What the two handlers read from the environment, once per container. */
final class DispatchEnvironment {
  /** Outbox folder when neither RESEND_API_KEY nor TOLLGATE_OUTBOX is set. */
  static final String DEFAULT_OUTBOX = "/tmp/outbox";
  /** Set by Lambda in every function's environment. */
  static final String LAMBDA_FUNCTION_ENV = "AWS_LAMBDA_FUNCTION_NAME";

  final GatingConfig config;
  final UnifiedJedis redis;
  final UnsubscribeLinks links;
  private final Map<String, String> env;

  DispatchEnvironment(Map<String, String> env) {
    this.env = env;
    this.config = ConfigLoader.fromEnvironment(env);
    GatingConfig.Email email = config.email().orElseThrow(() -> new IllegalStateException(
        "gating.yaml has no 'email' section: the upgrade dispatcher has nothing to send"));
    this.links = new UnsubscribeLinks(email.unsubscribeBaseUrl(), env.get(UnsubscribeLinks.SECRET_ENV));
    this.redis = RedisConnector.fromEnvironment(env, config.redis());
  }

  /**
   * Resend when RESEND_API_KEY is set, else the outbox at $TOLLGATE_OUTBOX (default
   * /tmp/outbox). On Lambda the outbox must be asked for by name: a missing key there would
   * otherwise mark every email sent while nobody receives it.
   */
  EmailSender sender() {
    String key = env.get(ResendEmailSender.API_KEY_ENV);
    if (key != null && !key.isBlank()) {
      return new ResendEmailSender(key);
    }
    String dir = env.get(OutboxEmailSender.OUTBOX_ENV);
    if ((dir == null || dir.isBlank()) && env.get(LAMBDA_FUNCTION_ENV) != null) {
      throw new IllegalStateException(ResendEmailSender.API_KEY_ENV + " is not set: on Lambda the dispatcher does not "
          + "write emails to " + DEFAULT_OUTBOX + " and count them as sent. Set it (template parameter ResendApiKey), or set "
          + OutboxEmailSender.OUTBOX_ENV + " to write them to that folder on purpose");
    }
    return new OutboxEmailSender(Path.of(dir == null || dir.isBlank() ? DEFAULT_OUTBOX : dir));
  }
}
