package org.noticecascade.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The application's own processes and forms as shipped on its classpath (processes/*.bpmn, forms/*.form), by file
 * name: the set deployed at start, and the baseline the deployment check compares a designer's set with.
 */
record ProcessSet(Map<String, byte[]> files) {

  static ProcessSet fromClasspath(String... patterns) {
    PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
    Map<String, byte[]> files = new TreeMap<>();
    try {
      for (String pattern : patterns) {
        for (Resource r : resolver.getResources(pattern)) {
          try (var in = r.getInputStream()) {
            // file names, not classpath paths: the same names Modeler and scripts/deploy.sh send
            files.put(r.getFilename(), in.readAllBytes());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ProcessSet(files);
  }

  /** Same file names with the same bytes. */
  boolean sameAs(Map<String, byte[]> other) {
    return files.size() == other.size() && files.entrySet().stream()
        .allMatch(e -> other.containsKey(e.getKey()) && Arrays.equals(e.getValue(), other.get(e.getKey())));
  }
}
