package dev.tollgate.usage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The route a REST API request reaches the backend on: the API Gateway resource template
 * ({@code resource}, e.g. {@code /{proxy+}} or {@code /reports/{id}/run}) with the request's
 * {@code pathParameters} filled in, as normalised segments ({@link RequestPath}).
 *
 * <p>Why not {@code path}: behind a custom domain with a base-path mapping
 * ({@code api.example.com/v1} → the API) API Gateway puts the base path into {@code path} and
 * {@code requestContext.path}, while the backend routes on the resource with its parameters.
 *
 * <p>Parameter values arrive URL-decoded. A greedy {@code {name+}} value is split on
 * {@code /}: an encoded {@code %2F} in it was decoded by API Gateway and reaches an HTTP
 * backend as a separator. A {@code /} inside a single {@code {name}} value (sent as
 * {@code %2F}) is read both ways, as one segment (what a Lambda routing on the resource sees)
 * and as several (what an HTTP backend receives), and a gate matching either counts the call.
 */
public final class RequestRoute {
  private RequestRoute() {}

  /**
   * Candidate segment lists for a request: the filled-in {@code resource} when the event has
   * one and every parameter it names is present, else the {@code path} (see
   * {@link RequestPath#candidates}). Nothing is copied from {@code pathParameters}.
   */
  public static List<List<String>> candidates(String resource, Map<String, String> pathParameters, String path,
      String contextPath, String stage) {
    if (resource == null || resource.isEmpty()) {
      return RequestPath.candidates(path, contextPath, stage);
    }
    List<String> split = new ArrayList<>(8);
    List<String> whole = null;
    int start = 0;
    int n = resource.length();
    for (int i = 0; i <= n; i++) {
      if (i < n && resource.charAt(i) != '/') {
        continue;
      }
      if (i > start) {
        String seg = resource.substring(start, i);
        if (seg.length() > 2 && seg.charAt(0) == '{' && seg.charAt(seg.length() - 1) == '}') {
          boolean greedy = seg.charAt(seg.length() - 2) == '+';
          String value = pathParameters == null ? null
              : pathParameters.get(seg.substring(1, seg.length() - (greedy ? 2 : 1)));
          if (value == null) {
            // the event does not fit its own resource: the path is all that is left to match
            return RequestPath.candidates(path, contextPath, stage);
          }
          String decoded = RequestPath.decode(value);
          int before = split.size();
          RequestPath.split(decoded, split);
          if (!greedy && split.size() - before > 1) {
            whole = whole != null ? whole : new ArrayList<>(split.subList(0, before));
            whole.add(decoded);
          } else if (whole != null) {
            whole.addAll(split.subList(before, split.size()));
          }
        } else {
          split.add(seg);
          if (whole != null) {
            whole.add(seg);
          }
        }
      }
      start = i + 1;
    }
    List<List<String>> out = new ArrayList<>(2);
    out.add(RequestPath.normalise(split));
    if (whole != null) {
      out.add(RequestPath.normalise(whole));
    }
    return out;
  }
}
