package dev.tollgate.plan;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** In-memory {@link SubscriptionStore}; passes {@link SubscriptionStoreContract}. */
public final class InMemorySubscriptionStore implements SubscriptionStore {
  private final Map<String, String> users = new HashMap<>();
  private final Map<String, Map<String, SubscriptionSnapshot>> subs = new HashMap<>();
  private final Map<String, Map<String, InvoiceSnapshot>> invoices = new HashMap<>();
  private final Set<String> linked = new TreeSet<>();

  @Override
  public synchronized Update applySubscription(SubscriptionSnapshot s) {
    Map<String, SubscriptionSnapshot> kept = subs.computeIfAbsent(s.customerId(), k -> new HashMap<>());
    SubscriptionSnapshot old = kept.get(s.id());
    boolean apply = old == null || old.orderKey().compareTo(s.orderKey()) <= 0;
    if (apply) {
      kept.put(s.id(), s);
    }
    linkIfNone(s.customerId(), s.userId());
    return new Update(apply, get(s.customerId()));
  }

  @Override
  public synchronized Update applyInvoice(InvoiceSnapshot i) {
    Map<String, InvoiceSnapshot> kept = invoices.computeIfAbsent(i.customerId(), k -> new HashMap<>());
    InvoiceSnapshot old = kept.get(i.subscriptionId());
    boolean apply = old == null || old.orderKey().compareTo(i.orderKey()) <= 0;
    if (apply) {
      kept.put(i.subscriptionId(), i);
    }
    linkIfNone(i.customerId(), i.userId());
    return new Update(apply, get(i.customerId()));
  }

  @Override
  public synchronized CustomerState link(String customerId, String userId) {
    users.put(customerId, userId);
    linked.add(customerId);
    return get(customerId);
  }

  @Override
  public synchronized CustomerState get(String customerId) {
    return new CustomerState(customerId, users.get(customerId), subs.getOrDefault(customerId, Map.of()),
        invoices.getOrDefault(customerId, Map.of()));
  }

  @Override
  public synchronized Set<String> linkedCustomers() {
    return Set.copyOf(linked);
  }

  private void linkIfNone(String customerId, String userId) {
    if (userId != null && !users.containsKey(customerId)) {
      link(customerId, userId);
    }
  }
}
