package dev.tollgate.redis;

/**
 * The write phase of a {@link DecisionLua} script, skipped by a peek: past the deadline nothing
 * is written; an allowed call counts in every gate and draws its prepaid credits (soonest expiry
 * first); a refused one records each gate's first denial; then pending work gets its outbox line
 * and the account hash its expiry.
 */
final class DecisionWriteLua {
  private final DecisionLua s;

  DecisionWriteLua(DecisionLua s) {
    this.s = s;
  }

  /** Emits the writes: unless a peek, the counts of an allowed call or the first denials of a refused one. */
  void emit() {
    StringBuilder fresh = new StringBuilder();
    for (int k = 1; k <= s.gates().size(); k++) {
      fresh.append(k == 1 ? "" : " or ").append(s.v(k, "fr"));
    }
    s.line("if not peek then");
    s.line("  if " + fresh + " then ttl0 = -3 end");
    s.line("  if ok then");
    deadline("    ");
    for (int k = 0; k < s.gates().size(); k++) {
      new GateWriteLua(s, s.gates().get(k), k + 1, null, s.memberKey(k)).commit();
    }
    if (s.credits()) {
      drawCredits();
    }
    s.line("  else");
    StringBuilder any = new StringBuilder();
    for (int k = 1; k <= s.gates().size(); k++) {
      any.append(k == 1 ? "" : " or ").append("(").append(s.v(k, "code")).append(" ~= 0 and ")
          .append(s.v(k, "f")).append(" % 2 == 0)");
    }
    s.line("    if " + any + " then");
    deadline("      ");
    for (int k = 0; k < s.gates().size(); k++) {
      new GateWriteLua(s, s.gates().get(k), k + 1, null, s.memberKey(k)).firstDenial();
    }
    s.line("    end");
    s.line("  end");
    // pending work always has an outbox line, so the sweep (which scans outboxes) finds it even
    // when the only work is overage to report
    s.line("  if pend and not px then");
    s.line("    px = now");
    s.line("    redis.call('HSET', KEYS[1], 'px', now)");
    s.line("    if not ev then redis.call('RPUSH', KEYS[2], 'P\\t' .. now) end");
    s.line("  end");
    s.line("  if maxEn > 0 and ttl0 ~= -1 then");
    s.line("    if ttl0 >= 0 and now + ttl0 > maxEn then maxEn = now + ttl0 end");
    s.line("    redis.call('PEXPIREAT', KEYS[1], maxEn)");
    s.line("  end");
    s.line("end");
  }

  /** Before the first write: refuse when past the deadline (the caller has answered without us). */
  private void deadline(String indent) {
    s.line(indent + "if not timed then");
    s.line(indent + "  timed = true");
    s.line(indent + "  local d = tonumber(dl)");
    s.line(indent + "  if d > 0 then");
    // Redis's clock in ms, past the deadline once its whole ms is: sec * 1000 + usec / 1000 >= d + 1
    s.line(indent + "    local t = redis.call('TIME')");
    s.line(indent + "    if t[1] * 1000 + t[2] / 1000 >= d + 1 then return {-1} end");
    s.line(indent + "  end");
    s.line(indent + "  if ttl0 == -3 then ttl0 = redis.call('PTTL', KEYS[1]) end");
    s.line(indent + "end");
  }

  /** Takes the s.credits() drawn from the grants, soonest expiry first (never-expiring last), then by id. */
  private void drawCredits() {
    s.line("    if crUsed > 0 then");
    s.line("      local list = {}");
    s.line("      for i = 1, #crG, 2 do");
    s.line("        if string.sub(crG[i], 1, 2) == 'g:' then");
    s.line("          local amt, exps, rest = string.match(crG[i + 1], '^(%d+)|(%d+)(.*)$')");
    s.line("          local a, e = tonumber(amt), tonumber(exps)");
    s.line("          if " + DecisionLua.liveGrant("a", "e") + " then");
    s.line("            list[#list + 1] = {crG[i], a, e == 0 and math.huge or e, exps .. rest}");
    s.line("          end");
    s.line("        end");
    s.line("      end");
    s.line("      table.sort(list, function(x, y) if x[3] ~= y[3] then return x[3] < y[3] end return x[1] < y[1] end)");
    s.line("      local need = crUsed");
    s.line("      for i = 1, #list do");
    s.line("        if need <= 0 then break end");
    s.line("        local take = math.min(need, list[i][2])");
    s.line("        need = need - take");
    s.line("        redis.call('HSET', KEYS[4], list[i][1], (list[i][2] - take) .. '|' .. list[i][4])");
    s.line("      end");
    s.line("    end");
  }
}
