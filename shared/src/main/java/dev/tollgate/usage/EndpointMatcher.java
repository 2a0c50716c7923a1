package dev.tollgate.usage;

import dev.tollgate.config.GatingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the gates a request falls under: every loop step whose endpoint glob matches one
 * of the request's normalised route candidates and whose methods include the request's.
 * Literal segments compare case-insensitively, so case cannot dodge counting. {@code HEAD}
 * counts where {@code GET} does (frameworks answer it with the GET handler); a CORS preflight
 * is never counted; any other {@code OPTIONS} is an ordinary request, counted by a trigger
 * whose methods include {@code OPTIONS} (or {@code ANY}).
 */
public final class EndpointMatcher {
  private final List<Gate> gates;

  /** A matcher over {@code gates} (in config order). */
  public EndpointMatcher(List<Gate> gates) {
    this.gates = List.copyOf(gates);
  }

  /** The gates that count {@code request}. */
  public List<Gate> match(GateRequest request) {
    if (request.corsPreflight()) {
      return List.of();
    }
    return match(request.method(), request.routes());
  }

  /** The gates that count a {@code method} request on any of the {@code pathCandidates}. */
  public List<Gate> match(String method, List<List<String>> pathCandidates) {
    String m = method == null ? "" : method.toUpperCase(Locale.ROOT);
    boolean head = m.equals("HEAD");
    List<Gate> out = null;
    for (Gate g : gates) {
      GatingConfig.Trigger t = g.step().trigger();
      if (!t.matchesMethod(m) && !(head && t.matchesMethod("GET"))) {
        continue;
      }
      for (List<String> segs : pathCandidates) {
        if (t.endpoint().matches(segs)) {
          if (out == null) {
            out = new ArrayList<>(2);
          }
          out.add(g);
          break;
        }
      }
    }
    return out == null ? List.of() : out;
  }

  /** Every gate, in config order. */
  public List<Gate> gates() {
    return gates;
  }
}
