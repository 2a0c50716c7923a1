package dev.tollgate.local.gateway;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the API's gateway responses (template.yaml's {@code GatewayResponses}), evaluated
 * for the local stack's parameter values: the status, the headers (static {@code 'value'}s,
 * {@code method.request.header.X} or {@code context.authorizer.X}, a header whose value is
 * missing or empty not sent) and the body template, whose
 * {@code $context.authorizer.*} references it fills as API Gateway does (a missing value
 * renders empty).
 *
 * @param type the response type, e.g. {@code ACCESS_DENIED}
 * @param status the HTTP status
 * @param headers header name to its mapping expression
 * @param contentType the response template's content type
 * @param template the body template
 */
public record GatewayResponse(String type, int status, Map<String, String> headers, String contentType, String template) {
  private static final Pattern AUTHORIZER = Pattern.compile("\\$\\{?context\\.authorizer\\.([A-Za-z0-9_]+)}?");
  private static final Pattern OTHER_VTL = Pattern.compile("\\$!?\\{?[A-Za-z]|#(set|if|foreach|else|end)\\b");
  private static final Pattern REQUEST_HEADER = Pattern.compile("method\\.request\\.header\\.([A-Za-z0-9-]+)");
  private static final Pattern CONTEXT_VALUE = Pattern.compile("context\\.authorizer\\.([A-Za-z0-9_]+)");

  /** Checks what the local gateway can render, naming the response and the expression it cannot. */
  public GatewayResponse {
    Matcher rest = OTHER_VTL.matcher(AUTHORIZER.matcher(template).replaceAll(""));
    if (rest.find()) {
      throw new IllegalArgumentException("gateway response " + type + ": the local gateway renders only "
          + "$context.authorizer.* in templates, not '" + template.substring(rest.start()) + "'");
    }
    headers.forEach((name, expr) -> {
      if (!isStatic(expr) && !REQUEST_HEADER.matcher(expr).matches() && !CONTEXT_VALUE.matcher(expr).matches()) {
        throw new IllegalArgumentException("gateway response " + type + ": header " + name + " maps '" + expr
            + "'; the local gateway renders static 'values', method.request.header.* and context.authorizer.* only");
      }
    });
    headers = Map.copyOf(headers);
  }

  /** The response as API Gateway sends it for an authorizer {@code context} and the request's headers. */
  public Rendered render(Map<String, String> context, Map<String, String> requestHeaders) {
    Map<String, String> out = new LinkedHashMap<>();
    headers.forEach((name, expr) -> {
      Matcher c = CONTEXT_VALUE.matcher(expr);
      String v = isStatic(expr) ? expr.substring(1, expr.length() - 1)
          : c.matches() ? context.get(c.group(1)) : header(requestHeaders, expr);
      if (v != null && !v.isEmpty()) {
        out.put(name, v);
      }
    });
    Matcher m = AUTHORIZER.matcher(template);
    StringBuilder body = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(body, Matcher.quoteReplacement(context.getOrDefault(m.group(1), "")));
    }
    m.appendTail(body);
    return new Rendered(status, out, contentType, body.toString());
  }

  private static String header(Map<String, String> requestHeaders, String expr) {
    Matcher m = REQUEST_HEADER.matcher(expr);
    String wanted = m.matches() ? m.group(1).toLowerCase(Locale.ROOT) : "";
    for (Map.Entry<String, String> h : requestHeaders.entrySet()) {
      if (h.getKey().toLowerCase(Locale.ROOT).equals(wanted)) {
        return h.getValue();
      }
    }
    return null;
  }

  private static boolean isStatic(String expr) {
    return expr.length() >= 2 && expr.startsWith("'") && expr.endsWith("'");
  }

  /**
   * A rendered answer.
   *
   * @param status the HTTP status
   * @param headers the headers to send
   * @param contentType the body's content type
   * @param body the body
   */
  public record Rendered(int status, Map<String, String> headers, String contentType, String body) {}
}
