package dev.tollgate.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/** A Lua script from this package's resources, run by EVALSHA with a NOSCRIPT fallback to EVAL. */
final class ScriptResource {
  private final String body;
  private final String sha;

  ScriptResource(String name) {
    try (InputStream in = ScriptResource.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing script resource " + name);
      }
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      sha = sha1(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read script resource " + name, e);
    }
  }

  Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
    try {
      return redis.evalsha(sha, keys, args);
    } catch (JedisNoScriptException e) {
      return redis.eval(body, keys, args);
    }
  }

  private static String sha1(String s) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (byte b : d) {
        hex.append(String.format("%02x", b));
      }
      return hex.toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
