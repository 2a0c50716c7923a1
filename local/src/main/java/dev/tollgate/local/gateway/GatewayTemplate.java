package dev.tollgate.local.gateway;

import static dev.tollgate.local.gateway.Intrinsics.map;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The API of template.yaml as the local gateway serves it: its gateway responses, the
 * methods of its definition (authorizer or not, integration request headers), and the
 * functions' {@code Api} events that run the usage authorizer (Lambda proxy routes such as
 * {@code GET /usage}), evaluated for one set of parameter values. Function routes without the
 * authorizer (the webhook, unsubscribe) the local stack serves itself. The local stack answers from this, so it cannot drift from
 * what the template deploys.
 */
public final class GatewayTemplate {
  private static final String ANY = "x-amazon-apigateway-any-method";
  private static final String HEADER = "integration.request.header.";

  private final String source;
  private final Map<String, GatewayResponse> responses = new LinkedHashMap<>();
  private final List<PathRoutes> paths = new ArrayList<>();

  private record PathRoutes(String resource, Pattern pattern, int literalChars, Map<String, Route> byMethod) {}

  private GatewayTemplate(String source) {
    this.source = source;
  }

  /** Reads the one {@code AWS::Serverless::Api} of {@code template} with {@code parameters} (defaults for the rest). */
  public static GatewayTemplate of(Map<String, Object> template, Map<String, String> parameters, String source) {
    Map<String, Object> api = theApi(template);
    Intrinsics cfn = new Intrinsics(template, parameters);
    GatewayTemplate t = new GatewayTemplate(source);
    map(api.get("GatewayResponses")).forEach((type, r) -> t.responses.put(type, response(type, map(cfn.eval(r)))));
    Map<String, Object> auth = map(api.get("Auth"));
    boolean defaultAuthorizer = auth.get("DefaultAuthorizer") != null;
    boolean preflightAuthorized = !Boolean.FALSE.equals(auth.get("AddDefaultAuthorizerToCorsPreflight"));
    map(map(api.get("DefinitionBody")).get("paths")).forEach((path, methods) -> {
      Map<String, Route> byMethod = new LinkedHashMap<>();
      map(methods).forEach((method, spec) -> {
        String m = method.equals(ANY) ? "ANY" : method.toUpperCase(Locale.ROOT);
        if (m.equals("PARAMETERS")) {
          return;
        }
        Map<String, Object> s = map(spec);
        boolean authorized = s.containsKey("security") ? secured(s.get("security"))
            : defaultAuthorizer && (preflightAuthorized || !m.equals("OPTIONS"));
        Map<String, String> headers = new LinkedHashMap<>();
        map(cfn.eval(map(s.get("x-amazon-apigateway-integration")).get("requestParameters"))).forEach((k, v) -> {
          if (k.startsWith(HEADER)) {
            headers.put(k.substring(HEADER.length()), String.valueOf(v));
          }
        });
        byMethod.put(m, new Route(path, authorized, headers));
      });
      t.paths.add(new PathRoutes(path, pattern(path), path.replaceAll("\\{[^}]*}", "").length(), byMethod));
    });
    functionRoutes(template, defaultAuthorizer).forEach((path, byMethod) ->
        t.paths.add(new PathRoutes(path, pattern(path), path.replaceAll("\\{[^}]*}", "").length(), byMethod)));
    t.paths.sort(Comparator.comparingInt(PathRoutes::literalChars).reversed());
    return t;
  }

  /** Where the template was read from (for messages). */
  public String source() {
    return source;
  }

  /** The response types the template defines. */
  public Set<String> responseTypes() {
    return responses.keySet();
  }

  /** The template's gateway response of {@code type}, if it defines one. */
  public Optional<GatewayResponse> response(String type) {
    return Optional.ofNullable(responses.get(type));
  }

  /** The method serving {@code method} on {@code path} (most literal path first; a method's own entry before ANY). */
  public Optional<Route> route(String method, String path) {
    for (PathRoutes p : paths) {
      if (p.pattern.matcher(path).matches()) {
        Route r = p.byMethod.get(method.toUpperCase(Locale.ROOT));
        return Optional.ofNullable(r != null ? r : p.byMethod.get("ANY"));
      }
    }
    return Optional.empty();
  }

  /** Path → method → route of every function {@code Api} event that runs the usage authorizer. */
  private static Map<String, Map<String, Route>> functionRoutes(Map<String, Object> template, boolean defaultAuthorizer) {
    Map<String, Map<String, Route>> out = new LinkedHashMap<>();
    map(template.get("Resources")).forEach((id, r) -> {
      if (!"AWS::Serverless::Function".equals(map(r).get("Type"))) {
        return;
      }
      map(map(map(r).get("Properties")).get("Events")).values().forEach(e -> {
        Map<String, Object> props = map(map(e).get("Properties"));
        Object authorizer = map(props.get("Auth")).get("Authorizer");
        boolean authorized = authorizer == null ? defaultAuthorizer : !"NONE".equals(authorizer);
        if ("Api".equals(map(e).get("Type")) && authorized) {
          String method = String.valueOf(props.get("Method")).toUpperCase(Locale.ROOT);
          String path = String.valueOf(props.get("Path"));
          out.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method.equals("ANY") ? "ANY" : method,
              new Route(path, true, Map.of(), id));
        }
      });
    });
    return out;
  }

  private static GatewayResponse response(String type, Map<String, Object> r) {
    Map<String, String> headers = new LinkedHashMap<>();
    map(map(r.get("ResponseParameters")).get("Headers")).forEach((k, v) -> headers.put(k, String.valueOf(v)));
    Map<String, Object> templates = map(r.get("ResponseTemplates"));
    String contentType = templates.containsKey("application/json") ? "application/json"
        : templates.keySet().stream().findFirst().orElse("application/json");
    Object status = r.get("StatusCode");
    if (status == null) {
      throw new IllegalArgumentException("gateway response " + type + " has no StatusCode");
    }
    return new GatewayResponse(type, Integer.parseInt(String.valueOf(status)), headers, contentType,
        String.valueOf(templates.getOrDefault(contentType, "")));
  }

  private static boolean secured(Object security) {
    if (!(security instanceof List<?> l) || l.isEmpty()) {
      return false;
    }
    return l.stream().noneMatch(s -> map(s).containsKey("NONE"));
  }

  /** {@code /a/{id}/{proxy+}}: literal segments, one segment per {@code {x}}, the rest for {@code {x+}}. */
  private static Pattern pattern(String path) {
    StringBuilder re = new StringBuilder();
    for (String part : path.split("(?=\\{)|(?<=})")) {
      if (part.startsWith("{") && part.endsWith("+}")) {
        re.append(".+");
      } else if (part.startsWith("{")) {
        re.append("[^/]+");
      } else {
        re.append(Pattern.quote(part));
      }
    }
    return Pattern.compile(re.toString());
  }

  private static Map<String, Object> theApi(Map<String, Object> template) {
    List<Map<String, Object>> apis = new ArrayList<>();
    map(template.get("Resources")).values().forEach(r -> {
      if ("AWS::Serverless::Api".equals(map(r).get("Type"))) {
        apis.add(map(map(r).get("Properties")));
      }
    });
    if (apis.size() != 1) {
      throw new IllegalArgumentException("template.yaml must define exactly one AWS::Serverless::Api, found " + apis.size());
    }
    return apis.get(0);
  }
}
