package dev.tollgate.credits;

import dev.tollgate.identity.AccountId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** In-memory {@link CreditStore}, a model of {@code RedisCreditStore}'s grants; passes {@link CreditStoreContract}. */
public final class InMemoryCreditStore implements CreditStore {
  private final Map<AccountId, Map<String, Grant>> grants = new HashMap<>();

  @Override
  public synchronized boolean grant(AccountId account, String grantId, long amount, Instant expires, Instant now) {
    if (amount <= 0) {
      throw new IllegalArgumentException("a grant is at least 1 unit, got " + amount);
    }
    return grants.computeIfAbsent(account, k -> new LinkedHashMap<>())
        .putIfAbsent(grantId, new Grant(grantId, amount, expires, now, amount)) == null;
  }

  @Override
  public synchronized Credits show(AccountId account, Instant now) {
    List<Grant> list = new ArrayList<>(grants.getOrDefault(account, Map.of()).values());
    list.sort(Comparator.comparing(Grant::grantedAt).reversed().thenComparing(Grant::id));
    long balance = list.stream().filter(g -> g.liveAt(now)).mapToLong(Grant::remaining).sum();
    return new Credits(balance, List.copyOf(list));
  }
}
