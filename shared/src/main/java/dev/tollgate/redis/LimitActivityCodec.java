package dev.tollgate.redis;

import dev.tollgate.activity.Block;
import dev.tollgate.activity.Share;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The codec of {@code activity_block.lua} and {@code activity_share.lua}: their keys and
 * arguments, and the stored form of a block and a share (tab-separated; ids, loop, gate and plan
 * names carry no control characters).
 */
final class LimitActivityCodec {
  static final LuaScript BLOCK = LuaScript.load("activity_block.lua");
  static final LuaScript SHARE = LuaScript.load("activity_share.lua");
  /** How long a day's shares are kept: past the longest usual window (a month) and the default report. */
  static final long SHARES_TTL_SECONDS = 40L * 24 * 3600;

  private LimitActivityCodec() {}

  /** Records {@code b} in the record {@code name}, keeping the newest {@code keep}. */
  static ScriptCall block(String name, Block b, int keep) {
    String key = Keys.latestBlocks(name);
    return new ScriptCall(List.of(key, key + ":d"), List.of(b.id(), Long.toString(b.at().toEpochMilli()), encode(b),
        Integer.toString(keep)));
  }

  /** Records {@code s} on its UTC day in the record {@code name}, keeping the highest {@code keep}. */
  static ScriptCall share(String name, Share s, int keep) {
    String key = sharesKey(name, s.at().atZone(ZoneOffset.UTC).toLocalDate());
    return new ScriptCall(List.of(key, key + ":d"), List.of(s.account() + "\t" + s.gateId() + "\t"
        + s.windowStart().toEpochMilli(), Integer.toString(s.permille()), encode(s), Integer.toString(keep),
        Long.toString(SHARES_TTL_SECONDS)));
  }

  /** The sorted set of {@code day}'s shares (its details are in the hash {@code <key>:d}). */
  static String sharesKey(String name, LocalDate day) {
    return Keys.limitShares(name, day.toString());
  }

  static String encode(Block b) {
    return String.join("\t", Long.toString(b.at().toEpochMilli()), b.account(), b.userId(), b.loop(), b.gateId(),
        b.plan(), b.reason(), Long.toString(b.used()), Long.toString(b.limit()));
  }

  static Block decodeBlock(String id, String text) {
    String[] f = fields(text, 9);
    return new Block(id, Instant.ofEpochMilli(Long.parseLong(f[0])), f[1], f[2], f[3], f[4], f[5], f[6],
        Long.parseLong(f[7]), Long.parseLong(f[8]));
  }

  static String encode(Share s) {
    return String.join("\t", s.account(), s.userId(), s.loop(), s.gateId(), s.plan(), Integer.toString(s.permille()),
        Long.toString(s.used()), Long.toString(s.limit()), Long.toString(s.at().toEpochMilli()),
        Long.toString(s.windowStart().toEpochMilli()), Long.toString(s.windowEnd().toEpochMilli()));
  }

  static Share decodeShare(String text) {
    String[] f = fields(text, 11);
    return new Share(f[0], f[1], f[2], f[3], f[4], Integer.parseInt(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]),
        Instant.ofEpochMilli(Long.parseLong(f[8])), Instant.ofEpochMilli(Long.parseLong(f[9])),
        Instant.ofEpochMilli(Long.parseLong(f[10])));
  }

  private static String[] fields(String text, int n) {
    String[] f = text.split("\t", -1);
    if (f.length != n) {
      throw new IllegalArgumentException("not a stored activity entry: " + f.length + " fields, expected " + n);
    }
    return f;
  }
}
