package org.noticecascade.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * V5__progress_scale.sql and V6__progress_rollup.sql on cascades recorded before them, on H2 and on PostgreSQL: each
 * row gets its units at levels 1 to 4 (six levels deep here, and a unit addressed directly under another addressee),
 * whether it could relay, and its study sums; each unit at levels 1 to 4 its subtree's totals.
 */
class ProgressMigrationTest {

  private static final String ORG = """
      m,,LOCAL_FEDERATION,/m/
      m1,m,LOCAL_FEDERATION,/m/m1/
      m11,m1,LOCAL_FEDERATION,/m/m1/m11/
      m111,m11,TOWNSHIP_FEDERATION,/m/m1/m11/m111/
      m1111,m111,GRASSROOTS_UNION,/m/m1/m11/m111/m1111/
      m11111,m1111,SECONDARY_UNION,/m/m1/m11/m111/m1111/m11111/
      m111111,m11111,SECONDARY_UNION,/m/m1/m11/m111/m1111/m11111/m111111/
      m12,m1,LOCAL_FEDERATION,/m/m1/m12/
      m121,m12,LOCAL_FEDERATION,/m/m1/m12/m121/
      m2,m,LOCAL_FEDERATION,/m/m2/
      m21,m2,GRASSROOTS_UNION,/m/m2/m21/
      """;

  @Test
  void onH2() {
    backfill(new DriverManagerDataSource("jdbc:h2:mem:progressmigration;DB_CLOSE_DELAY=-1", "sa", ""));
  }

  @Test
  void onPostgres() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      backfill(pg.getPostgresDatabase());
    }
  }

  private void backfill(DataSource ds) {
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("2").load().migrate();
    JdbcTemplate jdbc = new JdbcTemplate(ds);
    for (String line : ORG.strip().split("\n")) {
      String[] f = line.split(",");
      jdbc.update("insert into unit (code, name, kind, parent_code, path, depth) values (?, ?, ?, ?, ?, ?)", f[0],
          f[0] + "工会", f[2], f[1].isEmpty() ? null : f[1], f[3], f[3].split("/").length - 2);
    }
    long toGrassroots = notice(jdbc, "甲", true);
    long notToGrassroots = notice(jdbc, "乙", false);
    // unit, superior, level; m12 was addressed by name, so it is on level 1 under m1's org subtree
    for (String row : List.of("m1,m,1", "m11,m1,2", "m111,m11,3", "m1111,m111,4", "m11111,m1111,5",
        "m111111,m11111,6", "m12,m,1", "m121,m12,2", "m2,m,1", "m21,m2,2")) {
      reached(jdbc, toGrassroots, row.split(","));
    }
    for (String row : List.of("m1,m,1", "m2,m,1")) {
      reached(jdbc, notToGrassroots, row.split(","));
    }
    for (int participants : new int[] {10, 15}) {
      jdbc.update("insert into study_activity (notice_id, unit_code, study_form, study_date, participants, summary,"
          + " recorded_at, task_id) values (?, 'm11', 'seminar', ?, ?, '学习', ?, ?)", toGrassroots, LocalDate.now(),
          participants, LocalDateTime.now(), "task" + participants);
    }

    // up to V6 (V7 indexes the engine's tables, which this database has not)
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("6").load().migrate();

    assertThat(rows(jdbc, toGrassroots)).containsExactly(
        "m1 m1 - - - true 0 0",
        "m11 m1 m11 - - true 2 25",
        "m111 m1 m11 m111 - true 0 0",
        "m1111 m1 m11 m111 m1111 true 0 0",
        "m11111 m1 m11 m111 m1111 true 0 0",
        "m111111 m1 m11 m111 m1111 false 0 0",
        "m12 m12 - - - true 0 0",
        "m121 m12 m121 - - false 0 0",
        "m2 m2 - - - true 0 0",
        "m21 m2 m21 - - false 0 0");
    // without grassroots, 乙's m2 has nothing to relay to
    assertThat(rows(jdbc, notToGrassroots)).containsExactly("m1 m1 - - - true 0 0", "m2 m2 - - - false 0 0");
    // V6: every unit at levels 1 to 4 has its subtree's totals by level (unit level reached studies participants)
    assertThat(jdbc.query("select unit_code, level, reached, study_activities, study_participants from progress_rollup"
        + " where notice_id = ? order by unit_code, level", (rs, i) -> rs.getString(1) + " " + rs.getInt(2) + " "
        + rs.getInt(3) + " " + rs.getInt(4) + " " + rs.getInt(5), toGrassroots)).containsExactly(
        "m1 1 1 0 0", "m1 2 1 2 25", "m1 3 1 0 0", "m1 4 1 0 0", "m1 5 1 0 0", "m1 6 1 0 0",
        "m11 2 1 2 25", "m11 3 1 0 0", "m11 4 1 0 0", "m11 5 1 0 0", "m11 6 1 0 0",
        "m111 3 1 0 0", "m111 4 1 0 0", "m111 5 1 0 0", "m111 6 1 0 0",
        "m1111 4 1 0 0", "m1111 5 1 0 0", "m1111 6 1 0 0",
        "m12 1 1 0 0", "m12 2 1 0 0", "m121 2 1 0 0", "m2 1 1 0 0", "m2 2 1 0 0", "m21 2 1 0 0");
    // a row written without its level-1 unit is refused rather than left out of every subtree
    assertThatThrownBy(() -> reached(jdbc, notToGrassroots, new String[] {"m11", "m1", "2"}))
        .isInstanceOf(DataAccessException.class);
  }

  private static long notice(JdbcTemplate jdbc, String doc, boolean cascadeToGrassroots) {
    jdbc.update("insert into notice (doc_number, doc_number_key, title, issuer_unit, issued_on, summary,"
        + " report_due_date, cascade_to_grassroots, sign_off_required, status, created_at)"
        + " values (?, ?, '通知', 'm', ?, '摘要', ?, ?, false, 'DISPATCHED', ?)", doc, doc, LocalDate.now(),
        LocalDate.now().plusDays(10), cascadeToGrassroots, LocalDateTime.now());
    return jdbc.queryForObject("select id from notice where doc_number = ?", Long.class, doc);
  }

  private static void reached(JdbcTemplate jdbc, long noticeId, String[] row) {
    jdbc.update("insert into cascade_unit (notice_id, unit_code, superior_code, path, level, status, report_due_date,"
        + " received_at) values (?, ?, ?, (select path from unit where code = ?), ?, 'received', ?, ?)", noticeId,
        row[0], row[1], row[0], Integer.parseInt(row[2]), LocalDate.now().plusDays(10), LocalDateTime.now());
  }

  private static List<String> rows(JdbcTemplate jdbc, long noticeId) {
    List<String> rows = new ArrayList<>();
    jdbc.query("select * from cascade_unit where notice_id = ? order by path", rs -> {
      List<String> f = new ArrayList<>(List.of(rs.getString("unit_code")));
      for (int k = 1; k <= 4; k++) {
        String unit = rs.getString("level" + k + "_unit");
        f.add(unit == null ? "-" : unit);
      }
      f.addAll(Arrays.asList(String.valueOf(rs.getBoolean("may_relay")), rs.getString("study_activities"),
          rs.getString("study_participants")));
      rows.add(String.join(" ", f));
    }, noticeId);
    return rows;
  }
}
