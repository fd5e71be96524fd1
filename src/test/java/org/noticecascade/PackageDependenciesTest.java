package org.noticecascade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The capability packages depend on each other one way only (the domain tells security what to grant, not the other
 * way round), read from the imports of src/main. A cycle fails here, naming it.
 */
class PackageDependenciesTest {

  private static final Path ROOT = Path.of("src/main/java/org/noticecascade");
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?org\\.noticecascade\\.([a-z]+)\\.",
      Pattern.MULTILINE);

  private static Map<String, Set<String>> dependencies() throws IOException {
    Map<String, Set<String>> uses = new TreeMap<>();
    try (Stream<Path> files = Files.walk(ROOT)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Path relative = ROOT.relativize(file);
        if (relative.getNameCount() < 2) {
          continue; // the application class at the root
        }
        String pkg = relative.getName(0).toString();
        Set<String> used = uses.computeIfAbsent(pkg, p -> new TreeSet<>());
        Matcher m = IMPORT.matcher(Files.readString(file));
        while (m.find()) {
          if (!m.group(1).equals(pkg)) {
            used.add(m.group(1));
          }
        }
      }
    }
    return uses;
  }

  @Test
  void noPackageDependsOnItselfThroughOthers() throws IOException {
    Map<String, Set<String>> uses = dependencies();
    assertThat(uses).containsKeys("cascade", "form", "notice", "progress", "security", "support");
    List<String> cycles = new ArrayList<>();
    for (String start : uses.keySet()) {
      // a path from start back to start, breadth first over what it uses
      Deque<List<String>> paths = new ArrayDeque<>();
      paths.add(List.of(start));
      Set<String> seen = new TreeSet<>();
      while (!paths.isEmpty()) {
        List<String> path = paths.poll();
        for (String next : uses.getOrDefault(path.get(path.size() - 1), Set.of())) {
          List<String> longer = new ArrayList<>(path);
          longer.add(next);
          if (next.equals(start)) {
            cycles.add(String.join(" -> ", longer));
          } else if (seen.add(next)) {
            paths.add(longer);
          }
        }
      }
    }
    assertThat(cycles).as("package cycles").isEmpty();
  }
}
