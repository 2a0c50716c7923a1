package dev.tollgate.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Map;

/** The local gateway in front of a recording upstream, on free ports, for the gateway ITs. */
final class TestGateways {
  private TestGateways() {}

  /** An upstream that answers 204 and records each request's headers (lower-cased names) into {@code saw}. */
  static HttpServer recordingUpstream(Map<String, String> saw) throws IOException {
    HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext("/", ex -> {
      ex.getRequestHeaders().forEach((k, v) -> saw.put(k.toLowerCase(), String.join("|", v)));
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    upstream.start();
    return upstream;
  }

  /** The gateway of template.yaml over {@code lambda}'s functions, proxying allowed calls to {@code upstream}. */
  static HttpServer gateway(LambdaInvokeApi lambda, HttpServer upstream) throws IOException {
    URI up = URI.create("http://127.0.0.1:" + upstream.getAddress().getPort());
    GatewayEmulator emulator = new GatewayEmulator(lambda, up, Clock.systemUTC(), LocalStack.gatewayTemplate(up));
    HttpServer gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    gateway.createContext("/", emulator::handle);
    gateway.start();
    return gateway;
  }
}
