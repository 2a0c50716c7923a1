package dev.tollgate.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Lua script from this package's resources (the one place scripts live) or generated from
 * the config ({@link DecisionScript}), run by
 * {@code EVALSHA}; its SHA-1 is computed locally, and on {@code NOSCRIPT} (a fresh or
 * restarted server, or another cluster node) it is sent once with {@code EVAL}, which also
 * caches it there.
 */
public final class LuaScript {
  private final String name;
  private final String source;
  private final byte[] sourceBytes;
  private final byte[] sha;
  private final String shaText;

  private LuaScript(String name, String source) {
    this.name = name;
    this.source = source;
    this.sourceBytes = source.getBytes(StandardCharsets.UTF_8);
    try {
      this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(sourceBytes))
          .getBytes(StandardCharsets.US_ASCII);
      this.shaText = new String(sha, StandardCharsets.US_ASCII);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A script generated at run time (see {@link DecisionScript}); {@code name} only labels it. */
  public static LuaScript of(String name, String source) {
    return new LuaScript(name, source);
  }

  /** The Lua source. */
  public String source() {
    return source;
  }

  /**
   * Loads {@code dev/tollgate/redis/<name>}, replacing each {@code --[[PLAN_IN_FORCE(p, u)]]} with
   * {@link PlanRule#inForce} over those variables (the one place the rule's Lua is written).
   */
  public static LuaScript loadWithRules(String name) {
    LuaScript raw = load(name);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("--\\[\\[PLAN_IN_FORCE\\((\\w+), (\\w+)\\)\\]\\]")
        .matcher(raw.source);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(PlanRule.inForce(m.group(1), m.group(2))));
    }
    m.appendTail(out);
    return new LuaScript(name, out.toString());
  }

  /** Loads {@code dev/tollgate/redis/<name>} from the classpath. */
  public static LuaScript load(String name) {
    try (InputStream in = LuaScript.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing Lua script resource dev/tollgate/redis/" + name);
      }
      return new LuaScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read Lua script " + name, e);
    }
  }

  /** Runs the script on binary keys/args: one {@code EVALSHA}, or {@code EVAL} once after {@code NOSCRIPT}. */
  public Object runBytes(UnifiedJedis redis, List<byte[]> keys, List<byte[]> args) {
    try {
      return redis.evalsha(sha, keys, args);
    } catch (JedisNoScriptException e) {
      return redis.eval(sourceBytes, keys, args);
    }
  }

  /** Runs the script on string keys/args: one {@code EVALSHA}, or {@code EVAL} once after {@code NOSCRIPT}. */
  public Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
    try {
      return redis.evalsha(shaText, keys, args);
    } catch (JedisNoScriptException e) {
      return redis.eval(source, keys, args);
    }
  }

  /** Runs {@code call} (keys and arguments a script's codec encoded); see {@link #run(UnifiedJedis, List, List)}. */
  Object run(UnifiedJedis redis, ScriptCall call) {
    return run(redis, call.keys(), call.args());
  }

  /** Loads the script into the server's cache ahead of use (SnapStart/CRaC priming). */
  public void preload(UnifiedJedis redis, String sampleKey) {
    redis.scriptLoad(source, sampleKey);
  }

  /** The resource name. */
  public String name() {
    return name;
  }

  /** The SHA-1 (hex) EVALSHA uses. */
  public String sha() {
    return shaText;
  }

  @Override
  public String toString() {
    return name + "@" + shaText;
  }
}
