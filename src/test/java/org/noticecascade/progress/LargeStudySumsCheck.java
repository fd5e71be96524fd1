package org.noticecascade.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.noticecascade.support.EngineClock;
import org.noticecascade.testing.SyntheticCascade;
import org.noticecascade.testing.SyntheticCascade.OrgUnit;
import org.noticecascade.web.ApiUsers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Study figures at the forms' maxima in many units: every unit at 10,000 activities of 100,000 participants (the
 * most report.form counts, and study.form's maximum per activity), one of them three times that, beyond an int on its
 * own. A city's subtree, and the province's, then pass 2,147,483,647 participants, and the progress API still answers
 * 200 with the exact sums, counted from the kept totals (down to level 4) and from the units' rows (deeper) alike.
 * Run on H2 and on PostgreSQL by the two subclasses.
 */
abstract class LargeStudySumsCheck {

  private static final long PARTICIPANTS_MAX = 100_000;
  private static final long ACTIVITIES = 10_000;
  private static final String HEAVY = "big010101";

  @Autowired TestRestTemplate anonymous;
  @Autowired ProcessEngine engine;
  @Autowired JdbcTemplate jdbc;
  @Autowired ProgressRepository repository;
  @Autowired ProgressRollup rollup;
  @Autowired ProgressService progress;
  @Autowired TransactionTemplate tx;

  @Test
  void studySumsBeyondAnIntComeBackExact() {
    // a province, 3 cities, 9 districts, then townships and grassroots unions: 138 units, five levels
    SyntheticCascade org = SyntheticCascade.org("big", "大数测试省总工会", 7,
        new int[][] {{3, 3}, {3, 3}, {2, 2}, {2, 2}, {2, 2}},
        new String[] {"LOCAL_FEDERATION", "LOCAL_FEDERATION", "TOWNSHIP_FEDERATION", "GRASSROOTS_UNION",
            "SECONDARY_UNION"});
    org.insertOrg(jdbc);
    LocalDate due = EngineClock.today().plusDays(10);
    long id = org.insertNotice(jdbc, "大数发〔2025〕1号", due);
    List<OrgUnit> reached = org.units.stream().filter(u -> u != org.root).toList();
    Map<String, Long> activities = new HashMap<>();
    tx.executeWithoutResult(s -> reached.forEach(u ->
        repository.received(
            new ProgressRepository.Arrival(id, u.code, u.parent.code, u.path, u.depth, due, null, null))));
    // one activity at the maximum in every unit, as 学习贯彻 records it
    tx.executeWithoutResult(s -> reached.forEach(u -> repository.studied(id, u.code, "task-" + u.code, "seminar",
        EngineClock.today(), (int) PARTICIPANTS_MAX, "专题学习会", "tester")));
    // and as if each had recorded thousands more: the columns set directly, each unit touched first as every writer does
    tx.executeWithoutResult(s -> reached.forEach(u -> {
      long n = u.code.equals(HEAVY) ? 3 * ACTIVITIES : ACTIVITIES;
      activities.put(u.code, n);
      rollup.touch(id, u.code);
      jdbc.update("update cascade_unit set study_activities = ?, study_participants = ? where notice_id = ?"
          + " and unit_code = ?", n, n * PARTICIPANTS_MAX, id, u.code);
    }));
    long allActivities = activities.values().stream().mapToLong(Long::longValue).sum();
    assertThat(allActivities * PARTICIPANTS_MAX).isGreaterThan(50L * Integer.MAX_VALUE);
    assertThat(3 * ACTIVITIES * PARTICIPANTS_MAX).isGreaterThan(Integer.MAX_VALUE);

    TestRestTemplate admin = ApiUsers.admin(anonymous, engine);
    // the whole cascade, every unit counted from its row
    JsonNode all = get(admin, "/api/notices/" + id + "/progress");
    assertThat(all.at("/totals/studyActivities").asLong()).isEqualTo(allActivities);
    assertThat(all.at("/totals/studyParticipants").asLong()).isEqualTo(allActivities * PARTICIPANTS_MAX);
    assertThat(all.at("/totals/reached").asInt()).isEqualTo(reached.size());
    // the cities, each with its subtree from the kept totals
    JsonNode cities = get(admin, "/api/notices/" + id + "/progress?depth=1").get("units");
    assertThat(cities).hasSize(3);
    for (JsonNode city : cities) {
      String code = city.get("unitCode").asText();
      long expected = subtree(reached, code, activities);
      assertThat(city.at("/subtree/studyActivities").asLong()).as(code).isEqualTo(expected);
      assertThat(city.at("/subtree/studyParticipants").asLong()).as(code).isEqualTo(expected * PARTICIPANTS_MAX)
          .isGreaterThan(Integer.MAX_VALUE);
    }
    // the subtree of the one unit beyond an int on its own, and the deepest level, found through its level-4 unit
    JsonNode heavy = get(admin, "/api/notices/" + id + "/progress?unit=" + HEAVY + "&depth=0");
    assertThat(heavy.at("/totals/studyParticipants").asLong())
        .isEqualTo(subtree(reached, HEAVY, activities) * PARTICIPANTS_MAX);
    JsonNode deepest = get(admin, "/api/notices/" + id + "/progress?unit=big0101010101");
    assertThat(deepest.at("/totals/studyParticipants").asLong()).isEqualTo(ACTIVITIES * PARTICIPANTS_MAX);
    for (Integer depth : new Integer[] {0, 1, 2, 4, null}) {
      assertThat(progress.progress(id, null, depth)).as("depth " + depth).isEqualTo(progress.recounted(id, null, depth));
    }
    assertThat(admin.getForEntity("/api/notices/" + id + "/progress.xlsx", byte[].class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    // a unit's own totals, as its report form is pre-filled: one activity recorded, summed as 64 bits
    assertThat(repository.studyTotals(id, HEAVY)).isEqualTo(new ProgressRepository.StudyTotals(1, (int) PARTICIPANTS_MAX));
  }

  /** The activities of a unit's subtree, itself included. */
  private static long subtree(List<OrgUnit> reached, String code, Map<String, Long> activities) {
    return reached.stream().filter(u -> u.path.contains("/" + code + "/")).mapToLong(u -> activities.get(u.code)).sum();
  }

  /** V11: the study columns are 64-bit and keep their NOT NULL (their default of 0 every insert above relies on). */
  @Test
  void studyColumnsAreBigintsAndStillRequired() {
    assertThat(jdbc.queryForList("select lower(table_name) || '.' || lower(column_name) || ' ' || lower(data_type)"
        + " || ' ' || is_nullable from information_schema.columns where lower(table_name) in ('cascade_unit',"
        + " 'progress_rollup') and lower(column_name) in ('study_activities', 'study_participants')", String.class))
        .containsExactlyInAnyOrder("cascade_unit.study_activities bigint NO", "cascade_unit.study_participants bigint NO",
            "progress_rollup.study_activities bigint NO", "progress_rollup.study_participants bigint NO");
    assertThat(jdbc.queryForObject("select character_maximum_length from information_schema.columns"
        + " where lower(table_name) = 'cascade_unit' and lower(column_name) = 'return_reason'", Integer.class))
        .isEqualTo(5000);
  }

  private static JsonNode get(TestRestTemplate http, String url) {
    ResponseEntity<JsonNode> r = http.getForEntity(url, JsonNode.class);
    assertThat(r.getStatusCode()).as(url + ": " + r.getBody()).isEqualTo(HttpStatus.OK);
    return r.getBody();
  }
}
