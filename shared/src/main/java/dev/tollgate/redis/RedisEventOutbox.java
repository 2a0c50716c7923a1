package dev.tollgate.redis;

import dev.tollgate.events.EventOutbox;
import dev.tollgate.events.QueuedEvent;
import dev.tollgate.events.TollgateEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.Tuple;

/** {@link EventOutbox} in the {@code {tg}} slot ({@code {tg}:ev:*}), one script per step. */
public final class RedisEventOutbox implements EventOutbox {
  private final UnifiedJedis redis;
  private final EventScripts scripts;
  private final String name;

  /** The default outbox in {@code redis}. */
  public RedisEventOutbox(UnifiedJedis redis) {
    this(redis, "");
  }

  /** The outbox called {@code name} (tests sharing a Redis use their own). */
  public RedisEventOutbox(UnifiedJedis redis, String name) {
    this.redis = redis;
    this.name = name;
    this.scripts = new EventScripts(name);
  }

  @Override
  public boolean add(TollgateEvent event, Instant now) {
    return ScriptReplies.number("events_add.lua", EventScripts.ADD.run(redis, scripts.add(event, now))) == 1;
  }

  @Override
  public boolean addPlanChange(String account, String plan, String fallbackFrom, TollgateEvent event, Instant now) {
    return ScriptReplies.number("events_plan.lua", EventScripts.PLAN.run(redis, scripts.plan(account, plan,
        fallbackFrom, event, now))) == 1;
  }

  @Override
  public List<QueuedEvent> claim(Instant now, int max, Duration lease) {
    return EventScripts.claimed(EventScripts.CLAIM.run(redis, scripts.claim(now, max, lease)));
  }

  @Override
  public void sent(List<String> ids, Instant now) {
    if (!ids.isEmpty()) {
      EventScripts.SETTLE.run(redis, scripts.sent(ids, now));
    }
  }

  @Override
  public void retry(QueuedEvent event, Instant retryAt) {
    EventScripts.SETTLE.run(redis, scripts.retry(event, retryAt));
  }

  @Override
  public void deadLetter(QueuedEvent event, Instant now) {
    EventScripts.SETTLE.run(redis, scripts.dead(event, now));
  }

  @Override
  public List<QueuedEvent> deadLetters(int max) {
    List<QueuedEvent> out = new ArrayList<>();
    for (Tuple t : redis.zrangeWithScores(Keys.eventOutbox(name, "dead"), 0, max - 1)) {
      String item = redis.hget(Keys.eventOutbox(name, "items"), t.getElement());
      if (item != null) {
        out.add(EventScripts.decode(t.getElement(), item));
      }
    }
    return out;
  }

  @Override
  public long waiting() {
    return redis.zcard(Keys.eventOutbox(name, "due"));
  }
}
