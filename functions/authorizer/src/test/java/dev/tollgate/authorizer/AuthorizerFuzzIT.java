package dev.tollgate.authorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.identity.UserId;
import dev.tollgate.redis.Keys;
import dev.tollgate.testing.RedisProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Hostile authorizer events (hand-picked nasties and a seeded random mix) through the real
 * handler on a dedicated redis-server. Every input ends in a decision for exactly the token's
 * user, {@code Unauthorized}, or nothing else; afterwards every key in Redis matches the
 * documented schema, every user tag belongs to a user the handler accepted, and a victim
 * user's keys are untouched.
 */
class AuthorizerFuzzIT {
  /** Now: windows expire (PEXPIREAT) relative to the Redis server's clock, so the test clock must be real. */
  static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  static final long SEED = 0xF022L;
  static final int RANDOM_CASES = 2500;
  static final String VICTIM = "victim";
  /** A user's or (personal) account's key; group 1 is the id, a leading backslash escapes a personal id. */
  static final Pattern USER_KEY = Pattern.compile(
      "^\\{(?:a|u):\\\\?([^{}\\r\\n]+)\\}(:o|:t|:e|:k|:cr|:m:[A-Za-z0-9_.:-]+)?$");
  static final Pattern GLOBAL_KEY = Pattern.compile(
      "^\\{tg\\}:(f:\\d{4}-\\d{2}-\\d{2}(:ttc:[a-z0-9_-]+)?|q:(due|lease|items|done|dead)|cs|pending|f:\\d{4}-\\d{2}-\\d{2}:ids)$");
  static final String[] SUBS = {VICTIM + "}", "{u:" + VICTIM + "}", VICTIM + "}:p", "}" + VICTIM, VICTIM + "\n",
      VICTIM + "\r\n", VICTIM + "\u0000", " " + VICTIM, VICTIM + " ", "a:b", "a:b:c", "::", ":", "}{", "{", "}", "",
      " ", "\t", "\n", "x".repeat(256), "x".repeat(257), "é".repeat(128), "é".repeat(129), "y".repeat(10_000),
      "用户", "👤" + VICTIM, "\u202e" + VICTIM, VICTIM.toUpperCase(), "../" + VICTIM, "%7B" + VICTIM + "%7D",
      "\u007f", "\u2028", "\uFEFF" + VICTIM, "null", "undefined", "*", "?", "[", "\\", "\"", "'"};
  static final String[] PATHS = {"/api/features/search", "/api/features/%00", "/api/features/..", "/api/features/../x",
      "/api/features/a%2Fb", "/api/features/a/b", "/api/features/", "/api/features", "//api//features//x", "/API/FEATURES/X",
      "/api/features/ü", "/api/features/" + "z".repeat(10_000), "/prod/api/features/x", "", "/", "*", "%00", "\u0000",
      "/api/features/x?y=1", "/api/features/x#frag", "/api/features/\n", "/api/%66eatures/x", null};
  static final String[] METHODS = {"POST", "post", "GET", "PUT", "", " ", "POST ", "P0ST", "\u0000", null, "ANY", "*"};

  static RedisProcess server;
  static UnifiedJedis redis;
  static UsageAuthorizerHandler handler;
  static final Set<String> accepted = new HashSet<>();
  static final Map<String, Integer> outcomes = new LinkedHashMap<>();

  @BeforeAll
  static void start() {
    server = RedisProcess.start();
    redis = server.client(Duration.ofSeconds(2));
    GatingConfig config = AuthorizerRig.config(3, "closed", "500ms", "1s");
    handler = AuthorizerRig.handler(config, redis, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterAll
  static void stop() {
    redis.close();
    server.close();
  }

  static String hs256(String sub, Instant iat, Instant exp) {
    return AuthorizerRig.token(sub, iat, exp);
  }

  static String valid(String sub) {
    return hs256(sub, NOW.minusSeconds(60), NOW.plusSeconds(600));
  }

  /** Runs one event; returns the principal allowed or denied, or null for Unauthorized. Fails on anything else. */
  static String run(String label, AuthorizerRequestEvent e, String expectedUser) {
    IamPolicyResponseV1 p;
    try {
      p = handler.handleRequest(e, null);
    } catch (UsageAuthorizerHandler.UnauthorizedException u) {
      outcomes.merge("Unauthorized", 1, Integer::sum);
      return null;
    } catch (RuntimeException | StackOverflowError x) {
      fail("case " + label + " threw " + x, x);
      return null;
    }
    outcomes.merge(AuthorizerRig.allows(p) ? "Allow" : "Deny", 1, Integer::sum);
    assertThat(expectedUser).as("case %s: a decision for a token that should be refused", label).isNotNull();
    assertThat(p.getPrincipalId()).as("case %s decided for the token's user %s", label, printable(expectedUser))
        .isEqualTo(expectedUser);
    assertThat(UserId.isValid(p.getPrincipalId())).as("case %s: a decided user id is key-safe", label).isTrue();
    accepted.add(p.getPrincipalId());
    return p.getPrincipalId();
  }

  /** allowed.json (resource {@code /{proxy+}}) for {@code method} on {@code path}, as API Gateway fills it. */
  static AuthorizerRequestEvent with(String method, String path, Map<String, String> headers) {
    AuthorizerRequestEvent e = AuthorizerRig.sample("allowed.json");
    e.setHttpMethod(method);
    e.setPath(path);
    e.setPathParameters(path == null ? null : Map.of("proxy", path.startsWith("/") ? path.substring(1) : path));
    return AuthorizerRig.withHeaders(e, headers);
  }

  static Map<String, String> bearer(String token) {
    Map<String, String> h = new HashMap<>();
    h.put("Authorization", "Bearer " + token);
    return h;
  }

  /** Whether a sub should be accepted as a user id (the handler's contract: key-safe ids only). */
  static String expected(String sub) {
    return UserId.isValid(sub) ? sub : null;
  }

  /** The user a token carries as its UTF-8 claims hold it (a lone surrogate does not survive encoding). */
  static String carried(String token) {
    try {
      Object sub = SignedJWT.parse(token).getJWTClaimsSet().getClaim("sub");
      return sub instanceof String str ? expected(str) : null;
    } catch (java.text.ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void handPickedNastiesGetAClearAnswerForTheRightUserOnly() throws Exception {
    String victimToken = valid(VICTIM);
    assertThat(run("victim", AuthorizerRig.event(victimToken), VICTIM)).isEqualTo(VICTIM);
    assertThat(run("victim", AuthorizerRig.event(victimToken), VICTIM)).isEqualTo(VICTIM);
    Map<String, String> victimBefore = victimKeys();
    int cases = 0;
    for (String sub : SUBS) {
      String token = valid(sub);
      run("sub " + printable(sub), AuthorizerRig.event(token), carried(token));
      cases++;
    }
    for (String path : PATHS) {
      for (String method : METHODS) {
        run("path " + printable(path) + " " + printable(method), with(method, path, bearer(valid("path-user"))), "path-user");
        cases++;
      }
    }
    // headers: null map, empty, null keys/values, huge, unicode, duplicates in other case
    Map<String, String> nulls = new HashMap<>();
    nulls.put(null, "x");
    nulls.put("Authorization", null);
    Map<String, String> twice = bearer(valid("dup-a"));
    twice.put("authorization", "Bearer " + valid("dup-b"));
    Map<String, String> huge = bearer(valid("huge-user"));
    huge.put("X-Huge", "h".repeat(200_000));
    Map<String, String> unicodeNames = bearer(valid("uni-user"));
    unicodeNames.put("Äüthörization", "Bearer " + valid(VICTIM + "}"));
    List<Object[]> headerCases = List.of(
        new Object[] {"null headers", null, null},
        new Object[] {"empty headers", Map.of(), null},
        new Object[] {"null key and value", nulls, null},
        new Object[] {"two values in other case", twice, null},
        new Object[] {"huge other header", huge, "huge-user"},
        new Object[] {"unicode header names", unicodeNames, "uni-user"},
        new Object[] {"huge Authorization", Map.of("Authorization", "Bearer " + "a".repeat(100_000)), null},
        new Object[] {"10 kB garbage bearer", Map.of("Authorization", "Bearer " + "x.y.z".repeat(2048)), null},
        new Object[] {"no Bearer", Map.of("Authorization", valid("nobearer")), null},
        new Object[] {"Basic", Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString("a:b".getBytes())), null},
        new Object[] {"Bearer only", Map.of("Authorization", "Bearer "), null},
        new Object[] {"Bearer with spaces", Map.of("Authorization", "Bearer   " + valid("spaces") + "   "), "spaces"},
        new Object[] {"lower-case bearer", Map.of("authorization", "bearer " + valid("lower")), "lower"},
        new Object[] {"unicode token", Map.of("Authorization", "Bearer ünï.cø.dé"), null},
        new Object[] {"three dots", Map.of("Authorization", "Bearer ..."), null},
        new Object[] {"JWE-shaped", Map.of("Authorization", "Bearer a.b.c.d.e"), null});
    for (Object[] c : headerCases) {
      @SuppressWarnings("unchecked")
      Map<String, String> h = (Map<String, String>) c[1];
      run((String) c[0], AuthorizerRig.withHeaders(AuthorizerRig.sample("allowed.json"), h), (String) c[2]);
      cases++;
    }
    AuthorizerRequestEvent noContext = AuthorizerRig.event(valid("noctx"));
    noContext.setRequestContext(null);
    noContext.setMethodArn(null);
    run("no requestContext, no methodArn", noContext, "noctx");
    cases += 1 + refusedTokens() + serializerShapes();
    System.out.printf("authorizer fuzz (hand-picked): %d cases, outcomes %s%n", cases, outcomes);
    assertThat(victimKeys()).as("the victim's keys after every nasty").isEqualTo(victimBefore);
    assertKeysMatchTheSchema();
  }

  /** alg none, algorithm confusion, wrong key, expired, future, missing exp, wrong claim types: all Unauthorized. */
  private int refusedTokens() throws Exception {
    JWTClaimsSet good = new JWTClaimsSet.Builder().subject(VICTIM).expirationTime(Date.from(NOW.plusSeconds(600)))
        .issueTime(Date.from(NOW)).build();
    RSAKey rsa = new RSAKeyGenerator(2048).keyID("k1").generate();
    SignedJWT rs256 = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), good);
    rs256.sign(new RSASSASigner(rsa));
    byte[] publicPem = ("-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(rsa.toPublicKey().getEncoded())
        + "\n-----END PUBLIC KEY-----\n").getBytes(StandardCharsets.UTF_8);
    SignedJWT confused = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), good);
    confused.sign(new MACSigner(publicPem));
    SignedJWT hs512 = new SignedJWT(new JWSHeader(JWSAlgorithm.HS512), good);
    hs512.sign(new MACSigner((AuthorizerRig.SECRET + AuthorizerRig.SECRET).getBytes(StandardCharsets.UTF_8)));
    String none = new PlainJWT(good).serialize();
    String validToken = valid(VICTIM);
    String[] parts = validToken.split("\\.");
    String noneHeader = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    String noneHeaderWithSig = noneHeader + "." + parts[1] + "." + parts[2];
    String lowerNone = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"nOnE\"}".getBytes(StandardCharsets.UTF_8))
        + "." + parts[1] + ".";
    String tamperedPayload = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("{\"sub\":\"other\",\"exp\":" + NOW.plusSeconds(600).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8))
        + "." + parts[2];
    byte[] wrongSecret = "another-secret-of-sufficient-length-0123456789".getBytes(StandardCharsets.UTF_8);
    Map<String, String> refused = new LinkedHashMap<>();
    refused.put("alg none", none);
    refused.put("alg none with the valid signature", noneHeaderWithSig);
    refused.put("alg nOnE", lowerNone);
    refused.put("RS256 (not accepted with an HS256 secret)", rs256.serialize());
    refused.put("HS256 signed with the RSA public key (confusion)", confused.serialize());
    refused.put("HS512", hs512.serialize());
    refused.put("tampered payload", tamperedPayload);
    refused.put("wrong secret", AuthorizerRig.token(VICTIM, NOW, NOW.plusSeconds(600), wrongSecret));
    refused.put("expired", hs256(VICTIM, NOW.minusSeconds(7200), NOW.minusSeconds(3600)));
    refused.put("issued in the future", hs256(VICTIM, NOW.plusSeconds(3600), NOW.plusSeconds(7200)));
    refused.put("no exp", hs256(VICTIM, NOW, null));
    refused.put("nbf in the future", signed(new JWTClaimsSet.Builder(good).notBeforeTime(Date.from(NOW.plusSeconds(3600))).build()));
    refused.put("sub a list", signed(new JWTClaimsSet.Builder(good).claim("sub", List.of(VICTIM)).build()));
    refused.put("sub an object", signed(new JWTClaimsSet.Builder(good).claim("sub", Map.of("u", VICTIM)).build()));
    refused.put("no sub", signed(new JWTClaimsSet.Builder(good).subject(null).build()));
    refused.put("exp a string", signed(new JWTClaimsSet.Builder(good).claim("exp", "tomorrow").build()));
    for (Map.Entry<String, String> c : refused.entrySet()) {
      run(c.getKey(), AuthorizerRig.event(c.getValue()), null);
    }
    String numeric = signed(new JWTClaimsSet.Builder(good).claim("sub", 42).build());
    run("sub a number", AuthorizerRig.event(numeric), carried(numeric));
    return refused.size() + 1;
  }

  private static String signed(JWTClaimsSet claims) throws JOSEException {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(AuthorizerRig.SECRET.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }

  /** Wrong JSON types in the event, where Lambda's own serializer still produces an event. */
  private int serializerShapes() throws Exception {
    String sample = Files.readString(AuthorizerRig.EVENTS.resolve("allowed.json"));
    String token = valid("shape-user");
    String base = sample.replaceAll("Bearer [A-Za-z0-9._-]+", "Bearer " + token);
    List<String> shapes = List.of(
        base.replace("\"path\": \"/api/features/search\"", "\"path\": 12"),
        base.replace("\"path\": \"/api/features/search\"", "\"path\": null"),
        base.replace("\"httpMethod\": \"POST\",", "\"httpMethod\": true,"),
        base.replace("\"headers\": {", "\"headers\": null, \"x\": {"),
        base.replace("\"requestContext\": {", "\"requestContext\": null, \"rc\": {"),
        base.replace("\"stage\": \"prod\"", "\"stage\": 7"),
        base.replace("\"Accept\": \"application/json\"", "\"Accept\": 5"),
        base.replace("\"pathParameters\": {", "\"pathParameters\": null, \"pp\": {"),
        "{}", "{\"headers\": {\"Authorization\": \"Bearer " + token + "\"}}",
        "{\"headers\": {\"Authorization\": \"Bearer " + token + "\"}, \"path\": \"/api/features/x\", \"httpMethod\": \"POST\"}");
    PojoSerializer<AuthorizerRequestEvent> serializer = LambdaEventSerializers.serializerFor(
        AuthorizerRequestEvent.class, AuthorizerRequestEvent.class.getClassLoader());
    int n = 0;
    for (String json : shapes) {
      AuthorizerRequestEvent e;
      try {
        e = serializer.fromJson(json);
      } catch (RuntimeException runtimeRefused) {
        outcomes.merge("refused by Lambda's serializer", 1, Integer::sum);
        continue;
      }
      boolean hasToken = e.getHeaders() != null && e.getHeaders().containsKey("Authorization")
          || e.getMultiValueHeaders() != null && e.getMultiValueHeaders().containsKey("Authorization");
      run("shape " + n, e, hasToken ? "shape-user" : null);
      n++;
    }
    String bearer = "\"Bearer " + token + "\"";
    String multi = "\"multiValueHeaders\": {";
    Map<String, String> multiShapes = new LinkedHashMap<>();
    multiShapes.put(base.replace(multi, "\"multiValueHeaders\": null, \"m\": {"), "shape-user");
    multiShapes.put(base.replace(multi, multi + "\"authorization\": [" + bearer + ", \"Bearer other\"], "), null);
    multiShapes.put(base.replace(multi, multi + "\"AUTHORIZATION\": " + bearer + ", "), "shape-user");
    multiShapes.put(base.replace(multi, multi + "\"authorization\": [null, " + bearer + "], "), "shape-user");
    multiShapes.put(base.replace(multi, multi + "\"authorization\": [5], "), null);
    multiShapes.put(base.replace(multi, multi + "\"authorization\": [], "), "shape-user");
    multiShapes.put(base.replace("\"resource\": \"/{proxy+}\"", "\"resource\": 7"), "shape-user");
    multiShapes.put(base.replace("\"proxy\": \"api/features/search\"", "\"proxy\": 5"), "shape-user");
    multiShapes.put(base.replace("\"proxy\": \"api/features/search\"", "\"other\": \"x\""), "shape-user");
    multiShapes.put(base.replace("\"resource\": \"/{proxy+}\"", "\"resource\": \"/{a}/{b+}/{\""), "shape-user");
    for (Map.Entry<String, String> c : multiShapes.entrySet()) {
      AuthorizerRequestEvent e;
      try {
        e = serializer.fromJson(c.getKey());
      } catch (RuntimeException runtimeRefused) {
        outcomes.merge("refused by Lambda's serializer", 1, Integer::sum);
        continue;
      }
      run("multi-value shape " + n, e, c.getValue());
      n++;
    }
    return shapes.size() + multiShapes.size();
  }

  @Test
  void aSeededRandomMixGetsAClearAnswerAndLeavesOnlySchemaKeys() {
    Random r = new Random(SEED);
    String alphabet = "abcXYZ019_-.@:{}%/\\ \n\r\t\u0000\u007f\u00e9\u4e2d\ud83d\ude00\u202e\"'";
    for (int i = 0; i < RANDOM_CASES; i++) {
      StringBuilder sub = new StringBuilder();
      int len = r.nextInt(10) == 0 ? 200 + r.nextInt(200) : r.nextInt(12);
      for (int j = 0; j < len; j++) {
        sub.append(r.nextInt(3) == 0 ? alphabet.charAt(r.nextInt(alphabet.length())) : (char) ('a' + r.nextInt(26)));
      }
      String s = sub.toString();
      Map<String, String> headers = new HashMap<>();
      int kind = r.nextInt(10);
      String token = valid(s);
      String expect = carried(token);
      switch (kind) {
        case 0 -> {
          headers.put("Authorization", "Bearer " + token.substring(0, r.nextInt(token.length())));
          expect = null;
        }
        case 1 -> {
          char[] chars = token.toCharArray();
          int at = r.nextInt(chars.length);
          char swapped = alphabet.charAt(r.nextInt(alphabet.length()));
          expect = chars[at] == swapped ? expect : null;
          chars[at] = swapped;
          headers.put("authorization", "Bearer " + new String(chars));
          if (expect != null) {
            headers.clear();
            headers.put("AUTHORIZATION", "Bearer " + token);
          }
        }
        case 2 -> {
          headers.put("X-Random-" + r.nextInt(100), s);
          expect = null;
        }
        default -> headers.put(r.nextBoolean() ? "Authorization" : "authorization", "Bearer " + token);
      }
      for (int extra = r.nextInt(4); extra > 0; extra--) {
        headers.put("X-" + r.nextInt(1000), "v".repeat(r.nextInt(2000)));
      }
      String path = PATHS[r.nextInt(PATHS.length)];
      String method = METHODS[r.nextInt(METHODS.length)];
      run("random " + i + " (seed " + SEED + ")", with(method, path, headers), expect);
    }
    System.out.printf("authorizer fuzz (random): %d cases, outcomes so far %s, %d distinct users accepted%n",
        RANDOM_CASES, outcomes, accepted.size());
    assertKeysMatchTheSchema();
  }

  static final String[] BASE_PATHS = {"", "v1", "v1/beta", "prod", "api", "shop/eu/v2"};
  static final int ROUTE_CASES = 600;

  /**
   * Seeded random spellings of the gated route {@code POST /api/features/*} as API Gateway
   * delivers them: through the execute-api host or a custom domain with a base path of up to
   * three segments, on the {@code /{proxy+}} resource or an explicit {@code /api/features/{f}},
   * with matrix parameters, trailing dots, encoded whitespace, case and percent-encoding, and
   * the credential repeated (same value) in {@code multiValueHeaders}: every one is counted.
   * The same mutations of an ungated route are never counted.
   */
  @Test
  void aSeededMixOfGatedRouteSpellingsIsAlwaysCounted() {
    Random r = new Random(SEED + 1);
    int counted = 0;
    for (int i = 0; i < ROUTE_CASES; i++) {
      boolean gated = r.nextInt(4) != 0;
      String user = "route-" + i;
      String[] segs = gated ? new String[] {"api", "features", "item" + r.nextInt(100)} : new String[] {"api", "status"};
      StringBuilder proxy = new StringBuilder();
      for (int k = 0; k < segs.length; k++) {
        proxy.append(k == 0 ? "" : r.nextInt(8) == 0 ? "//" : "/").append(mutate(segs[k], r));
      }
      String basePath = BASE_PATHS[r.nextInt(BASE_PATHS.length)];
      AuthorizerRequestEvent e = AuthorizerRig.sample("allowed.json");
      e.setHttpMethod(r.nextBoolean() ? "POST" : "post");
      e.setPath("/" + (basePath.isEmpty() ? "" : basePath + "/") + proxy);
      e.getRequestContext().setPath(basePath.isEmpty() ? "/prod" + e.getPath() : e.getPath());
      if (gated && r.nextInt(3) == 0) {
        e.setResource("/api/features/{f}");
        e.setPathParameters(Map.of("f", mutate(segs[2], r)));
      } else {
        e.setResource("/{proxy+}");
        e.setPathParameters(Map.of("proxy", proxy.toString()));
      }
      String header = "Bearer " + valid(user);
      AuthorizerRig.withHeader(e, r.nextBoolean() ? "Authorization" : "authorization", header);
      if (r.nextBoolean()) {
        e.getMultiValueHeaders().put("AUTHORIZATION", List.of(header, header));
      }
      String label = "route " + i + " (seed " + (SEED + 1) + "): " + e.getResource() + " " + e.getPathParameters() + " path "
          + printable(e.getPath());
      assertThat(run(label, e, user)).isEqualTo(user);
      IamPolicyResponseV1 p = handler.handleRequest(e, null);
      assertThat(p.getContext().get("loop")).as(label).isEqualTo(gated ? "features" : "");
      counted += gated ? 1 : 0;
    }
    System.out.printf("authorizer fuzz (routes): %d spellings, %d of a gated route, all counted%n", ROUTE_CASES, counted);
    assertKeysMatchTheSchema();
  }

  /** {@code seg} spelled another way a backend still routes the same: case, escapes, matrix params, dots, blanks. */
  static String mutate(String seg, Random r) {
    StringBuilder b = new StringBuilder();
    for (char c : seg.toCharArray()) {
      int k = r.nextInt(10);
      b.append(k == 0 ? Character.toUpperCase(c) : k == 1 ? String.format("%%%02X", (int) c) : String.valueOf(c));
    }
    switch (r.nextInt(7)) {
      case 0 -> b.append(";v=").append(r.nextInt(9));
      case 1 -> b.append(";jsessionid=").append(Long.toHexString(r.nextLong()));
      case 2 -> b.append(".");
      case 3 -> b.append(r.nextBoolean() ? "%20" : "%09");
      case 4 -> b.insert(0, "%20");
      default -> { }
    }
    return b.toString();
  }

  private static Map<String, String> victimKeys() {
    Map<String, String> m = new HashMap<>();
    for (String k : List.of(Keys.plan(VICTIM), Keys.plan(VICTIM) + ":o", Keys.timeline(VICTIM),
        Keys.emailProfile(VICTIM))) {
      m.put(k, redis.type(k) + " " + (redis.type(k).equals("hash") ? redis.hgetAll(k).toString() : ""));
    }
    return m;
  }

  /** Every key is a documented one, and every user tag is a user the handler accepted. */
  private static void assertKeysMatchTheSchema() {
    String cursor = ScanParams.SCAN_POINTER_START;
    int keys = 0;
    do {
      ScanResult<String> page = redis.scan(cursor, new ScanParams().count(1000));
      for (String key : page.getResult()) {
        keys++;
        Matcher m = USER_KEY.matcher(key);
        if (m.matches()) {
          assertThat(accepted).as("key %s belongs to an accepted user", printable(key)).contains(m.group(1));
          assertThat(UserId.isValid(m.group(1))).isTrue();
        } else {
          assertThat(GLOBAL_KEY.matcher(key).matches()).as("key %s matches the schema", printable(key)).isTrue();
        }
      }
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    System.out.printf("authorizer fuzz: %d keys in Redis, all in the schema%n", keys);
    assertThat(keys).isPositive();
  }

  private static String printable(String s) {
    if (s == null) {
      return "null";
    }
    String t = s.length() > 40 ? s.substring(0, 40) + "...(" + s.length() + ")" : s;
    StringBuilder b = new StringBuilder();
    for (char c : t.toCharArray()) {
      b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return b.toString();
  }
}
