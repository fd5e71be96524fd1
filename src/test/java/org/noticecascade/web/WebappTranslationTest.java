package org.noticecascade.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Simplified Chinese locale files of the Camunda 7 webapps (zh-CN.json, shipped by this project next to the
 * webjar's en.json) cover every key of the webjar's English file, leave nothing empty or untranslated, and keep the
 * interpolation placeholders of the English text. Checked against the en.json of the camunda-webapp-webjar on the
 * classpath, so a Camunda upgrade that adds keys makes this test name them.
 */
class WebappTranslationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LOCALES = "META-INF/resources/webjars/camunda/app/%s/locales/%s.json";
  private static final String WEBJAR = "camunda-webapp-webjar";

  /**
   * English values that may legitimately stay the same in Chinese: product and format names, date/time format
   * tokens of the moment.js dateLocales, the literal "null", and "s" (an English plural suffix in unused Cockpit
   * keys; Chinese has no plural, so it may stay). Values without Latin letters once placeholders and tags are removed
   * (operators such as "<=", placeholder-only strings) and numbers (dateLocales.week) are always allowed.
   */
  private static final Set<String> SAME_AS_ENGLISH_ALLOWED = Set.of(
      "Camunda", "Optimize", "BPMN", "DMN", "CMMN", "REST", "ID", "ID*", "JSON", "CSV", "XML", "URL",
      "HH:mm", "L", "LT", "YYYY-MM-DDTHH:mm:ss",
      "null", "s");

  /** {{ name }} (angular-translate), %s / %d (moment relativeTime) and {} (Cockpit counters). */
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{.*?}}|%[sd]|\\{}");
  private static final Pattern NOT_WORDS = Pattern.compile("\\{\\{.*?}}|%[sd]|\\{}|<[^>]*>|&\\w+;");
  private static final Pattern LATIN_LETTER = Pattern.compile("[A-Za-z]");

  @ParameterizedTest
  @ValueSource(strings = {"tasklist", "welcome", "admin", "cockpit"})
  void chineseLocaleCoversEveryEnglishKey(String app) throws IOException {
    Map<String, String> english = flatten(read(webjarResource(app, "en")));
    Map<String, String> chinese = flatten(read(projectResource(app, "zh-CN")));
    assertFalse(english.isEmpty(), "no keys in the webjar's en.json of " + app);

    List<String> problems = new ArrayList<>();
    english.forEach((key, en) -> {
      String zh = chinese.get(key);
      if (zh == null) {
        problems.add("missing: " + key);
        return;
      }
      if (zh.isBlank() && !en.isBlank()) {
        problems.add("empty: " + key);
        return;
      }
      if (zh.equals(en) && !en.isBlank() && !sameAsEnglishAllowed(en)) {
        problems.add("untranslated: " + key + " = \"" + en + "\"");
      }
      List<String> enPlaceholders = placeholders(en);
      List<String> zhPlaceholders = placeholders(zh);
      if (!enPlaceholders.equals(zhPlaceholders)) {
        problems.add("placeholders differ: " + key + " en " + enPlaceholders + " zh-CN " + zhPlaceholders);
      }
    });
    if (!problems.isEmpty()) {
      fail(app + "/locales/zh-CN.json has " + problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
    }
  }

  private static boolean sameAsEnglishAllowed(String en) {
    if (SAME_AS_ENGLISH_ALLOWED.contains(en)) {
      return true;
    }
    return !LATIN_LETTER.matcher(NOT_WORDS.matcher(en).replaceAll("")).find();
  }

  private static List<String> placeholders(String text) {
    List<String> found = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      found.add(m.group());
    }
    Collections.sort(found);
    return found;
  }

  /** en.json from the camunda-webapp-webjar jar; the project's own resources may hold the same directory. */
  private static URL webjarResource(String app, String locale) throws IOException {
    String path = LOCALES.formatted(app, locale);
    Enumeration<URL> urls = WebappTranslationTest.class.getClassLoader().getResources(path);
    while (urls.hasMoreElements()) {
      URL url = urls.nextElement();
      if (url.toString().contains(WEBJAR)) {
        return url;
      }
    }
    return fail(path + " not found in the " + WEBJAR + " jar on the test classpath");
  }

  /** zh-CN.json from this project's resources (not from a jar). */
  private static URL projectResource(String app, String locale) throws IOException {
    String path = LOCALES.formatted(app, locale);
    Enumeration<URL> urls = WebappTranslationTest.class.getClassLoader().getResources(path);
    while (urls.hasMoreElements()) {
      URL url = urls.nextElement();
      if (!"jar".equals(url.getProtocol())) {
        return url;
      }
    }
    return fail(path + " not found in the project's resources (src/main/resources)");
  }

  private static JsonNode read(URL url) throws IOException {
    try (InputStream in = url.openStream()) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1); // the webjar's en.json starts with a UTF-8 byte order mark
      }
      JsonNode node = JSON.readTree(text);
      assertNotNull(node, "empty JSON: " + url);
      return node;
    }
  }

  /** Nested keys joined by '.', array elements by their index: dateLocales.months.0, labels.CLAIM_TASK. */
  private static Map<String, String> flatten(JsonNode root) {
    Map<String, String> flat = new LinkedHashMap<>();
    flatten("", root, flat);
    return flat;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> flat) {
    if (node.isObject()) {
      node.fields().forEachRemaining(field -> flatten(join(prefix, field.getKey()), field.getValue(), flat));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        flatten(join(prefix, String.valueOf(i)), node.get(i), flat);
      }
    } else {
      flat.put(prefix, node.isTextual() ? node.textValue() : node.toString());
    }
  }

  private static String join(String prefix, String key) {
    return prefix.isEmpty() ? key : prefix + "." + key;
  }
}
