package dev.tollgate.redis;

import java.util.List;

/**
 * One call of a Lua script, encoded by the script's codec: its keys and arguments in the order
 * the script's header comment gives. Adapters only hand it to {@link LuaScript#run(
 * redis.clients.jedis.UnifiedJedis, ScriptCall)}.
 */
record ScriptCall(List<String> keys, List<String> args) {
  ScriptCall {
    keys = List.copyOf(keys);
    args = List.copyOf(args);
  }
}
