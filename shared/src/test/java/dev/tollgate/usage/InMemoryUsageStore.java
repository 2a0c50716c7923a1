package dev.tollgate.usage;

import dev.tollgate.identity.AccountId;
import dev.tollgate.identity.UserId;
import dev.tollgate.redis.DecisionCodec;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link UsageStore} in memory: the reference {@link UsageModel} under one lock, replying
 * as the script does (decoded by the same codec). Passes {@link UsageStoreContract}, which
 * makes it the only fake of the store the tests may use.
 */
public final class InMemoryUsageStore implements UsageStore {
  private final List<String> planNames;
  private final int defaultIndex;
  private final DecisionCodec codec;
  private final Map<String, UsageModel.Account> accounts = new HashMap<>();

  /** A store judging by {@code planNames}, {@code defaultPlan} the default. */
  public InMemoryUsageStore(List<String> planNames, String defaultPlan) {
    this.planNames = List.copyOf(planNames);
    this.defaultIndex = planNames.indexOf(defaultPlan);
    this.codec = new DecisionCodec(planNames);
  }

  /** The stored state of {@code account} (created empty). */
  public synchronized UsageModel.Account account(AccountId account) {
    return accounts.computeIfAbsent(account.value(), a -> new UsageModel.Account());
  }

  /** Stores a plan state for a user's own account, as the Stripe side would. */
  public synchronized void putPlan(String userId, UsageModel.PlanState state) {
    account(AccountId.personal(UserId.of(userId))).plan = state;
  }

  @Override
  public synchronized UsageOutcome consume(UsageCall call) {
    return run(call, true);
  }

  @Override
  public synchronized UsageOutcome peek(AccountId account, UserId user, List<Gate> gates, Instant now) {
    return run(new UsageCall(account, user, gates, now, null, ""), false);
  }

  @Override
  public synchronized void reset(AccountId account, List<Gate> gates) {
    UsageModel.Account a = account(account);
    for (Gate g : gates) {
      for (String f : new String[] {"s", "n", "f", "o", "c"}) {
        a.fields.remove(g.gateId() + ":" + f);
      }
      a.members.remove(g.gateId());
    }
  }

  private UsageOutcome run(UsageCall call, boolean consume) {
    long now = call.now().toEpochMilli();
    long[] month = CalendarMonth.bounds(now);
    long[] reply = UsageModel.decide(account(call.account()), call.gates(),
        new UsageModel.Call(now, consume, month[0], month[1], call.user().value(), call.meta()), planNames,
        defaultIndex);
    return codec.decode(call.gates(), reply);
  }
}
