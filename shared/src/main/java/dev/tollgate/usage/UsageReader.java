package dev.tollgate.usage;

import dev.tollgate.identity.AccountId;
import dev.tollgate.identity.UserId;
import java.time.Instant;
import java.util.List;

/** Reads what an account has used and has left, writing nothing (the port behind {@code GET /usage}). */
public interface UsageReader {
  /** The account's plan, entitlements, {@code gates} as {@code user} sees them and credits at {@code now}, in one read. */
  AccountUsage read(AccountId account, UserId user, List<Gate> gates, Instant now) throws UsageStoreUnavailableException;
}
