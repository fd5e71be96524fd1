package org.noticecascade.form;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Puts per-user options into a deployed start form as its fields' fixed values (see {@link StartFormOptions}). */
final class StartFormRewrite {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StartFormRewrite() {
  }

  /** The form with each provided valuesKey replaced by values; the form unchanged when none applies or not JSON. */
  static InputStream withOptions(InputStream form, List<StartFormOptions> providers, String userId) {
    if (form == null || userId == null) {
      return form; // the engine itself reads the form as deployed
    }
    byte[] bytes;
    try (form) {
      bytes = form.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      JsonNode root = JSON.readTree(bytes);
      if (root != null && root.isObject() && rewrite(root.path("components"), providers, userId)) {
        return new ByteArrayInputStream(JSON.writeValueAsBytes(root));
      }
    } catch (IOException notJson) {
      // an HTML or other form: nothing of ours to fill in
    }
    return new ByteArrayInputStream(bytes);
  }

  private static boolean rewrite(JsonNode components, List<StartFormOptions> providers, String userId) {
    boolean changed = false;
    for (JsonNode c : components) {
      if (c.has("components")) {
        changed |= rewrite(c.get("components"), providers, userId);
      }
      String key = c.path("valuesKey").asText(null);
      for (StartFormOptions provider : providers) {
        if (provider.key().equals(key) && c instanceof ObjectNode field) {
          ArrayNode values = field.putArray("values");
          for (Map.Entry<String, String> o : provider.options(userId).entrySet()) {
            values.addObject().put("label", o.getValue()).put("value", o.getKey());
          }
          // form-js reads valuesKey before values: without it, the values written here are the options
          field.remove("valuesKey");
          changed = true;
        }
      }
    }
    return changed;
  }
}
