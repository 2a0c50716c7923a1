package dev.tollgate.identity;

import java.time.Instant;

/** Turns a request's credentials into a {@link Caller}, or refuses them. */
public interface Authenticator {
  /** The caller the headers prove, at {@code now}; refuses missing, bad or expired credentials. */
  Caller authenticate(RequestHeaders headers, Instant now) throws InvalidCredentialsException;
}
