package dev.tollgate.bench;

import dev.tollgate.redis.Keys;
import dev.tollgate.secrets.ParametersSecretsExtension;
import dev.tollgate.secrets.Secrets;
import dev.tollgate.testing.FakeSecretsExtension;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What reading the authorizer's settings at run time costs a cold start: the same
 * {@link ColdStartMain} (authorizer.jar's no-arg constructor, then one decision) launched
 * alternately with REDIS_URL and JWT_SECRET in its environment, and with only
 * TOLLGATE_SECRET_ARN, the settings served by a local stand-in of the Parameters and Secrets
 * extension; both plain (JVM start to first decision) and after the handler's SnapStart hooks
 * (the first decision of a restored container). Prints the medians and their difference.
 *
 * <pre>java -cp "bench/target/tollgate-bench.jar:bench/target/lib/*" -Dtollgate.root=. dev.tollgate.bench.SecretsColdStart [runs]</pre>
 *
 * <p>Not measured here: the extension's own GetSecretValue call to Secrets Manager on its
 * first request in a container (one in-region HTTPS round trip), which Lambda adds on top.
 */
public final class SecretsColdStart {
  private static final String TOKEN = "bench-session-token";
  private static final String ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:tollgate-authorizer-bench";

  private static final Pattern FIRST_DECISION = Pattern.compile("firstDecision=([0-9.]+)ms");

  private SecretsColdStart() {}

  private static double firstDecisionMs(String breakdown) {
    Matcher m = FIRST_DECISION.matcher(breakdown);
    if (!m.find()) {
      throw new IllegalStateException("no firstDecision in: " + breakdown);
    }
    return Double.parseDouble(m.group(1));
  }

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 9;
    try (BenchRedis redis = BenchRedis.urlOrOwn(System.getenv("REDIS_URL"));
        FakeSecretsExtension ext = FakeSecretsExtension.start(TOKEN)) {
      ext.put(ARN, "{\"REDIS_URL\":\"" + redis.url + "\",\"JWT_SECRET\":\"" + Fixtures.SAMPLE_SECRET
          + "\",\"GATEWAY_SECRET\":\"bench-gateway-secret-0123456789abcdef\"}");
      Runnable reset = () -> redis.client.del(Keys.plan("user_free_1"));
      ColdStart fromEnv = new ColdStart(Map.of("REDIS_URL", redis.url, "JWT_SECRET", Fixtures.SAMPLE_SECRET), reset);
      ColdStart fromSecret = new ColdStart(Map.of(Secrets.SECRET_ARN_ENV, ARN, "AWS_SESSION_TOKEN", TOKEN,
          ParametersSecretsExtension.PORT_ENV, String.valueOf(ext.port())), reset);
      fromEnv.launch(List.of(), (String) null, new long[1]);
      fromSecret.launch(List.of(), (String) null, new long[1]);
      double[][] cold = new double[2][runs];
      double[][] restored = new double[2][runs];
      ColdStart[] modes = {fromEnv, fromSecret};
      for (int i = 0; i < runs; i++) {
        for (int m = 0; m < 2; m++) {
          long[] t = new long[1];
          reset.run();
          modes[m].launch(List.of(), (String) null, t);
          cold[m][i] = t[0] / 1e6;
          reset.run();
          restored[m][i] = firstDecisionMs(modes[m].launch(List.of(), "--restored", new long[1]));
        }
      }
      double ce = Harness.median(cold[0]);
      double cs = Harness.median(cold[1]);
      double re = Harness.median(restored[0]);
      double rs = Harness.median(restored[1]);
      System.out.printf("median of %d alternating runs each           environment  secret   cost%n", runs);
      System.out.printf("  JVM start to first decision (no SnapStart)   %6.0f ms  %6.0f ms %+6.0f ms%n", ce, cs, cs - ce);
      System.out.printf("  first decision after SnapStart hooks         %6.1f ms  %6.1f ms %+6.1f ms%n", re, rs, rs - re);
      System.out.printf("{\"runs\":%d,\"coldStartEnvMs\":%d,\"coldStartSecretMs\":%d,\"restoredFirstDecisionEnvMs\":%.1f,"
          + "\"restoredFirstDecisionSecretMs\":%.1f}%n", runs, Math.round(ce), Math.round(cs), re, rs);
    }
  }
}
