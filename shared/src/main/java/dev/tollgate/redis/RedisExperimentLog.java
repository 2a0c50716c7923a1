package dev.tollgate.redis;

import dev.tollgate.experiment.ExperimentLog;
import dev.tollgate.identity.AccountId;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@link ExperimentLog} on Redis: counts and first exposures in the {@code {tg}} slot
 * ({@code {tg}:x:EXP*}), the account's copy in its timeline {@code {a:ID}:t} field
 * {@code x:EXP} = {@code ARM|ms}. An exposure is recorded in {@code {tg}} first, then copied:
 * a failure between the two is completed by the repeated drain, which finds the exposure
 * recorded and copies it.
 */
public final class RedisExperimentLog implements ExperimentLog {
  private static final LuaScript EXPOSED = LuaScript.load("experiment_exposed.lua");
  private static final LuaScript CONVERTED = LuaScript.load("experiment_converted.lua");
  private static final LuaScript TIMELINE = LuaScript.load("experiment_timeline.lua");
  private final UnifiedJedis redis;
  private final Duration timelineTtl;

  /** A log in {@code redis}; timelines it creates live {@code timelineTtl} (the attribution window). */
  public RedisExperimentLog(UnifiedJedis redis, Duration timelineTtl) {
    this.redis = redis;
    this.timelineTtl = timelineTtl;
  }

  @Override
  public Exposure exposed(String experiment, String arm, AccountId account, Instant at) {
    List<?> r = ScriptReplies.list("experiment_exposed.lua", EXPOSED.run(redis, List.of(Keys.experiment(experiment),
        Keys.experimentAccounts(experiment)), List.of(account.value(), arm, Long.toString(at.toEpochMilli()))));
    String recorded = (String) r.get(1);
    TIMELINE.run(redis, List.of(Keys.accountTimeline(account)), List.of("x:" + experiment, recorded,
        Long.toString(timelineTtl.toMillis())));
    Exposure x = parse(recorded);
    return new Exposure(x.arm(), x.at(), ((Long) r.get(0)) == 1L);
  }

  @Override
  public Map<String, Exposure> exposuresOf(AccountId account) {
    Map<String, Exposure> out = new TreeMap<>();
    redis.hgetAll(Keys.accountTimeline(account)).forEach((field, value) -> {
      if (field.startsWith("x:") && value.indexOf('|') > 0) {
        out.put(field.substring(2), parse(value));
      }
    });
    return out;
  }

  @Override
  public boolean converted(String experiment, String arm, AccountId account) {
    return ScriptReplies.number("experiment_converted.lua", CONVERTED.run(redis, List.of(Keys.experiment(experiment),
        Keys.experimentConversions(experiment)), List.of(account.value(), arm))) == 1;
  }

  @Override
  public Map<String, ArmCounts> counts(String experiment) {
    Map<String, long[]> raw = new HashMap<>();
    redis.hgetAll(Keys.experiment(experiment)).forEach((field, value) -> {
      int colon = field.lastIndexOf(':');
      if (colon > 0) {
        long[] c = raw.computeIfAbsent(field.substring(0, colon), k -> new long[2]);
        c[field.endsWith(":exposed") ? 0 : 1] += Long.parseLong(value);
      }
    });
    Map<String, ArmCounts> out = new TreeMap<>();
    raw.forEach((arm, c) -> out.put(arm, new ArmCounts(c[0], c[1])));
    return out;
  }

  private static Exposure parse(String value) {
    int bar = value.lastIndexOf('|');
    return new Exposure(value.substring(0, bar), Instant.ofEpochMilli(Long.parseLong(value.substring(bar + 1))), false);
  }
}
