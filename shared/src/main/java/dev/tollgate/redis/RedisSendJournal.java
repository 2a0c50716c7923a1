package dev.tollgate.redis;

import dev.tollgate.email.SendBatch;
import dev.tollgate.email.SendJournal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * The send journal of a {@link RedisEmailQueue}, in the queue's {@code {tg}} slot: each operation
 * is one atomic script over the journal ({@code q:sending}, {@code q:sendingAt}) and the queue's
 * lease and in-flight structures. Get it from {@link RedisEmailQueue#journal()}.
 */
final class RedisSendJournal implements SendJournal {
  private final UnifiedJedis redis;
  private final EmailQueueKeys keys;

  RedisSendJournal(UnifiedJedis redis, EmailQueueKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  @Override
  public List<String> begin(SendBatch batch, Instant leasedUntil, Instant now, Duration grace) {
    return EmailBeginSendScript.reply(EmailBeginSendScript.SCRIPT.run(redis,
        EmailBeginSendScript.begin(keys, batch, leasedUntil, now.plus(grace))));
  }

  @Override
  public List<SendBatch> claim(Instant now, int max, Duration lease) {
    return EmailClaimSendsScript.reply(EmailClaimSendsScript.SCRIPT.run(redis,
        EmailClaimSendsScript.call(keys, now, now.plus(lease), max)));
  }

  @Override
  public void postpone(SendBatch batch, Instant at) {
    EmailBeginSendScript.SCRIPT.run(redis, EmailBeginSendScript.postpone(keys, batch, at));
  }

  @Override
  public void end(String idempotencyKey) {
    EmailEndSendScript.SCRIPT.run(redis, EmailEndSendScript.call(keys, idempotencyKey));
  }
}
