package dev.tollgate.plan;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** In-memory {@link SubscriptionStore}, a model of {@code stripe_customer_apply.lua}; passes {@link SubscriptionStoreContract}. */
public final class InMemorySubscriptionStore implements SubscriptionStore {
  /** The order key of a link kept from before order keys: explicit, at time 0. */
  private static final String LEGACY_LINK = "1|000000000000000|";
  private final Map<String, String> accounts = new HashMap<>();
  private final Map<String, String> linkKeys = new HashMap<>();
  private final Map<String, Set<String>> former = new HashMap<>();
  private final Map<String, Map<String, SubscriptionSnapshot>> subs = new HashMap<>();
  private final Map<String, Map<String, String>> subKeys = new HashMap<>();
  private final Map<String, Map<String, InvoiceSnapshot>> invoices = new HashMap<>();
  private final Map<String, Map<String, String>> invoiceKeys = new HashMap<>();
  private final Map<String, Map<String, PaidPeriod>> paid = new HashMap<>();
  private final Set<String> indexed = new TreeSet<>();
  /** Per customer: the latest complete ({@code true}) and partial ({@code false}) entitlement summary. */
  private final Map<String, Map<Boolean, ActiveEntitlements>> summaries = new HashMap<>();
  /** Per customer, by session: kept credit purchases; granted ones stay, so a session is kept once. */
  private final Map<String, Map<String, CreditPurchase>> credits = new HashMap<>();
  private final Set<String> granted = new HashSet<>();

  @Override
  public synchronized Update apply(StripeChange change) {
    boolean applied = change.match(new StripeChange.Cases<>() {
      @Override
      public Boolean link(CustomerLink l) {
        return InMemorySubscriptionStore.this.link(l.customerId(), l.account(), l.orderKey());
      }

      @Override
      public Boolean subscription(SubscriptionSnapshot s) {
        boolean kept = keep(subs, subKeys, s.customerId(), s.id(), s.orderKey(), s);
        implicit(s.customerId(), s.userId(), s.observedAt());
        paid(s.customerId(), s.id(), PaidPeriod.of(s));
        return kept;
      }

      @Override
      public Boolean invoice(InvoiceSnapshot i) {
        boolean kept = keep(invoices, invoiceKeys, i.customerId(), i.subscriptionId(), i.orderKey(), i);
        implicit(i.customerId(), i.userId(), i.observedAt());
        paid(i.customerId(), i.subscriptionId(), PaidPeriod.of(i));
        return kept;
      }

      @Override
      public Boolean entitlements(ActiveEntitlements e) {
        Map<Boolean, ActiveEntitlements> kept = summaries.computeIfAbsent(e.customerId(), k -> new HashMap<>());
        ActiveEntitlements before = kept.get(e.complete());
        if (before != null && before.orderKey().compareTo(e.orderKey()) > 0) {
          return false;
        }
        kept.put(e.complete(), e);
        return true;
      }
    });
    return new Update(applied, get(change.customerId()));
  }

  @Override
  public synchronized Update keepCredits(CreditPurchase purchase) {
    Map<String, CreditPurchase> kept = credits.computeIfAbsent(purchase.customerId(), k -> new LinkedHashMap<>());
    if (kept.containsKey(purchase.sessionId())) {
      return new Update(false, get(purchase.customerId()));
    }
    kept.put(purchase.sessionId(), purchase.claimedBy(accounts.get(purchase.customerId())));
    return new Update(true, get(purchase.customerId()));
  }

  @Override
  public synchronized void creditsGranted(String customerId, String sessionId) {
    CreditPurchase p = credits.getOrDefault(customerId, Map.of()).get(sessionId);
    if (p != null && p.account() != null) {
      granted.add(customerId + "\u0000" + sessionId);
    }
  }

  @Override
  public synchronized void index(String customerId) {
    indexed.add(customerId);
  }

  @Override
  public synchronized void formerSettled(String customerId, String formerAccount) {
    former.getOrDefault(customerId, new HashSet<>()).remove(formerAccount);
  }

  @Override
  public synchronized CustomerState get(String customerId) {
    Map<String, CreditPurchase> pending = new HashMap<>();
    credits.getOrDefault(customerId, Map.of()).forEach((session, p) -> {
      if (!granted.contains(customerId + "\u0000" + session)) {
        pending.put(session, p);
      }
    });
    Map<Boolean, ActiveEntitlements> kept = summaries.getOrDefault(customerId, Map.of());
    return new CustomerState(customerId, accounts.get(customerId), subs.getOrDefault(customerId, Map.of()),
        invoices.getOrDefault(customerId, Map.of()), paid.getOrDefault(customerId, Map.of()),
        former.getOrDefault(customerId, Set.of()), kept.get(true), kept.get(false), pending);
  }

  @Override
  public synchronized Set<String> linkedCustomers() {
    return Set.copyOf(indexed);
  }

  private <T> boolean keep(Map<String, Map<String, T>> values, Map<String, Map<String, String>> keys, String customer,
      String sub, String orderKey, T value) {
    String kept = keys.computeIfAbsent(customer, k -> new HashMap<>()).get(sub);
    if (kept != null && kept.compareTo(orderKey) > 0) {
      return false;
    }
    keys.get(customer).put(sub, orderKey);
    values.computeIfAbsent(customer, k -> new HashMap<>()).put(sub, value);
    return true;
  }

  private void paid(String customer, String sub, PaidPeriod period) {
    Map<String, PaidPeriod> kept = paid.computeIfAbsent(customer, k -> new HashMap<>());
    if (period != null && (kept.get(sub) == null || kept.get(sub).encode().compareTo(period.encode()) < 0)) {
      kept.put(sub, period);
    }
  }

  private void implicit(String customer, String account, long at) {
    if (account != null) {
      link(customer, account, CustomerLink.orderKey(false, at, account));
    }
  }

  private boolean link(String customer, String account, String key) {
    String current = accounts.get(customer);
    String kept = linkKeys.getOrDefault(customer, current == null ? null : LEGACY_LINK);
    if (kept != null && kept.compareTo(key) > 0) {
      return false;
    }
    Set<String> formers = former.computeIfAbsent(customer, k -> new HashSet<>());
    if (current != null && !current.equals(account)) {
      formers.add(current);
    }
    formers.remove(account);
    accounts.put(customer, account);
    linkKeys.put(customer, key);
    credits.computeIfAbsent(customer, k -> new LinkedHashMap<>())
        .replaceAll((session, p) -> p.account() == null ? p.claimedBy(account) : p);
    return true;
  }
}
