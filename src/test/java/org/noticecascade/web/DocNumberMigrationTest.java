package org.noticecascade.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * V10 on notices registered before it, on H2 and PostgreSQL: each standing 文号 gets its compared key, the earliest
 * of those that now compare equal keeps it, and a notice may name 3,000 units.
 */
class DocNumberMigrationTest {

  @Test
  void onH2() {
    migrate(new DriverManagerDataSource("jdbc:h2:mem:docnumbermigration;DB_CLOSE_DELAY=-1", "sa", ""), "h2");
  }

  @Test
  void onPostgres() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      migrate(pg.getPostgresDatabase(), "postgres");
    }
  }

  private void migrate(DataSource ds, String database) {
    // the engine's tables first, as the application creates them before Flyway runs (V7 indexes them, V29 reads
    // the history's end times)
    new ResourceDatabasePopulator(
        new ClassPathResource("org/camunda/bpm/engine/db/create/activiti." + database + ".create.engine.sql"),
        new ClassPathResource("org/camunda/bpm/engine/db/create/activiti." + database + ".create.history.sql"))
        .execute(ds);
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").baselineOnMigrate(true)
        .baselineVersion("0").target("9").load().migrate();
    JdbcTemplate jdbc = new JdbcTemplate(ds);
    jdbc.update("insert into unit (code, name, kind, parent_code, path, depth) values"
        + " ('sc', '四川省总工会', 'LOCAL_FEDERATION', null, '/sc/', 0),"
        + " ('sccd', '成都市总工会', 'LOCAL_FEDERATION', 'sc', '/sc/sccd/', 1)");
    // 文号 as registered before V10, in order: the key was the 文号 as typed, or null once not signed off
    Map<String, String> keyAfter = new LinkedHashMap<>();
    long first = notice(jdbc, "sc", "川工发[2026]1号", true);
    keyAfter.put(first + "", "川工发〔2026〕1号");
    keyAfter.put(notice(jdbc, "sc", "川工发〔2026〕1号", true) + "", null);
    keyAfter.put(notice(jdbc, "sc", "川工发〔２０２６〕2号", true) + "", "川工发〔2026〕2号");
    keyAfter.put(notice(jdbc, "sccd", "川工发[2026]1号", true) + "", "川工发〔2026〕1号");
    keyAfter.put(notice(jdbc, "sc", "川工发〔2026〕3号", false) + "", null);
    keyAfter.put(notice(jdbc, "sc", "川工发〔2026〕4号", true) + "", "川工发〔2026〕4号");
    keyAfter.put(notice(jdbc, "sc", "川工发 [2026] 4号", true) + "", null);

    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();

    Map<String, String> keys = new LinkedHashMap<>();
    jdbc.query("select id, doc_number_key from notice order by id", rs -> {
      keys.put(rs.getLong(1) + "", rs.getString(2));
    });
    assertThat(keys).containsExactlyEntriesOf(keyAfter);
    // the 文号 themselves are kept as typed
    assertThat(jdbc.queryForObject("select doc_number from notice where id = ?", String.class, first))
        .isEqualTo("川工发[2026]1号");
    // room for 3,000 unit codes of 20 characters
    String named = String.join(",", java.util.Collections.nCopies(3000, "a".repeat(20)));
    assertThat(jdbc.update("update notice set addressee_units = ? where id = ?", named, first)).isEqualTo(1);
    assertThat(jdbc.queryForObject("select addressee_units from notice where id = ?", String.class, first))
        .isEqualTo(named);
  }

  private static long notice(JdbcTemplate jdbc, String issuer, String docNumber, boolean standing) {
    jdbc.update("insert into notice (doc_number, doc_number_key, title, issuer_unit, issued_on, summary,"
        + " report_due_date, cascade_to_grassroots, sign_off_required, status, created_at) values (?, ?, '通知', ?, ?,"
        + " '摘要', ?, false, false, 'DISPATCHED', ?)", docNumber, standing ? docNumber : null, issuer,
        LocalDate.now(), LocalDate.now().plusDays(20), Timestamp.valueOf(LocalDateTime.now()));
    return jdbc.queryForObject("select max(id) from notice", Long.class);
  }
}
