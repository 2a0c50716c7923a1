package dev.tollgate.bench;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.tollgate.authorizer.AuthorizerRequestEvent;
import dev.tollgate.authorizer.UsageAuthorizerHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One Lambda-like cold start in its own JVM: build the handler with its no-arg constructor
 * (env REDIS_URL, JWT_SECRET; bundled gating.yaml), decide one request, print timings, exit.
 * Run on a classpath of authorizer.jar plus this class only. The event is read with the JSON
 * parser already inside authorizer.jar (nimbus); Lambda's own runtime deserializes it there.
 *
 * <p>With {@code --restored}, the handler's SnapStart hooks run first (priming, then the
 * restore hook) and the figure is the first decision after them.
 *
 * <p>With {@code --primed}, one decision runs first and the figure is the next one: what a
 * SnapStart-restored container, primed before its snapshot, starts from (the org.crac hooks
 * cannot be triggered without a CRaC JVM, and the restore itself is not measured here).
 */
public final class ColdStartMain {
  private ColdStartMain() {}

  public static void main(String[] args) throws Exception {
    long t0 = System.nanoTime();
    AuthorizerRequestEvent event = event(Path.of(args[0]));
    long t1 = System.nanoTime();
    UsageAuthorizerHandler handler = new UsageAuthorizerHandler();
    long t2 = System.nanoTime();
    boolean primed = args.length > 1 && args[1].equals("--primed");
    boolean restored = args.length > 1 && args[1].equals("--restored");
    if (restored) {
      // the handler's SnapStart hooks as CRaC runs them around a snapshot (in this JVM: the
      // restore itself is not measured); outside a CRaC JVM they can only be reached directly
      java.lang.reflect.Field hook = UsageAuthorizerHandler.class.getDeclaredField("priming");
      hook.setAccessible(true);
      org.crac.Resource priming = (org.crac.Resource) hook.get(handler);
      priming.beforeCheckpoint(null);
      priming.afterRestore(null);
    } else if (primed) {
      // no CRaC JVM here: stand in for SnapStart priming with one full decision of the same shape
      // (another user's token would need signing; the same event is decided once and the user reset by the parent)
      handler.handleRequest(event, null);
    }
    long t3 = System.nanoTime();
    IamPolicyResponseV1 policy = handler.handleRequest(event, null);
    long t4 = System.nanoTime();
    System.out.printf("DECIDED %s readEvent=%.1fms constructor=%.1fms priming=%.1fms firstDecision=%.1fms%n",
        policy.getContext().containsKey("code") ? "Deny" : "Allow", (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6);
    System.out.flush();
    System.exit(0);
  }

  @SuppressWarnings("unchecked")
  private static AuthorizerRequestEvent event(Path file) throws Exception {
    Map<String, Object> m = JSONObjectUtils.parse(Files.readString(file));
    AuthorizerRequestEvent e = new AuthorizerRequestEvent();
    e.setType((String) m.get("type"));
    e.setMethodArn((String) m.get("methodArn"));
    e.setResource((String) m.get("resource"));
    e.setPath((String) m.get("path"));
    e.setHttpMethod((String) m.get("httpMethod"));
    e.setHeaders((Map<String, String>) (Map<String, ?>) m.get("headers"));
    e.setMultiValueHeaders((Map<String, List<String>>) (Map<String, ?>) m.get("multiValueHeaders"));
    e.setPathParameters((Map<String, String>) (Map<String, ?>) m.get("pathParameters"));
    Map<String, Object> rc = (Map<String, Object>) m.get("requestContext");
    AuthorizerRequestEvent.RequestContext context = new AuthorizerRequestEvent.RequestContext();
    context.setPath((String) rc.get("path"));
    context.setStage((String) rc.get("stage"));
    e.setRequestContext(context);
    return e;
  }
}
