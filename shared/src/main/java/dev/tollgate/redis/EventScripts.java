package dev.tollgate.redis;

import dev.tollgate.events.EventOutbox;
import dev.tollgate.events.QueuedEvent;
import dev.tollgate.events.TollgateEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The codec of the events outbox scripts ({@code events_*.lua}): keys, arguments, the stored
 * item text {@code TYPE \t TIME_MS \t ATTEMPTS \t LAST_ERROR \t DETAIL_JSON} and the replies.
 */
final class EventScripts {
  static final LuaScript ADD = LuaScript.load("events_add.lua");
  static final LuaScript PLAN = LuaScript.load("events_plan.lua");
  static final LuaScript CLAIM = LuaScript.load("events_claim.lua");
  static final LuaScript SETTLE = LuaScript.load("events_settle.lua");

  private final String name;

  /** The codec for the outbox called {@code name} ({@code ""} = the default one). */
  EventScripts(String name) {
    this.name = name;
  }

  private String key(String part) {
    return Keys.eventOutbox(name, part);
  }

  ScriptCall add(TollgateEvent e, Instant now) {
    return new ScriptCall(List.of(key("due"), key("items"), key("sent")), List.of(e.id(), item(new QueuedEvent(e, 0,
        null)), ms(e.time().isAfter(now) ? now : e.time()), ms(now), Long.toString(EventOutbox.SENT_MEMORY.toMillis())));
  }

  ScriptCall plan(String account, String plan, String fallbackFrom, TollgateEvent e, Instant now) {
    String item = item(new QueuedEvent(e, 0, null));
    String prefix = item.substring(0, item.length() - e.detail().length());
    return new ScriptCall(List.of(key("due"), key("items"), key("sent"), key("plans")), List.of(e.id(), prefix,
        e.detail(), ms(now), ms(now), Long.toString(EventOutbox.SENT_MEMORY.toMillis()), account, plan,
        fallbackFrom == null ? "" : fallbackFrom));
  }

  ScriptCall claim(Instant now, int max, Duration lease) {
    return new ScriptCall(List.of(key("due"), key("items")), List.of(ms(now), Integer.toString(max),
        Long.toString(lease.toMillis())));
  }

  ScriptCall sent(List<String> ids, Instant now) {
    List<String> args = new ArrayList<>(ids.size() + 2);
    args.add("sent");
    args.add(ms(now));
    args.addAll(ids);
    return new ScriptCall(settleKeys(), args);
  }

  ScriptCall retry(QueuedEvent e, Instant at) {
    return new ScriptCall(settleKeys(), List.of("retry", ms(at), e.event().id(), item(e)));
  }

  ScriptCall dead(QueuedEvent e, Instant at) {
    return new ScriptCall(settleKeys(), List.of("dead", ms(at), e.event().id(), item(e)));
  }

  private List<String> settleKeys() {
    return List.of(key("due"), key("items"), key("sent"), key("dead"));
  }

  /** The claim reply's events. */
  static List<QueuedEvent> claimed(Object reply) {
    List<?> flat = ScriptReplies.list("events_claim.lua", reply);
    List<QueuedEvent> out = new ArrayList<>(flat.size() / 2);
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      out.add(decode((String) flat.get(i), (String) flat.get(i + 1)));
    }
    return out;
  }

  /** The stored text of {@code e}. */
  static String item(QueuedEvent e) {
    String err = e.lastError() == null ? "" : e.lastError().replaceAll("[\\t\\r\\n]+", " ");
    return e.event().type() + "\t" + e.event().time().toEpochMilli() + "\t" + e.attempts() + "\t" + err + "\t"
        + e.event().detail();
  }

  /** The event stored under {@code id} as {@code item}. */
  static QueuedEvent decode(String id, String item) {
    String[] f = item.split("\t", 5);
    if (f.length != 5) {
      throw new IllegalStateException("events outbox item of " + id + " has " + f.length + " fields, expected 5");
    }
    return new QueuedEvent(new TollgateEvent(id, f[0], Instant.ofEpochMilli(Long.parseLong(f[1])), f[4]),
        Integer.parseInt(f[2]), f[3].isEmpty() ? null : f[3]);
  }

  private static String ms(Instant t) {
    return Long.toString(t.toEpochMilli());
  }
}
