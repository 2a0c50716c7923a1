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

  /** Resend when RESEND_API_KEY is set, else the outbox at $TOLLGATE_OUTBOX (default /tmp/outbox). */
  EmailSender sender() {
    String key = env.get(ResendEmailSender.API_KEY_ENV);
    if (key != null && !key.isBlank()) {
      return new ResendEmailSender(key);
    }
    String dir = env.get(OutboxEmailSender.OUTBOX_ENV);
    return new OutboxEmailSender(Path.of(dir == null || dir.isBlank() ? DEFAULT_OUTBOX : dir));
  }
}
