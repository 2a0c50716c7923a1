package dev.tollgate.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tollgate.config.GatingConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tollgate token}: a development HS256 JWT for a user, signed with the secret the
 * config's {@code identity.jwt.secretEnv} names (or the local stack's dev default), with the
 * config's user/email claims, issuer and audience.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = {"Prints a development JWT (HS256) for a user.",
        "For the local stack or tests; needs identity.jwt.secretEnv.",
        "Signed with that env var's secret, else the local stack's printed dev default."})
final class TokenCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--user", required = true, paramLabel = "ID", description = "user id (the token's user claim)")
  String user;

  @Option(names = "--email", paramLabel = "ADDRESS", description = "email address (the token's email claim)")
  String email;

  @Option(names = "--org", paramLabel = "ORG",
      description = "organisation (the claim identity.accountClaim names): the caller draws on the account @ORG")
  String org;

  @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "30d", description = "lifetime (default: ${DEFAULT-VALUE})")
  String ttl;

  @Option(names = "--config", paramLabel = "FILE",
      description = "gating.yaml (default: the running './tollgate local' one's --config, else $TOLLGATE_CONFIG, else "
          + "./gating.yaml, else the bundled example)")
  Path config;

  @Override
  public Integer call() throws JOSEException {
    CommandGroup.checkUser(spec, "--user", user);
    Duration life = LocalDurations.parse(spec, "--ttl", ttl);
    Map<String, String> env = System.getenv();
    GatingConfig cfg = CommonOptions.loadConfig(config != null ? config : LocalState.runningConfig(null).orElse(null), env);
    GatingConfig.Jwt jwt = cfg.identity().jwt().orElseThrow(() -> new IllegalStateException(
        "the config has no identity.jwt section: use ./tollgate keys create for API keys"));
    String secretEnv = jwt.secretEnv().orElseThrow(() -> new IllegalStateException(
        "identity.jwt uses a JWKS (" + jwt.jwksUrl().orElse(null) + "): get tokens from your identity provider"));
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().claim(jwt.userClaim(), user)
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(life)));
    if (email != null) {
      claims.claim(jwt.emailClaim(), email);
    }
    if (org != null) {
      CommandGroup.checkUser(spec, "--org", org);
      String claim = cfg.identity().accountClaim().orElseThrow(() -> new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--org needs identity.accountClaim in the config (the claim that names the organisation)"));
      claims.claim(claim, org);
    }
    jwt.issuer().ifPresent(claims::issuer);
    if (!jwt.audience().isEmpty()) {
      claims.audience(jwt.audience());
    }
    SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(com.nimbusds.jose.JOSEObjectType.JWT)
        .build(), claims.build());
    token.sign(new MACSigner(DevDefaults.jwtSecret(env, secretEnv).getBytes(StandardCharsets.UTF_8)));
    spec.commandLine().getOut().println(token.serialize());
    return 0;
  }
}
