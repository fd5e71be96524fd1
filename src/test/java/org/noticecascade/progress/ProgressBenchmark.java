package org.noticecascade.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.noticecascade.testing.EmbeddedPostgresConfig;
import org.noticecascade.testing.SyntheticCascade;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * How fast the progress answers at national scale on PostgreSQL: about 100,000 units reached by one notice, while a
 * second notice of the same size shares the table (their rows written in turns, as concurrent cascades would).
 * Times 200 calls each for the root and a province with depth 1 and prints p50/p95/p99; asserts no time.
 * Run with {@code mvn test -Dtest.excludedGroups=e2e -Dtest=ProgressBenchmark}: tag {@code bench} is excluded
 * otherwise.
 */
@Tag("bench")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.profiles.active=test",
    "camunda.bpm.job-execution.enabled=false"})
@Import(EmbeddedPostgresConfig.class)
@DirtiesContext
class ProgressBenchmark {

  private static final int CALLS = 200;

  @Autowired ProgressService progress;
  @Autowired JdbcTemplate jdbc;
  @Autowired ProgressRollup rollup;

  @Test
  void progressOfANationalCascade() {
    long started = System.nanoTime();
    SyntheticCascade org = SyntheticCascade.national(6);
    org.insertOrg(jdbc);
    LocalDate due = LocalDate.now().plusDays(3);
    LocalDateTime start = LocalDateTime.now().minusDays(12).withNano(0);
    long measured = org.insertNotice(jdbc, "全总发〔2025〕6号", due);
    long other = org.insertNotice(jdbc, "全总发〔2025〕7号", due);
    List<SyntheticCascade.Reached> rows = org.cascade(1, due, start, SyntheticCascade.Shape.NATIONAL);
    List<SyntheticCascade.Reached> otherRows = org.cascade(2, due, start, SyntheticCascade.Shape.NATIONAL);
    for (int from = 0; from < Math.max(rows.size(), otherRows.size()); from += 5000) {
      SyntheticCascade.insertRows(jdbc, measured, rows.subList(Math.min(from, rows.size()),
          Math.min(from + 5000, rows.size())));
      SyntheticCascade.insertRows(jdbc, other, otherRows.subList(Math.min(from, otherRows.size()),
          Math.min(from + 5000, otherRows.size())));
    }
    rollup.rebuild(measured);
    rollup.rebuild(other);
    jdbc.execute("analyze");
    System.out.printf("BENCH %d units in the org, %d and %d rows reached, written in %.1f s%n", org.units.size(),
        rows.size(), otherRows.size(), (System.nanoTime() - started) / 1e9);

    String province = org.root.children.get(0).code;
    String city = org.root.children.get(0).children.get(0).code;
    ProgressService.Progress root = time("root, depth 1", () -> progress.progress(measured, null, 1));
    assertThat(root.totals().reached()).isEqualTo(rows.size());
    assertThat(root.units()).hasSize(31);
    ProgressService.Progress p = time("province, depth 1", () -> progress.progress(measured, province, 1));
    assertThat(p.units().get(0).unit().unitCode()).isEqualTo(province);
    time("city, depth 1", () -> progress.progress(measured, city, 1));
    time("root, depth 2", () -> progress.progress(measured, null, 2));
    // the same counted from the rows each time, as before the kept totals (V6)
    assertThat(time("root, depth 1, recount", () -> progress.recounted(measured, null, 1))).isEqualTo(root);
    time("province, recount", () -> progress.recounted(measured, province, 1));
  }

  private <T> T time(String what, Supplier<T> call) {
    T result = null;
    for (int i = 0; i < 20; i++) {
      result = call.get();
    }
    long[] nanos = new long[CALLS];
    for (int i = 0; i < CALLS; i++) {
      long t0 = System.nanoTime();
      result = call.get();
      nanos[i] = System.nanoTime() - t0;
    }
    Arrays.sort(nanos);
    System.out.printf("BENCH %-20s %d calls: p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms  max %7.1f ms%n", what, CALLS,
        ms(nanos, 0.50), ms(nanos, 0.95), ms(nanos, 0.99), nanos[CALLS - 1] / 1e6);
    return result;
  }

  private static double ms(long[] sorted, double quantile) {
    return sorted[(int) Math.ceil(quantile * sorted.length) - 1] / 1e6;
  }
}
