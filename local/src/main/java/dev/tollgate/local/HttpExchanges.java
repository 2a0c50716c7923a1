package dev.tollgate.local;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers over the JDK's {@link HttpExchange}: read a request, write an answer. */
final class HttpExchanges {
  private HttpExchanges() {}

  /** Writes {@code body} with {@code status} and a content type; closes the exchange. */
  static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
    if (contentType != null) {
      ex.getResponseHeaders().set("Content-Type", contentType);
    }
    boolean empty = body == null || body.length == 0 || "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(status, empty ? -1 : body.length);
    if (!empty) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
    ex.close();
  }

  /** Writes a JSON answer. */
  static void json(HttpExchange ex, int status, String json) throws IOException {
    send(ex, status, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  /** The request body. */
  static byte[] body(HttpExchange ex) throws IOException {
    return ex.getRequestBody().readAllBytes();
  }

  /** Single-value headers as API Gateway gives them (the last value of a repeated header wins). */
  static Map<String, String> headers(HttpExchange ex) {
    Map<String, String> out = new LinkedHashMap<>();
    ex.getRequestHeaders().forEach((k, v) -> out.put(k, v.isEmpty() ? "" : v.get(v.size() - 1)));
    return out;
  }

  /** Multi-value headers. */
  static Map<String, List<String>> multiHeaders(HttpExchange ex) {
    return new LinkedHashMap<>(ex.getRequestHeaders());
  }

  /** Decoded query parameters; the last value of a repeated one wins, as in API Gateway. */
  static Map<String, String> query(String rawQuery) {
    Map<String, String> out = new LinkedHashMap<>();
    multiQuery(rawQuery).forEach((k, v) -> out.put(k, v.get(v.size() - 1)));
    return out;
  }

  /** Decoded query parameters with every value of a repeated one, in order. */
  static Map<String, List<String>> multiQuery(String rawQuery) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.computeIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), x -> new ArrayList<>())
          .add(URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }
}
