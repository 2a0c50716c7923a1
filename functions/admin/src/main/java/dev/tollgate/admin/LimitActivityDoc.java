package dev.tollgate.admin;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tollgate.activity.Block;
import dev.tollgate.activity.LimitActivity;
import dev.tollgate.activity.NearestLimits;
import dev.tollgate.activity.Share;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's view of recent limit activity, read from the bounded record the scheduled
 * function keeps (never a keyspace scan): {@code nearestLimits}, the accounts nearest a limit in
 * a window still open, highest share first ({@code [{account, user, loop, gate, plan, share,
 * used, limit, reachedAt, resetAt}]}), and {@code latestBlocks} within the report's days, newest
 * first ({@code [{at, account, user, loop, gate, plan, reason, used, limit}]}).
 */
final class LimitActivityDoc {
  /** Accounts listed nearest their limits. */
  static final int NEAREST = 20;
  /** Blocks listed. */
  static final int LATEST = 20;
  /** Days of shares read at most: they are kept 40 days. */
  static final int SHARE_DAYS = 40;

  private LimitActivityDoc() {}

  /** Adds both lists to {@code doc} for the report from {@code from} to {@code to} (UTC days) at {@code now}. */
  static void add(JsonObject doc, LimitActivity activity, LocalDate from, LocalDate to, Instant now) {
    List<Share> shares = new ArrayList<>();
    for (LocalDate d = to; !d.isBefore(from) && !d.isBefore(to.minusDays(SHARE_DAYS - 1L)); d = d.minusDays(1)) {
      shares.addAll(activity.shares(d, NEAREST));
    }
    JsonArray nearest = new JsonArray();
    for (Share s : NearestLimits.of(shares, now, NEAREST)) {
      JsonObject o = new JsonObject();
      o.addProperty("account", s.account());
      o.addProperty("user", s.userId());
      o.addProperty("loop", s.loop());
      o.addProperty("gate", s.gateId());
      o.addProperty("plan", s.plan());
      o.addProperty("share", s.permille() / 1000.0);
      o.addProperty("used", s.used());
      o.addProperty("limit", s.limit());
      o.addProperty("reachedAt", s.at().toString());
      o.addProperty("resetAt", s.windowEnd().toString());
      nearest.add(o);
    }
    doc.add("nearestLimits", nearest);
    Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
    JsonArray blocks = new JsonArray();
    for (Block b : activity.latestBlocks(LATEST)) {
      if (b.at().isBefore(start)) {
        break;
      }
      JsonObject o = new JsonObject();
      o.addProperty("at", b.at().toString());
      o.addProperty("account", b.account());
      o.addProperty("user", b.userId());
      o.addProperty("loop", b.loop());
      o.addProperty("gate", b.gateId());
      o.addProperty("plan", b.plan());
      o.addProperty("reason", b.reason());
      o.addProperty("used", b.used());
      o.addProperty("limit", b.limit());
      blocks.add(o);
    }
    doc.add("latestBlocks", blocks);
  }
}
