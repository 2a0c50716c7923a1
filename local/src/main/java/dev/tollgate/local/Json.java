package dev.tollgate.local;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The JSON tools of the local stack (gson), configured once. */
final class Json {
  /** Compact, nulls omitted. */
  static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
  /** Compact with nulls kept: a document re-serialized as it came (e.g. a Stripe event). */
  static final Gson EXACT = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
  /** Indented, for files and terminal output. */
  static final Gson PRETTY = new GsonBuilder().disableHtmlEscaping().serializeNulls().setPrettyPrinting().create();

  private Json() {}

  /** Parses a JSON object. */
  static JsonObject object(String json) {
    return JsonParser.parseString(json).getAsJsonObject();
  }

  /** A JSON string literal of {@code s} (with quotes). */
  static String quote(String s) {
    return GSON.toJson(s);
  }
}
