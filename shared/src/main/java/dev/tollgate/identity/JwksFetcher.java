package dev.tollgate.identity;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;

/** Fetches an issuer's current JSON Web Key Set. */
@FunctionalInterface
public interface JwksFetcher {
  /** Largest JWKS document accepted, in bytes. */
  int MAX_BYTES = 256 * 1024;

  /** The key set as published now; fails on I/O errors, non-2xx answers and bad JSON. */
  JWKSet fetch() throws IOException, ParseException;

  /** Fetches {@code url} over HTTP(S) with the given connect and read timeouts. */
  static JwksFetcher http(URI url, Duration connectTimeout, Duration readTimeout) {
    int connect = Math.toIntExact(connectTimeout.toMillis());
    int read = Math.toIntExact(readTimeout.toMillis());
    return () -> JWKSet.load(url.toURL(), connect, read, MAX_BYTES);
  }
}
