package org.noticecascade.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.noticecascade.calendar.WorkingDayCalendar;
import org.noticecascade.support.EngineClock;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.RecountedRates;
import org.noticecascade.testing.SharedApplication;
import org.noticecascade.web.ApiUsers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * GET /api/notices/{id}/progress on the real application (H2): a cascade driven through the engine with the engine's
 * clock moved between steps (so relay times are known to the second), where every status occurs, a unit addressed
 * directly sits in another addressee's org subtree, and the deadline columns are set with SQL for overdue, escalated
 * and late units (the escalation steps that write them are tested end to end with the deadline work).
 */
@SharedApplication
class ProgressApiTest {

  /** 甲市 gets a third district and 乙市 one, so that both cities relay. */
  static final String MORE_UNITS = """
      code,name,kind,parentCode
      tdist3,测试甲市三区总工会,LOCAL_FEDERATION,tcity1
      tdist5,测试乙市一区总工会,LOCAL_FEDERATION,tcity2
      """;

  @Autowired TestRestTemplate anonymous;
  TestRestTemplate http;
  @Autowired JdbcTemplate jdbc;
  @Autowired ProcessEngine engine;
  @Autowired WorkingDayCalendar calendar;
  @Autowired ProgressService service;
  @Autowired ProgressRollup rollup;
  @Autowired TransactionTemplate tx;
  private LocalDateTime start;
  private static int notices;

  @BeforeEach
  void org() {
    http = ApiUsers.login(anonymous, engine);
    ApiOrg.importOnce(anonymous, engine, jdbc, MORE_UNITS);
    ApiUsers.clerkOf(engine, "tprov");
    // 08:00 today: the cascade below moves the clock on by up to 7 hours, which must not cross midnight (each
    // relay's due date counts from its own day)
    start = LocalDate.now().atTime(8, 0);
    at(0);
  }

  @AfterEach
  void realClock() {
    ClockUtil.reset();
  }

  /** Sets the engine's clock to the given number of minutes after the start. */
  private void at(int minutes) {
    ClockUtil.setCurrentTime(Date.from(start.plusMinutes(minutes).atZone(EngineClock.zone()).toInstant()));
  }

  /**
   * Addressed: 甲市, 乙市, 教育工会, 办公室, and 甲市二区 by name (level 1, though it lies under 甲市 in the org tree).
   * 甲市 relays after 2 h to 一区 and 三区; 乙市 after 5 h to its 一区; 甲市一区 after 4 h to its two grassroots unions.
   * Statuses: 办公室 and 某学校工会 received, 乙市一区 acknowledged, 甲市 and 甲市一区 relayed, 甲市三区 studied,
   * 甲市二区 reported, 乙市 returned, 教育工会 and 某公司工会 accepted.
   */
  private long cascade() {
    Map<String, Object> n = new HashMap<>();
    n.put("docNumber", "测工发〔2025〕" + (++notices) + "号");
    n.put("title", "关于认真学习宣传贯彻的通知");
    n.put("issuerUnit", "tprov");
    n.put("issuedOn", start.toLocalDate().toString());
    n.put("summary", "各单位学习宣传贯彻情况要及时报告省总工会办公室。");
    n.put("addresseeKinds", List.of("LOCAL_FEDERATION", "INDUSTRY_UNION", "INTERNAL_DEPARTMENT"));
    n.put("addresseeUnits", List.of("tdist2"));
    n.put("reportDueDate", start.toLocalDate().plusDays(20).toString());
    n.put("cascadeToGrassroots", true);
    ResponseEntity<JsonNode> created = http.postForEntity("/api/notices", n, JsonNode.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    long id = created.getBody().get("id").asLong();
    CascadeDriver driver = new CascadeDriver(engine);
    driver.runJobs();

    at(120);
    ProcessInstance city1 = driver.unitInstance(id, "tcity1");
    driver.acknowledge(city1);
    driver.relay(city1, List.of("LOCAL_FEDERATION"), List.of());
    at(300);
    ProcessInstance city2 = driver.unitInstance(id, "tcity2");
    driver.acknowledge(city2);
    driver.relay(city2, List.of("LOCAL_FEDERATION"), List.of());
    at(360);
    ProcessInstance dist1 = driver.unitInstance(id, "tdist1");
    driver.acknowledge(dist1);
    driver.relay(dist1, List.of("GRASSROOTS_UNION"), List.of());
    at(420);
    driver.acknowledge(driver.unitInstance(id, "tdist5"));
    driver.leafDone(driver.unitInstance(id, "tgr1"));
    driver.leafDone(driver.unitInstance(id, "tind"));
    ProcessInstance dist3 = driver.unitInstance(id, "tdist3");
    driver.acknowledge(dist3);
    driver.study(dist3, 20, false);
    ProcessInstance dist2 = driver.unitInstance(id, "tdist2");
    driver.acknowledge(dist2);
    driver.study(dist2, 40, false);
    driver.report(dist2, "二区已组织学习");
    driver.study(city2, 30, false);
    driver.report(city2, "乙市已组织学习");
    driver.returnReport(city2, "请补充所属区县的学习情况");
    return id;
  }

  /**
   * The deadline columns as the deadline and escalation steps would leave them (today: the engine's), each unit
   * touched first as those steps do, so the kept totals follow.
   */
  private void deadlines(long id) {
    tx.executeWithoutResult(s -> {
      List.of("tdept", "tgr2", "tdist2", "tcity2").forEach(u -> rollup.touch(id, u));
      deadlineColumns(id);
    });
  }

  private void deadlineColumns(long id) {
    LocalDate today = EngineClock.today();
    Timestamp yesterday = Timestamp.valueOf(start.minusDays(1));
    // 办公室: overdue for a month, 督办 under way, three reminders
    jdbc.update("update cascade_unit set report_due_date = ?, overdue_at = ?, escalated_at = ?, reminders_sent = 3"
        + " where notice_id = ? and unit_code = 'tdept'", today.minusDays(30), yesterday, yesterday, id);
    // 某学校工会: overdue, its 督办 already closed by the superior
    jdbc.update("update cascade_unit set report_due_date = ?, overdue_at = ?, escalated_at = ?,"
        + " escalation_closed_at = ? where notice_id = ? and unit_code = 'tgr2'", today.minusDays(3), yesterday, yesterday, yesterday, id);
    // 甲市二区: reported two weeks after its due date
    jdbc.update("update cascade_unit set report_due_date = ?, overdue_at = ?, reported_late = true"
        + " where notice_id = ? and unit_code = 'tdist2'", today.minusDays(14), yesterday, id);
    // 乙市: was overdue, reported late, and its report was returned: no longer counted overdue
    jdbc.update("update cascade_unit set report_due_date = ?, overdue_at = ?, reported_late = true"
        + " where notice_id = ? and unit_code = 'tcity2'", today.minusDays(2), yesterday, id);
  }

  private JsonNode progress(long id, String query) {
    ResponseEntity<JsonNode> r = http.getForEntity("/api/notices/" + id + "/progress" + query, JsonNode.class);
    assertThat(r.getStatusCode()).as(query).isEqualTo(HttpStatus.OK);
    return r.getBody();
  }

  private static Map<String, JsonNode> byUnit(JsonNode progress) {
    Map<String, JsonNode> units = new LinkedHashMap<>();
    progress.get("units").forEach(u -> units.put(u.get("unitCode").asText(), u));
    return units;
  }

  /** The counts of a subtree, in the order reached, acknowledged, relayed, reported, accepted, returned. */
  private static List<Integer> counts(JsonNode subtree) {
    return List.of("reached", "acknowledged", "relayed", "reported", "accepted", "returned").stream()
        .map(f -> subtree.get(f).asInt()).toList();
  }

  /** withSubordinates, overdue, reportedLate, escalated, studyActivities, studyParticipants. */
  private static List<Integer> figures(JsonNode subtree) {
    return List.of("withSubordinates", "overdue", "reportedLate", "escalated", "studyActivities", "studyParticipants")
        .stream().map(f -> subtree.get(f).asInt()).toList();
  }

  /** Relay times as "level relayed average-hours max-hours slowest". */
  private static List<String> relayTimes(JsonNode subtree) {
    List<String> times = new ArrayList<>();
    subtree.get("relayTimes").forEach(t -> times.add(t.get("level").asInt() + " " + t.get("relayed").asInt() + " "
        + t.get("averageRelayHours").asDouble() + " " + t.get("maxRelayHours").asDouble() + " "
        + t.get("slowestUnit").asText() + " " + t.get("slowestUnitName").asText()));
    return times;
  }

  private static final List<String> RATES = List.of("acknowledgedRate", "relayedRate", "reportedRate", "acceptedRate",
      "completedRate");

  private static List<String> rates(JsonNode subtree) {
    return RATES.stream().map(f -> subtree.get(f).asText()).toList();
  }

  /**
   * For every root, its subtree's counts and rates against a recount of the units the API lists under it (all of
   * them, without depth). 传达率's whole, the units with subordinates, is not in a unit's answer: taken as given.
   */
  private void ratesMatchARecountOfTheUnits(long id) {
    List<String> roots = new ArrayList<>(jdbc.queryForList("select unit_code from cascade_unit where notice_id = ?",
        String.class, id));
    roots.add(null);
    for (String root : roots) {
      JsonNode p = progress(id, root == null ? "" : "?unit=" + root);
      RecountedRates r = RecountedRates.of(p.get("units"));
      int relayed = 0;
      for (JsonNode u : p.get("units")) {
        relayed += u.hasNonNull("relayedAt") || u.hasNonNull("relayCount") ? 1 : 0;
      }
      JsonNode totals = p.get("totals");
      assertThat(List.of(totals.get("reached").asInt(), totals.get("mustReport").asInt(),
          totals.get("reported").asInt(), totals.get("accepted").asInt())).as(root)
          .containsExactly(r.reached(), r.mustReport(), r.reported(), r.accepted());
      assertThat(rates(totals)).as(root).containsExactly(r.acknowledgedRate(),
          RecountedRates.percent(relayed, totals.get("withSubordinates").asInt()), r.reportedRate(),
          r.acceptedRate(), r.completedRate());
      assertThat(rates(p)).as(root).isEqualTo(rates(totals));
    }
  }

  /** The totals kept as the steps ran equal a recount of the rows, for every root and depth. */
  private void keptTotalsMatchARecount(long id) {
    List<String> roots = new ArrayList<>(jdbc.queryForList("select unit_code from cascade_unit where notice_id = ?",
        String.class, id));
    roots.add(null);
    for (String root : roots) {
      for (Integer depth : new Integer[] {0, 1, 2, null}) {
        assertThat(service.progress(id, root, depth)).as(root + " depth " + depth)
            .isEqualTo(service.recounted(id, root, depth));
      }
    }
  }

  @Test
  void theRootsSubordinatesEachShowTheirSubtreesRatesDeadlinesAndRelayTimes() {
    long id = cascade();
    keptTotalsMatchARecount(id);
    deadlines(id);
    keptTotalsMatchARecount(id);
    JsonNode p = progress(id, "?depth=1");

    JsonNode totals = p.get("totals");
    assertThat(counts(totals)).containsExactly(10, 8, 3, 3, 2, 1);
    assertThat(figures(totals)).containsExactly(3, 2, 2, 1, 5, 150);
    ratesMatchARecountOfTheUnits(id);
    // 审核通过率 of the reports, no longer of all units reached: 2 of 3 reported were accepted, 2 of 10 done
    assertThat(totals.get("acceptedRate").asText()).isNotEqualTo(totals.get("completedRate").asText());
    // 乙市 took 5 h, 甲市 2 h; 甲市一区 4 h from receiving (2 h in) to relaying (6 h in)
    assertThat(relayTimes(totals)).containsExactly("1 2 3.5 5.0 tcity2 测试乙市总工会",
        "2 1 4.0 4.0 tdist1 测试甲市一区总工会");
    assertThat(p.get("relayTimes")).isEqualTo(totals.get("relayTimes"));

    Map<String, JsonNode> units = byUnit(p);
    assertThat(units.keySet()).containsExactlyInAnyOrder("tcity1", "tcity2", "tind", "tdept", "tdist2");
    // 甲市's subtree is its cascade: 二区 was addressed by the issuer, not reached through 甲市
    JsonNode city1 = units.get("tcity1").get("subtree");
    assertThat(counts(city1)).containsExactly(5, 4, 2, 1, 1, 0);
    assertThat(figures(city1)).containsExactly(2, 1, 0, 0, 2, 50);
    assertThat(relayTimes(city1)).containsExactly("1 1 2.0 2.0 tcity1 测试甲市总工会",
        "2 1 4.0 4.0 tdist1 测试甲市一区总工会");
    JsonNode city2 = units.get("tcity2").get("subtree");
    assertThat(counts(city2)).containsExactly(2, 2, 1, 0, 0, 1);
    assertThat(figures(city2)).containsExactly(1, 0, 1, 0, 1, 30);
    assertThat(relayTimes(city2)).containsExactly("1 1 5.0 5.0 tcity2 测试乙市总工会");
    JsonNode dept = units.get("tdept");
    assertThat(counts(dept.get("subtree"))).containsExactly(1, 0, 0, 0, 0, 0);
    // a unit that may not relay has no relay rate, and no relay times; nothing reported, nothing to review
    assertThat(rates(dept.get("subtree"))).containsExactly("0.0%", "—", "0.0%", "—", "0.0%");
    assertThat(dept.get("subtree").get("relayTimes")).isEmpty();

    // each unit's own flags
    assertThat(dept.get("status").asText()).isEqualTo("received");
    assertThat(dept.get("overdue").asBoolean()).isTrue();
    assertThat(dept.get("escalated").asBoolean()).isTrue();
    assertThat(dept.get("remindersSent").asInt()).isEqualTo(3);
    LocalDate today = EngineClock.today();
    assertThat(dept.get("daysLate").asInt()).isPositive()
        .isEqualTo(calendar.workingDaysBetween(today.minusDays(30), today));
    JsonNode dist2 = units.get("tdist2");
    assertThat(dist2.get("level").asInt()).isEqualTo(1);
    assertThat(dist2.get("superiorCode").asText()).isEqualTo("tprov");
    assertThat(dist2.get("status").asText()).isEqualTo("reported");
    assertThat(dist2.get("overdue").asBoolean()).isFalse();
    assertThat(dist2.get("reportedLate").asBoolean()).isTrue();
    assertThat(dist2.get("daysLate").asInt()).isPositive().isEqualTo(calendar.workingDaysBetween(today.minusDays(14),
        LocalDateTime.parse(dist2.get("reportedAt").asText()).toLocalDate()));
    JsonNode returned = units.get("tcity2");
    assertThat(returned.get("status").asText()).isEqualTo("returned");
    assertThat(returned.get("overdue").asBoolean()).isFalse();
    assertThat(returned.get("escalated").asBoolean()).isFalse();
    assertThat(LocalDateTime.parse(returned.get("relayedAt").asText())).isEqualTo(start.plusHours(5));
    JsonNode ind = units.get("tind");
    assertThat(ind.get("status").asText()).isEqualTo("accepted");
    assertThat(List.of(ind.get("overdue").asBoolean(), ind.get("escalated").asBoolean(), ind.get("daysLate").asInt(),
        ind.get("remindersSent").asInt())).containsExactly(false, false, 0, 0);
  }

  @Test
  void unitAndDepthChooseTheSubtreeAndHowFarDownItIsShown() {
    long id = cascade();
    deadlines(id);

    Map<String, JsonNode> city1 = byUnit(progress(id, "?unit=tcity1&depth=1"));
    assertThat(city1.keySet()).containsExactly("tcity1", "tdist1", "tdist3");
    assertThat(counts(city1.get("tdist1").get("subtree"))).containsExactly(3, 2, 1, 1, 1, 0);
    assertThat(figures(city1.get("tdist1").get("subtree"))).containsExactly(1, 1, 0, 0, 1, 30);
    assertThat(city1.get("tdist3").get("status").asText()).isEqualTo("studied");
    assertThat(figures(city1.get("tdist3").get("subtree"))).containsExactly(0, 0, 0, 0, 1, 20);

    JsonNode only = progress(id, "?unit=tcity1&depth=0");
    assertThat(byUnit(only).keySet()).containsExactly("tcity1");
    assertThat(counts(only.get("totals"))).containsExactly(5, 4, 2, 1, 1, 0);

    Map<String, JsonNode> dist1 = byUnit(progress(id, "?unit=tdist1"));
    assertThat(dist1.keySet()).containsExactly("tdist1", "tgr1", "tgr2");
    JsonNode school = dist1.get("tgr2");
    assertThat(school.get("level").asInt()).isEqualTo(3);
    assertThat(school.get("overdue").asBoolean()).isTrue();
    // its 督办 was closed
    assertThat(school.get("escalated").asBoolean()).isFalse();
    assertThat(dist1.get("tgr1").get("status").asText()).isEqualTo("accepted");

    // the issuer alone: totals, no unit
    JsonNode issuer = progress(id, "?depth=0");
    assertThat(issuer.get("units")).isEmpty();
    assertThat(counts(issuer.get("totals"))).containsExactly(10, 8, 3, 3, 2, 1);

    assertThat(http.getForEntity("/api/notices/" + id + "/progress?depth=-1", JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(http.getForEntity("/api/notices/" + id + "/progress?unit=nosuch", JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(http.getForEntity("/api/notices/" + id + "/progress?unit=tdist5&depth=x", JsonNode.class)
        .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  /**
   * Down to level 4 the database counts each subordinate's subtree in groups; with no depth every unit is read and
   * counted in Java. Both must give every unit the same subtree.
   */
  @Test
  void groupedAndUnitByUnitCountingAgree() {
    long id = cascade();
    deadlines(id);
    Map<String, JsonNode> whole = byUnit(progress(id, ""));
    assertThat(whole).hasSize(10);
    for (String query : List.of("?depth=1", "?depth=2", "?depth=3", "?unit=tcity1&depth=1", "?unit=tcity2&depth=1",
        "?unit=tdist1&depth=1", "?unit=tdist1&depth=0")) {
      Map<String, JsonNode> shown = byUnit(progress(id, query));
      assertThat(shown).as(query).isNotEmpty();
      shown.forEach((code, unit) -> assertThat(unit).as(query + " " + code).isEqualTo(whole.get(code)));
    }
    assertThat(progress(id, "?depth=1").get("totals")).isEqualTo(progress(id, "").get("totals"));
  }

  @Test
  void theWorkbookShowsDaysLateAndOverdueUnits() throws Exception {
    long id = cascade();
    deadlines(id);
    Map<String, JsonNode> units = byUnit(progress(id, ""));
    ResponseEntity<byte[]> r = http.getForEntity("/api/notices/" + id + "/progress.xlsx", byte[].class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(r.getBody()))) {
      Sheet sheet = wb.getSheet("单位明细");
      assertThat(sheet.getRow(0).getCell(15).getStringCellValue()).isEqualTo("逾期工作日数");
      Map<String, Double> daysLate = new HashMap<>();
      for (int i = 1; i <= sheet.getLastRowNum(); i++) {
        Row row = sheet.getRow(i);
        daysLate.put(row.getCell(1).getStringCellValue(), row.getCell(15).getNumericCellValue());
      }
      assertThat(daysLate).hasSize(10);
      units.forEach((code, u) -> assertThat(daysLate.get(code)).as(code).isEqualTo(u.get("daysLate").asDouble()));
      assertThat(daysLate.get("tdept")).isPositive();

      Sheet summary = wb.getSheet("汇总");
      Row total = null;
      int overdue = -1;
      for (Row row : summary) {
        if (row.getCell(0) != null && row.getCell(0).toString().equals("合计")) {
          total = row;
        }
        if (row.getCell(0) != null && row.getCell(0).toString().equals("层级")) {
          // the column by its header, so that columns added before it leave this check alone
          for (int i = 0; i < row.getLastCellNum(); i++) {
            overdue = row.getCell(i).toString().equals("逾期") ? i : overdue;
          }
        }
      }
      assertThat(total).isNotNull();
      assertThat(overdue).isPositive();
      assertThat(total.getCell(overdue).getNumericCellValue()).isEqualTo(2);
    }
  }
}
