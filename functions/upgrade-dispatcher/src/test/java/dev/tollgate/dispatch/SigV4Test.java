package dev.tollgate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AWS's published Signature Version 4 test suite (docs.aws.amazon.com/general/latest/gr/
 * signature-v4-test-suite.html): credentials AKIDEXAMPLE, region us-east-1, service
 * "service", 2015-08-30T12:36:00Z; each case's request and the Authorization header AWS
 * publishes for it.
 */
class SigV4Test {
  static final SigV4.Credentials KEYS = new SigV4.Credentials("AKIDEXAMPLE",
      "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
  static final Instant AT = Instant.parse("2015-08-30T12:36:00Z");
  static final String STS = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXm"
      + "xfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXD"
      + "vp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKT"
      + "r4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

  static Stream<Arguments> suite() {
    return Stream.of(
        Arguments.of("get-vanilla", "GET", "/", Map.of(), Map.of(), "",
            "host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        Arguments.of("get-vanilla-query-order-key-case", "GET", "/", Map.of("Param2", List.of("value2"), "Param1",
            List.of("value1")), Map.of(), "", "host;x-amz-date",
            "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
        Arguments.of("get-vanilla-query-unreserved", "GET", "/", Map.of(
            "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
            List.of("-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")), Map.of(), "",
            "host;x-amz-date", "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"),
        Arguments.of("get-vanilla-utf8-query", "GET", "/", Map.of("\u1234", List.of("bar")), Map.of(), "",
            "host;x-amz-date", "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"),
        Arguments.of("get-unreserved", "GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
            Map.of(), Map.of(), "", "host;x-amz-date",
            "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"),
        Arguments.of("get-utf8", "GET", "/\u1234", Map.of(), Map.of(), "", "host;x-amz-date",
            "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"),
        Arguments.of("get-header-value-trim", "GET", "/", Map.of(), Map.of("My-Header1", " value1",
            "My-Header2", " \"a   b   c\""), "", "host;my-header1;my-header2;x-amz-date",
            "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
        Arguments.of("post-vanilla", "POST", "/", Map.of(), Map.of(), "", "host;x-amz-date",
            "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
        Arguments.of("post-vanilla-query", "POST", "/", Map.of("Param1", List.of("value1")), Map.of(), "",
            "host;x-amz-date", "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),
        Arguments.of("post-vanilla-query-nonunreserved", "POST", "/", Map.of("@#$%^", List.of(""), "+",
            List.of("/,?><`\";:\\|][{}")), Map.of(), "", "host;x-amz-date",
            "66c82657c86e26fb25238d0e69f011edc4c6df5ae71119d7cb98ed9b87393c1e"),
        Arguments.of("post-header-key-sort", "POST", "/", Map.of(), Map.of("My-Header1", "value1"), "",
            "host;my-header1;x-amz-date", "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"),
        Arguments.of("post-header-value-case", "POST", "/", Map.of(), Map.of("My-Header1", "VALUE1"), "",
            "host;my-header1;x-amz-date", "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"),
        Arguments.of("post-sts-header-before", "POST", "/", Map.of(), Map.of("X-Amz-Security-Token", STS), "",
            "host;x-amz-date;x-amz-security-token", "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"),
        Arguments.of("post-x-www-form-urlencoded", "POST", "/", Map.of(), Map.of("Content-Type",
            "application/x-www-form-urlencoded"), "Param1=value1", "content-type;host;x-amz-date",
            "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),
        Arguments.of("post-x-www-form-urlencoded-parameters", "POST", "/", Map.of(), Map.of("Content-Type",
            "application/x-www-form-urlencoded; charset=utf8"), "Param1=value1", "content-type;host;x-amz-date",
            "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("suite")
  void signsLikeAwsPublishedTestSuite(String name, String method, String path, Map<String, List<String>> query,
      Map<String, String> extraHeaders, String body, String signedHeaders, String signature) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Host", "example.amazonaws.com");
    headers.put("X-Amz-Date", "20150830T123600Z");
    headers.putAll(extraHeaders);
    String auth = SigV4.authorization(method, path, query, headers, body.getBytes(StandardCharsets.UTF_8), KEYS,
        "us-east-1", "service", AT);
    assertThat(auth).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
        + "SignedHeaders=" + signedHeaders + ", Signature=" + signature);
  }
}
