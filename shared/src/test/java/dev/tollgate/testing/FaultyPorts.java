package dev.tollgate.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps ports (store interfaces) so that one chosen call fails: the k-th call across all
 * wrapped ports, either before it reaches the store or after it took effect (as when a reply
 * is lost). Fault tests use it to fail every step of an operation in turn.
 */
public final class FaultyPorts {
  private final AtomicInteger calls = new AtomicInteger();
  private volatile int failAt = -1;
  private volatile boolean afterEffect;

  /** {@code real} behind {@code port}, counting its calls and failing the chosen one. */
  @SuppressWarnings("unchecked")
  public <T> T wrap(Class<T> port, T real) {
    return (T) Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
      boolean fail = calls.incrementAndGet() == failAt;
      if (fail && !afterEffect) {
        throw new IllegalStateException("injected: store unreachable before " + method.getName());
      }
      Object result;
      try {
        result = method.invoke(real, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (fail) {
        throw new IllegalStateException("injected: reply of " + method.getName() + " lost");
      }
      return result;
    });
  }

  /** Starts counting afresh; the {@code k}-th call from now fails, after its effect or before. */
  public void failAt(int k, boolean afterEffect) {
    calls.set(0);
    this.afterEffect = afterEffect;
    this.failAt = k;
  }

  /** Starts counting afresh with no failure. */
  public void reset() {
    failAt(-1, true);
  }

  /** Calls since the last {@link #failAt} or {@link #reset}. */
  public int calls() {
    return calls.get();
  }
}
