package dev.tollgate.identity;

import static dev.tollgate.identity.TestTokens.EC;
import static dev.tollgate.identity.TestTokens.NOW;
import static dev.tollgate.identity.TestTokens.OTHER_RSA;
import static dev.tollgate.identity.TestTokens.RSA;
import static dev.tollgate.identity.TestTokens.SECRET;
import static dev.tollgate.identity.TestTokens.bearer;
import static dev.tollgate.identity.TestTokens.hs256;
import static dev.tollgate.identity.TestTokens.rs256;
import static dev.tollgate.identity.TestTokens.sign;
import static dev.tollgate.identity.TestTokens.validClaims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.PlainJWT;
import dev.tollgate.config.GatingConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JwtAuthenticatorTest {

  /** One request: its headers and either the user it proves or a fragment of the refusal. */
  record Case(String name, RequestHeaders headers, String user, String refusal) {
    static Case ok(String name, String headerValue, String user) {
      return new Case(name, auth(headerValue), user, null);
    }

    static Case refused(String name, String headerValue, String why) {
      return new Case(name, auth(headerValue), null, why);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static RequestHeaders auth(String value) {
    return RequestHeaders.of(value == null ? Map.of() : Map.of("Authorization", value));
  }

  static Stream<Case> hmacCases() {
    String valid = hs256(c -> c);
    return Stream.of(
        Case.ok("valid", bearer(valid), "user-1"),
        new Case("lower-case header name and scheme", RequestHeaders.of(Map.of("authorization", "bearer " + valid)),
            "user-1", null),
        Case.refused("missing header", null, "no authorization header"),
        new Case("ambiguous header", RequestHeaders.of(Map.of("Authorization", bearer(valid)),
            Map.of("authorization", List.of(bearer(hs256(c -> c.subject("user-2")))))), null, "twice"),
        Case.refused("wrong scheme", "Basic dXNlcjpwYXNz", "not \"Bearer <token>\""),
        Case.refused("bare token without scheme", valid, "not \"Bearer <token>\""),
        Case.refused("empty bearer", "Bearer ", "not \"Bearer <token>\""),
        Case.refused("malformed token", "Bearer not-a-jwt", "malformed"),
        Case.refused("two-part token", "Bearer abc.def", "malformed"),
        Case.refused("alg none", bearer(new PlainJWT(validClaims().build()).serialize()), "alg none"),
        Case.refused("RS256 token when HS256 is configured", bearer(rs256(c -> c)), "algorithm RS256 not accepted"),
        Case.refused("HS384 token", bearer(sign(JWSAlgorithm.HS384, null, TestTokens.mac(SECRET.getBytes(StandardCharsets.UTF_8)),
            validClaims().build())), "algorithm HS384 not accepted"),
        Case.refused("signed with another secret", bearer(sign(JWSAlgorithm.HS256, null,
            TestTokens.mac("another-secret-that-is-long-enough-0123".getBytes(StandardCharsets.UTF_8)), validClaims().build())),
            "signature"),
        Case.refused("payload swapped after signing", bearer(swapPayload(valid, "{\"sub\":\"admin\",\"exp\":9999999999,"
            + "\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"api\"}")), "signature"),
        Case.refused("expired beyond skew", bearer(hs256(c -> c.expirationTime(at(-61)))), "expired"),
        Case.ok("expired within skew", bearer(hs256(c -> c.expirationTime(at(-30)))), "user-1"),
        Case.refused("no exp", bearer(hs256(c -> c.expirationTime(null))), "no exp"),
        Case.refused("nbf in the future", bearer(hs256(c -> c.notBeforeTime(at(120)))), "not valid yet"),
        Case.ok("nbf within skew", bearer(hs256(c -> c.notBeforeTime(at(30)))), "user-1"),
        Case.refused("iat in the future", bearer(hs256(c -> c.issueTime(at(3600)))), "issued in the future"),
        Case.refused("wrong issuer", bearer(hs256(c -> c.issuer("https://evil.example/"))), "issuer"),
        Case.refused("no issuer", bearer(hs256(c -> c.issuer(null))), "issuer"),
        Case.refused("wrong audience", bearer(hs256(c -> c.audience("other-api"))), "audience"),
        Case.refused("no audience", bearer(hs256(c -> c.audience((String) null))), "audience"),
        Case.ok("one of several audiences", bearer(hs256(c -> c.audience(List.of("other", "admin")))), "user-1"),
        Case.refused("no sub", bearer(hs256(c -> c.subject(null))), "no string sub"),
        Case.refused("sub with braces", bearer(hs256(c -> c.subject("a}{b"))), "not a usable user id"),
        Case.refused("sub with a control character", bearer(hs256(c -> c.subject("a\nb"))), "not a usable user id"),
        Case.refused("empty sub", bearer(hs256(c -> c.subject(""))), "not a usable user id"),
        Case.refused("over-long sub", bearer(hs256(c -> c.subject("x".repeat(300)))), "not a usable user id"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hmacCases")
  void hs256Checks(Case c) {
    check(hmac(), c);
  }

  static Stream<Case> jwksCases() throws Exception {
    byte[] publicDer = RSA.toPublicJWK().toRSAPublicKey().getEncoded();
    byte[] publicJwk = RSA.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
    return Stream.of(
        Case.ok("RS256", bearer(rs256(c -> c)), "user-1"),
        Case.ok("PS256", bearer(sign(JWSAlgorithm.PS256, "r1", TestTokens.rsaSigner(RSA), validClaims().build())), "user-1"),
        Case.ok("ES256", bearer(sign(JWSAlgorithm.ES256, "e1", TestTokens.ecSigner(EC), validClaims().build())), "user-1"),
        Case.ok("RS256 without kid", bearer(sign(JWSAlgorithm.RS256, null, TestTokens.rsaSigner(RSA), validClaims().build())),
            "user-1"),
        Case.refused("HS256 keyed with the RSA public key (DER)", bearer(sign(JWSAlgorithm.HS256, "r1",
            TestTokens.mac(publicDer), validClaims().build())), "algorithm HS256 not accepted"),
        Case.refused("HS256 keyed with the RSA public JWK", bearer(sign(JWSAlgorithm.HS256, "r1",
            TestTokens.mac(publicJwk), validClaims().build())), "algorithm HS256 not accepted"),
        Case.refused("RS256 signed by another key with the same kid", bearer(sign(JWSAlgorithm.RS256, "r1",
            TestTokens.rsaSigner(OTHER_RSA), validClaims().build())), "signature"),
        Case.refused("ES256 claiming the RSA kid", bearer(sign(JWSAlgorithm.ES256, "r1", TestTokens.ecSigner(EC),
            validClaims().build())), "no key"),
        Case.refused("unknown kid", bearer(sign(JWSAlgorithm.RS256, "zz", TestTokens.rsaSigner(RSA), validClaims().build())),
            "no key"),
        Case.refused("alg none", bearer(new PlainJWT(validClaims().build()).serialize()), "alg none"),
        Case.refused("expired RS256", bearer(rs256(c -> c.expirationTime(at(-3600)))), "expired"),
        Case.refused("RS256 wrong audience", bearer(rs256(c -> c.audience("nope"))), "audience"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jwksCases")
  void jwksChecks(Case c) {
    check(JwtAuthenticator.jwks(TestTokens.identity(false, "http://127.0.0.1:1/jwks"),
        () -> new JWKSet(List.of(RSA.toPublicJWK(), EC.toPublicJWK())), Duration.ofSeconds(10), Duration.ofMinutes(15)), c);
  }

  private static void check(Authenticator a, Case c) {
    if (c.user != null) {
      assertThat(call(a, c.headers, NOW)).extracting(Caller::userId).isEqualTo(c.user);
    } else {
      assertThatThrownBy(() -> a.authenticate(c.headers, NOW))
          .isInstanceOf(InvalidCredentialsException.class)
          .hasMessageContaining(c.refusal);
    }
  }

  @Test
  void refusalMessagesNeverContainTheToken() {
    String token = hs256(c -> c.issuer("https://evil.example/"));
    assertThatThrownBy(() -> hmac().authenticate(auth(bearer(token)), NOW))
        .isInstanceOf(InvalidCredentialsException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token).doesNotContain(token.split("\\.")[2]));
  }

  @Test
  void aConfiguredUserClaimMustBeAString() {
    GatingConfig.Jwt base = TestTokens.identity(true, null).jwt().orElseThrow();
    GatingConfig.Jwt uid = new GatingConfig.Jwt(base.secretEnv(), base.jwksUrl(), base.issuer(), base.audience(), "uid", "mail",
        base.clockSkew());
    JwtAuthenticator a = new JwtAuthenticator("Authorization", uid, java.util.Optional.empty(),
        new HmacKeys(SECRET.getBytes(StandardCharsets.UTF_8)),
        EmailClaimRefusals.NONE);
    assertThat(call(a, auth(bearer(hs256(c -> c.claim("uid", "u-9").claim("mail", "m@example.com")))), NOW))
        .isEqualTo(new Caller("u-9", "m@example.com"));
    assertThatThrownBy(() -> a.authenticate(auth(bearer(hs256(c -> c.claim("uid", 42)))), NOW))
        .isInstanceOf(InvalidCredentialsException.class).hasMessageContaining("no string uid claim");
    assertThatThrownBy(() -> a.authenticate(auth(bearer(hs256(c -> c))), NOW))
        .isInstanceOf(InvalidCredentialsException.class).hasMessageContaining("no string uid claim");
  }

  @Test
  void emailComesFromTheConfiguredClaimAndIsOptional() {
    JwtAuthenticator a = hmac();
    assertThat(call(a, auth(bearer(hs256(c -> c))), NOW)).isEqualTo(new Caller("user-1", "user-1@example.com"));
    assertThat(call(a, auth(bearer(hs256(c -> c.claim("email", null)))), NOW)).isEqualTo(new Caller("user-1", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileEmails")
  void anEmailClaimThatIsNotExactlyOneAddressGivesNoEmailAndIsCounted(String what, Object claim) {
    List<Instant> counted = new ArrayList<>();
    JwtAuthenticator a = hmac().countingRefusedEmails(counted::add);
    RequestHeaders h = auth(bearer(hs256(c -> c.claim("email", claim))));
    assertThat(call(a, h, NOW)).as(what).isEqualTo(new Caller("user-1", null));
    assertThat(counted).as("counted once, when the token is first verified").containsExactly(NOW);
    call(a, h, NOW.plusSeconds(1));
    assertThat(counted).hasSize(1);
  }

  static Stream<Arguments> hostileEmails() {
    return Stream.of(
        Arguments.of("CR/LF header injection", "ada@example.com\r\nBcc: all@example.com"),
        Arguments.of("LF alone", "ada@example.com\nBcc: all@example.com"),
        Arguments.of("comma list", "ada@example.com, eve@example.com"),
        Arguments.of("comma list without space", "ada@example.com,eve@example.com"),
        Arguments.of("semicolon list", "ada@example.com;eve@example.com"),
        Arguments.of("display name", "Ada <ada@example.com>"),
        Arguments.of("angle brackets only", "<ada@example.com>"),
        Arguments.of("quoted display name", "\"Ada, Inc\" <ada@example.com>"),
        Arguments.of("comment", "ada@example.com (Ada)"),
        Arguments.of("quoted local part", "\"ada lovelace\"@example.com"),
        Arguments.of("domain literal", "ada@[192.0.2.1]"),
        Arguments.of("two @", "ada@eve@example.com"),
        Arguments.of("no @", "ada.example.com"),
        Arguments.of("no domain dot", "ada@localhost"),
        Arguments.of("leading dot", ".ada@example.com"),
        Arguments.of("double dot", "ada..l@example.com"),
        Arguments.of("hyphen label end", "ada@example-.com"),
        Arguments.of("surrounding space", " ada@example.com "),
        Arguments.of("tab", "ada@exa\tmple.com"),
        Arguments.of("NUL", "ada@example.com\u0000"),
        Arguments.of("non-ASCII", "adä@example.com"),
        Arguments.of("local part over 64", "a".repeat(65) + "@example.com"),
        Arguments.of("over 254", "a@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63) + "." + "e".repeat(63)
            + ".com"),
        Arguments.of("a list claim", List.of("ada@example.com", "eve@example.com")),
        Arguments.of("a number", 42));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ada@example.com", "Ada.Lovelace+tollgate@mail.example.co.uk", "o'brien@example.ie",
      "x_y-z=1/2@sub-domain.example.com", "a@b.co"})
  void oneAddressIsTheCallersEmail(String address) {
    List<Instant> counted = new ArrayList<>();
    JwtAuthenticator a = hmac().countingRefusedEmails(counted::add);
    assertThat(call(a, auth(bearer(hs256(c -> c.claim("email", address)))), NOW)).isEqualTo(new Caller("user-1", address));
    assertThat(counted).isEmpty();
  }

  @Test
  void emailVerifiedFalseMeansNoEmail() {
    List<Instant> counted = new ArrayList<>();
    JwtAuthenticator a = hmac().countingRefusedEmails(counted::add);
    assertThat(call(a, auth(bearer(hs256(c -> c.claim("email_verified", false)))), NOW).email()).isNull();
    assertThat(call(a, auth(bearer(hs256(c -> c.claim("email_verified", "false").subject("u2")))), NOW).email()).isNull();
    assertThat(call(a, auth(bearer(hs256(c -> c.claim("email_verified", true).subject("u3")))), NOW).email())
        .isEqualTo("user-1@example.com");
    assertThat(call(a, auth(bearer(hs256(c -> c.claim("email_verified", "true").subject("u4")))), NOW).email())
        .isEqualTo("user-1@example.com");
    assertThat(counted).as("an unverified address is not a hostile one").isEmpty();
  }

  @Test
  void aFailingRefusalCounterDoesNotRefuseTheCaller() {
    JwtAuthenticator a = hmac().countingRefusedEmails(at -> {
      throw new IllegalStateException("redis down");
    });
    assertThat(call(a, auth(bearer(hs256(c -> c.claim("email", "a@b.com, c@d.com")))), NOW))
        .isEqualTo(new Caller("user-1", null));
  }

  @Test
  void aRepeatedTokenIsVerifiedOnce() {
    CountingKeys keys = new CountingKeys(new HmacKeys(SECRET.getBytes(StandardCharsets.UTF_8)));
    JwtAuthenticator a = new JwtAuthenticator("Authorization", TestTokens.identity(true, null).jwt().orElseThrow(),
        java.util.Optional.empty(), keys,
        EmailClaimRefusals.NONE);
    RequestHeaders h = auth(bearer(hs256(c -> c)));
    for (int i = 0; i < 100; i++) {
      assertThat(call(a, h, NOW.plusSeconds(i)).userId()).isEqualTo("user-1");
    }
    assertThat(keys.lookups.get()).isEqualTo(1);
    call(a, auth(bearer(hs256(c -> c.subject("user-2")))), NOW);
    assertThat(keys.lookups.get()).isEqualTo(2);
  }

  @Test
  void aCachedTokenStillExpires() throws Exception {
    JwtAuthenticator a = hmac();
    RequestHeaders h = auth(bearer(hs256(c -> c.expirationTime(at(600)))));
    assertThat(a.authenticate(h, NOW).userId()).isEqualTo("user-1");
    assertThat(a.authenticate(h, NOW.plusSeconds(600 + 59)).userId()).isEqualTo("user-1");
    assertThatThrownBy(() -> a.authenticate(h, NOW.plusSeconds(600 + 60)))
        .isInstanceOf(InvalidCredentialsException.class).hasMessageContaining("expired");
  }

  @Test
  void aCachedTokenStillChecksNotBefore() throws Exception {
    JwtAuthenticator a = hmac();
    RequestHeaders h = auth(bearer(hs256(c -> c.notBeforeTime(Date.from(NOW)).issueTime(Date.from(NOW.minusSeconds(3600))))));
    assertThat(a.authenticate(h, NOW).userId()).isEqualTo("user-1");
    assertThatThrownBy(() -> a.authenticate(h, NOW.minusSeconds(120)))
        .isInstanceOf(InvalidCredentialsException.class).hasMessageContaining("not valid yet");
  }

  @Test
  void aMissingSecretNamesTheVariable() {
    assertThatThrownBy(() -> JwtAuthenticator.hmac(TestTokens.identity(true, null), Map.of()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("JWT_SECRET").hasMessageContaining("not set");
  }

  @Test
  void aShortSecretIsRefusedWithoutEchoingIt() {
    String shortSecret = "only-31-bytes-of-secret-materia";
    assertThat(shortSecret).hasSize(31);
    assertThatThrownBy(() -> JwtAuthenticator.hmac(TestTokens.identity(true, null), Map.of("JWT_SECRET", shortSecret)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("JWT_SECRET").hasMessageContaining("32 bytes")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(shortSecret));
  }

  static JwtAuthenticator hmac() {
    return JwtAuthenticator.hmac(TestTokens.identity(true, null), Map.of("JWT_SECRET", SECRET));
  }

  @Test
  void theAccountClaimNamesTheOrganisationWhoseAccountTheCallerDrawsOn() throws Exception {
    JwtAuthenticator a = new JwtAuthenticator("Authorization", TestTokens.identity(true, null).jwt().orElseThrow(),
        java.util.Optional.of("org_id"), new HmacKeys(SECRET.getBytes(StandardCharsets.UTF_8)), EmailClaimRefusals.NONE);
    Caller member = call(a, auth(bearer(hs256(c -> c.claim("org_id", "acme")))), NOW);
    assertThat(member.account()).isEqualTo(AccountId.organisation("acme"));
    assertThat(member.account().value()).isEqualTo("@acme");
    Caller numeric = call(a, auth(bearer(hs256(c -> c.claim("org_id", 42)))), NOW);
    assertThat(numeric.account().value()).isEqualTo("@42");
    Caller alone = call(a, auth(bearer(hs256(c -> c))), NOW);
    assertThat(alone.account()).as("no claim: the caller's own account").isEqualTo(AccountId.personal(alone.user()));
    for (Object bad : new Object[] {"", "ac}me", java.util.List.of("acme"), java.util.Map.of("id", "acme"), 1.5}) {
      assertThatThrownBy(() -> a.authenticate(auth(bearer(hs256(c -> c.claim("org_id", bad)))), NOW))
          .as("org_id %s", bad).isInstanceOf(InvalidCredentialsException.class).hasMessageContaining("org_id");
    }
  }

  @Test
  void aUserIdThatLooksLikeAnOrganisationStaysAPersonalAccount() {
    assertThat(AccountId.personal(UserId.of("@acme"))).isNotEqualTo(AccountId.organisation("acme"));
    assertThat(AccountId.personal(UserId.of("@acme")).personalUser()).isEqualTo(UserId.of("@acme"));
    assertThat(AccountId.personal(UserId.of("\\x")).value()).isEqualTo("\\\\x");
    assertThat(AccountId.parse("@acme").isOrganisation()).isTrue();
    assertThat(AccountId.parse("alice").personalUser()).isEqualTo(UserId.of("alice"));
  }

  static Caller call(Authenticator a, RequestHeaders h, Instant now) {
    try {
      return a.authenticate(h, now);
    } catch (InvalidCredentialsException e) {
      throw new AssertionError("refused: " + e.getMessage(), e);
    }
  }

  static Date at(long secondsFromNow) {
    return Date.from(NOW.plusSeconds(secondsFromNow));
  }

  private static String swapPayload(String token, String json) {
    String[] parts = token.split("\\.");
    return parts[0] + "." + Base64URL.encode(json) + "." + parts[2];
  }

  /** Counts how often the authenticator asks for keys, i.e. really verifies a token. */
  static final class CountingKeys implements SigningKeys {
    final AtomicInteger lookups = new AtomicInteger();
    private final SigningKeys inner;

    CountingKeys(SigningKeys inner) {
      this.inner = inner;
    }

    @Override
    public Set<JWSAlgorithm> algorithms() {
      return inner.algorithms();
    }

    @Override
    public List<JWSVerifier> verifiersFor(JWSHeader header, long nowMs) throws InvalidCredentialsException {
      lookups.incrementAndGet();
      return inner.verifiersFor(header, nowMs);
    }

    @Override
    public boolean stillTrusts(JWSVerifier verifier, long nowMs) {
      return inner.stillTrusts(verifier, nowMs);
    }
  }
}
