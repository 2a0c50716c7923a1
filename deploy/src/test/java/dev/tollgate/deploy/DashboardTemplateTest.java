package dev.tollgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CloudWatch dashboard of template.yaml is a dashboard CloudWatch accepts (the documented
 * body structure: widget types and grid, metric arrays, ids, stats, periods, metric math that
 * refers only to its widget's ids), its {@code ${...}} references exist, every loop of the
 * bundled gating.yaml has its funnel with the rate as metric math, the authorizer's p99 and
 * fail modes are on it, and SAM's translation keeps it as written. That each Tollgate metric it
 * names is one the code emits is proven by {@code DashboardMetricsIT} (local module), which
 * runs the emitters.
 */
class DashboardTemplateTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Set<String> WIDGET_TYPES = Set.of("metric", "text", "log", "alarm", "explorer", "custom");
  static final Set<String> VIEWS = Set.of("timeSeries", "singleValue", "gauge", "bar", "pie", "table");
  static final Pattern STAT = Pattern.compile("SampleCount|Average|Sum|Minimum|Maximum|p\\d{1,2}(\\.\\d{1,2})?");
  static final Pattern ID = Pattern.compile("[a-z][a-zA-Z0-9_]*");
  static final Set<String> OPTION_KEYS = Set.of("id", "label", "stat", "period", "yAxis", "visible", "color", "region",
      "accountId");
  static final Set<String> EXPRESSION_KEYS = Set.of("expression", "id", "label", "yAxis", "visible", "color", "period",
      "region", "accountId");
  static final Set<String> PSEUDO = Set.of("AWS::Region", "AWS::StackName", "AWS::AccountId", "AWS::Partition",
      "AWS::URLSuffix");

  static SamTemplate t;
  static String body;
  static JsonNode dashboard;

  @BeforeAll
  static void load() throws Exception {
    t = SamTemplate.load();
    Map<String, Map<String, Object>> dashboards = t.ofType("AWS::CloudWatch::Dashboard");
    assertThat(dashboards).as("one dashboard").containsOnlyKeys("FunnelDashboard");
    Object b = SamTemplate.at(t.properties("FunnelDashboard"), "DashboardBody", "Fn::Sub");
    assertThat(b).as("DashboardBody is !Sub of the JSON text").isInstanceOf(String.class);
    body = (String) b;
    dashboard = JSON.readTree(body.replaceAll("\\$\\{[^}!][^}]*}", "SUBSTITUTED"));
  }

  @Test
  void everySubstitutionNamesAPseudoParameterOrAResourceOfTheTemplate() {
    Matcher m = Pattern.compile("\\$\\{([^}!][^}]*)}").matcher(body);
    List<String> refs = new ArrayList<>();
    while (m.find()) {
      refs.add(m.group(1));
    }
    assertThat(refs).isNotEmpty().allSatisfy(r -> assertThat(PSEUDO.contains(r) || t.resources().containsKey(r)
        || t.parameters().containsKey(r)).as("${%s}", r).isTrue());
  }

  @Test
  void theBodyHasTheDocumentedStructureOnAFullGrid() {
    Set<String> top = new HashSet<>();
    dashboard.fieldNames().forEachRemaining(top::add);
    assertThat(Set.of("start", "end", "periodOverride", "widgets")).containsAll(top);
    assertThat(dashboard.get("widgets").isArray()).isTrue();
    List<int[]> cells = new ArrayList<>();
    for (JsonNode w : dashboard.get("widgets")) {
      assertThat(WIDGET_TYPES).contains(w.path("type").asText());
      int x = w.path("x").asInt(-1);
      int y = w.path("y").asInt(-1);
      int width = w.path("width").asInt(-1);
      int height = w.path("height").asInt(-1);
      assertThat(x).isBetween(0, 23);
      assertThat(y).isNotNegative();
      assertThat(width).isBetween(1, 24);
      assertThat(x + width).as("within the 24-column grid").isLessThanOrEqualTo(24);
      assertThat(height).isBetween(1, 1000);
      for (int[] c : cells) {
        boolean apart = x + width <= c[0] || c[0] + c[2] <= x || y + height <= c[1] || c[1] + c[3] <= y;
        assertThat(apart).as("widgets at %d,%d and %d,%d overlap", x, y, c[0], c[1]).isTrue();
      }
      cells.add(new int[] {x, y, width, height});
      JsonNode p = w.get("properties");
      if (w.path("type").asText().equals("text")) {
        assertThat(p.path("markdown").isTextual()).isTrue();
      } else if (w.path("type").asText().equals("metric")) {
        metricWidget(p);
      }
    }
  }

  private static void metricWidget(JsonNode p) {
    assertThat(p.path("region").asText()).isEqualTo("SUBSTITUTED");
    assertThat(VIEWS).contains(p.path("view").asText("timeSeries"));
    assertThat(p.path("title").isTextual()).isTrue();
    if (p.has("stat")) {
      assertThat(p.get("stat").asText()).matches(STAT);
    }
    int period = p.path("period").asInt(300);
    assertThat(period % 60).as("period %d is a multiple of 60", period).isZero();
    Set<String> ids = new HashSet<>();
    List<String> expressions = new ArrayList<>();
    for (JsonNode m : p.get("metrics")) {
      assertThat(m.isArray()).isTrue();
      JsonNode last = m.get(m.size() - 1);
      if (m.size() == 1 && last.isObject() && last.has("expression")) {
        keys(last, EXPRESSION_KEYS);
        expressions.add(last.get("expression").asText());
      } else {
        int n = last.isObject() ? m.size() - 1 : m.size();
        assertThat(n % 2).as("namespace, name, then dimension name/value pairs: %s", m).isZero();
        for (int i = 0; i < n; i++) {
          assertThat(m.get(i).isTextual() && !m.get(i).asText().isEmpty() && !m.get(i).asText().equals("."))
              .as("explicit text at %d of %s", i, m).isTrue();
        }
        if (last.isObject()) {
          keys(last, OPTION_KEYS);
          if (last.has("stat")) {
            assertThat(last.get("stat").asText()).matches(STAT);
          }
        }
      }
      if (last.isObject() && last.has("id")) {
        assertThat(last.get("id").asText()).matches(ID);
        assertThat(ids.add(last.get("id").asText())).as("id %s unique in its widget", last.get("id")).isTrue();
      }
    }
    for (String e : expressions) {
      // functions are upper case (FILL, SEARCH); what a SEARCH quotes is no id
      Matcher words = Pattern.compile("\\b([a-z][a-zA-Z0-9_]*)\\b").matcher(e.replaceAll("'[^']*'", "''"));
      while (words.find()) {
        assertThat(ids).as("metric math %s refers to ids of its widget", e).contains(words.group(1));
      }
    }
  }

  private static void keys(JsonNode o, Set<String> allowed) {
    Iterator<String> it = o.fieldNames();
    while (it.hasNext()) {
      assertThat(allowed).as("option of %s", o).contains(it.next());
    }
  }

  @Test
  void everyLoopOfTheBundledConfigHasItsFunnelAndRate() throws Exception {
    String config = Files.readString(Repo.root().resolve("gating.yaml"));
    Matcher loops = Pattern.compile("(?m)^  - name: ([a-z0-9_-]+)").matcher(config);
    List<String> names = new ArrayList<>();
    while (loops.find()) {
      names.add(loops.group(1));
    }
    assertThat(names).isNotEmpty();
    for (String loop : names) {
      JsonNode w = widgetWith("\"Tollgate\",\"LimitReached\",\"loop\",\"" + loop + "\"");
      String metrics = w.path("properties").path("metrics").toString();
      for (String name : List.of("LimitReached", "PromptsSent", "Conversions")) {
        assertThat(metrics).contains("[\"Tollgate\",\"" + name + "\",\"loop\",\"" + loop + "\"");
      }
      assertThat(w.path("properties").path("period").asInt()).as("per UTC day").isEqualTo(86400);
      assertThat(metrics).as("the rate: conversions over limit reached").contains("100 * FILL(conv, 0) / hits");
    }
  }

  @Test
  void theAuthorizersP99AndFailModesAreOnIt() {
    String p99 = widgetWith("\"AWS/Lambda\",\"Duration\"").path("properties").path("metrics").toString();
    assertThat(p99).contains("\"FunctionName\",\"SUBSTITUTED\"", "\"stat\":\"p99\"");
    assertThat(body).contains("\"AWS/Lambda\", \"Duration\", \"FunctionName\", \"${AuthorizerFunction}\"");
    String fail = widgetWith("AuthorizerFailOpen").path("properties").path("metrics").toString();
    assertThat(fail).contains("[\"Tollgate\",\"AuthorizerFailOpen\",\"Function\",\"AuthorizerFunction\"",
        "[\"Tollgate\",\"AuthorizerFailClosed\",\"Function\",\"AuthorizerFunction\"");
  }

  @Test
  void experimentArmsHaveTheirExposuresAndConversionsPerDay() {
    JsonNode w = widgetWith("MetricName=\\\"Exposures\\\"");
    String metrics = w.path("properties").path("metrics").toString();
    assertThat(metrics).contains("SEARCH('{Tollgate,arm,experiment} MetricName=\\\"Exposures\\\"', 'Sum', 86400)",
        "SEARCH('{Tollgate,arm,experiment} MetricName=\\\"Conversions\\\"', 'Sum', 86400)");
    assertThat(w.path("properties").path("period").asInt()).as("per UTC day").isEqualTo(86400);
  }

  @Test
  void samTranslatesItAsWrittenAndItsFunctionReferenceResolves() {
    JsonNode resources = SamTranslation.translate().path("Resources");
    JsonNode d = resources.path("FunnelDashboard");
    assertThat(d.path("Type").asText()).isEqualTo("AWS::CloudWatch::Dashboard");
    assertThat(d.path("Properties").path("DashboardBody").path("Fn::Sub").asText()).isEqualTo(body);
    assertThat(resources.path("AuthorizerFunction").path("Type").asText()).as("${AuthorizerFunction} is the function")
        .isEqualTo("AWS::Lambda::Function");
  }

  private static JsonNode widgetWith(String text) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode w : dashboard.get("widgets")) {
      if (w.toString().contains(text)) {
        found.add(w);
      }
    }
    assertThat(found).as("a widget with %s", text).hasSize(1);
    return found.get(0);
  }
}
