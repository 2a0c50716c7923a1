package dev.tollgate.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The route the backend receives, from the fields API Gateway (REST) puts in a REQUEST
 * authorizer event: {@code resource}, {@code pathParameters} (URL-decoded, as API Gateway
 * sends them), {@code path}, {@code requestContext.path} and {@code stage}.
 */
class RequestRouteTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      // what | resource | pathParameters (k=v&k=v) | path | requestContext.path | expected candidates
      "execute-api host, stage in the context path | /{proxy+} | proxy=api/features/x | /api/features/x"
          + " | /prod/api/features/x | api/features/x",
      "custom domain, base path v1 | /{proxy+} | proxy=api/features/x | /v1/api/features/x | /v1/api/features/x"
          + " | api/features/x",
      "custom domain, two-segment base path | /{proxy+} | proxy=api/features/x | /v1/beta/api/features/x"
          + " | /v1/beta/api/features/x | api/features/x",
      "custom domain, base path named like the stage | /{proxy+} | proxy=prod/api/x | /prod/prod/api/x"
          + " | /prod/prod/api/x | prod/api/x",
      "explicit resource | /reports/{id}/run | id=42 | /v1/reports/42/run | /v1/reports/42/run | reports/42/run",
      "explicit resource, two parameters | /orgs/{org}/reports/{id} | org=acme&id=7 | /orgs/acme/reports/7 | - "
          + "| orgs/acme/reports/7",
      "greedy parameter under a prefix | /api/{proxy+} | proxy=features/a/b | /v1/api/features/a/b | - "
          + "| api/features/a/b",
      "root resource | / | - | /v1/ | /v1/ | ''",
      "%2F in a greedy value is a separator | /{proxy+} | proxy=api/features/a/b | /api/features/a%2Fb | - "
          + "| api/features/a/b",
      "%2F in a single value: one segment and several | /reports/{id}/run | id=a/b | /reports/a%2Fb/run | - "
          + "| reports/a/b/run , reports/a/b/run(3)",
      "double-encoded slash in a value | /{proxy+} | proxy=api/features%2Fx | /api/features%252Fx | - "
          + "| api/features/x",
      "dot segments in a greedy value pop | /{proxy+} | proxy=api/x/../features/y | /api/x/../features/y | - "
          + "| api/features/y",
      "matrix parameters in a value | /{proxy+} | proxy=api/features;jsessionid=1/x;y | /api/features;jsessionid=1/x;y"
          + " | - | api/features/x",
      "no resource: the path, and without the stage | - | - | /prod/api/features/x | - "
          + "| prod/api/features/x , api/features/x",
      "a parameter missing: the path | /{proxy+} | - | /api/features/x | - | api/features/x",
  })
  void matchesTheRouteTheBackendReceives(String what, String resource, String params, String path, String contextPath,
      String expected) {
    List<List<String>> c = RequestRoute.candidates(resource, params(params), path, contextPath, "prod");
    assertThat(describe(c)).as(what).isEqualTo(expected);
  }

  static Map<String, String> params(String spec) {
    if (spec == null) {
      return null;
    }
    Map<String, String> m = new HashMap<>();
    for (String kv : spec.split("&")) {
      int eq = kv.indexOf('=');
      m.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return m;
  }

  /** Candidates joined with '/', separated by " , "; a segment holding a '/' is marked with the list's size. */
  static String describe(List<List<String>> c) {
    StringBuilder b = new StringBuilder();
    for (List<String> segs : c) {
      if (b.length() > 0) {
        b.append(" , ");
      }
      String joined = String.join("/", segs);
      b.append(joined);
      if (joined.split("/", -1).length != segs.size() && !segs.isEmpty()) {
        b.append('(').append(segs.size()).append(')');
      }
    }
    return b.toString();
  }
}
