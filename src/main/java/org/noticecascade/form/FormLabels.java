package org.noticecascade.form;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The label of each field key as the forms shipped with the application show it, for messages about a field that
 * is checked outside a task's own form (the API, a listener's cross-field rule). Where a key is in several forms,
 * the label of a field a person fills in wins over a read-only one.
 */
public final class FormLabels {

  private static volatile Map<String, String> labels;

  private FormLabels() {
  }

  public static String label(String key) {
    return all().getOrDefault(key, key);
  }

  private static Map<String, String> all() {
    Map<String, String> known = labels;
    if (known == null) {
      known = load();
      labels = known;
    }
    return known;
  }

  private static Map<String, String> load() {
    Map<String, String> editable = new HashMap<>();
    Map<String, String> readonly = new HashMap<>();
    try {
      for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:forms/*.form")) {
        try (InputStream in = r.getInputStream()) {
          FormContract form = FormContract.parse(in);
          form.fields().forEach(f -> (f.readonly() ? readonly : editable).putIfAbsent(f.key(), f.label()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("无法读取表单文件", e);
    }
    readonly.forEach(editable::putIfAbsent);
    return Map.copyOf(editable);
  }
}
