package dev.tollgate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which POST bodies are RFC 8058's one-click pair {@code List-Unsubscribe=One-Click}. */
class OneClickBodyTest {
  static final String MULTIPART = "multipart/form-data; boundary=---FormBoundaryjWmhtjORrn";
  /** RFC 8058 section 8.1's example body (its delimiter lines repeat the boundary as is). */
  static final String RFC_EXAMPLE = "---FormBoundaryjWmhtjORrn\r\nContent-Disposition: form-data; "
      + "name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n---FormBoundaryjWmhtjORrn--\r\n";
  /** The same as RFC 7578 delimits it ({@code --} + boundary), with a content type per part. */
  static final String RFC_7578 = "-----FormBoundaryjWmhtjORrn\r\nContent-Disposition: form-data; "
      + "name=\"List-Unsubscribe\"\r\nContent-Type: text/plain\r\n\r\nOne-Click\r\n-----FormBoundaryjWmhtjORrn--";

  @ParameterizedTest(name = "[{index}] {0} | {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
    "application/x-www-form-urlencoded | List-Unsubscribe=One-Click | true",
    "application/x-www-form-urlencoded; charset=UTF-8 | List-Unsubscribe=One-Click | true",
    "application/x-www-form-urlencoded | a=b&List-Unsubscribe=One-Click | true",
    "application/x-www-form-urlencoded | List%2DUnsubscribe=One%2DClick | true",
    "                                   | List-Unsubscribe=One-Click | true",
    "text/plain                         | List-Unsubscribe=One-Click | true",
    "application/x-www-form-urlencoded | List-Unsubscribe=one-click | false",
    "application/x-www-form-urlencoded | List-Unsubscribe= | false",
    "application/x-www-form-urlencoded | One-Click | false",
    "application/x-www-form-urlencoded | '' | false",
    "application/json                   | {\"List-Unsubscribe\":\"One-Click\"} | false",
  })
  void formBodies(String contentType, String body, boolean oneClick) {
    assertThat(OneClickBody.isOneClick(contentType, body, false)).isEqualTo(oneClick);
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    "RFC_EXAMPLE | true",
    "RFC_7578 | true",
    "OTHER_NAME | false",
    "OTHER_VALUE | false",
    "NO_BOUNDARY | false",
  })
  void multipartBodies(String which, boolean oneClick) {
    String type = MULTIPART;
    String body = switch (which) {
      case "RFC_EXAMPLE" -> RFC_EXAMPLE;
      case "RFC_7578" -> RFC_7578;
      case "OTHER_NAME" -> RFC_7578.replace("name=\"List-Unsubscribe\"", "name=\"List-Subscribe\"");
      case "OTHER_VALUE" -> RFC_7578.replace("One-Click", "Later");
      default -> {
        type = "multipart/form-data";
        yield RFC_7578;
      }
    };
    assertThat(OneClickBody.isOneClick(type, body, false)).isEqualTo(oneClick);
    String b64 = Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8));
    assertThat(OneClickBody.isOneClick(type, b64, true)).as("base64 (a binary media type)").isEqualTo(oneClick);
  }
}
