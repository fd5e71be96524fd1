package org.noticecascade.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.noticecascade.cascade.UnitCascadeProcess.TASK_REPORT;
import static org.noticecascade.cascade.UnitCascadeProcess.TASK_RELAY;
import static org.noticecascade.cascade.UnitCascadeProcess.TASK_STUDY;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.RecountedRates;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * 云工通〔2023〕7号 as the seed writes it, on the demo 云南省总工会 tree: 主送 各州（市）总工会、省级产业系统公司工会，
 * 省总机关各部室、直属事业单位, of whom only the 州（市）总工会 and 产业系统公司工会 are asked to report; 抄送 省总机关工会.
 * The clerks work through the engine as Tasklist submits their forms; the issuer's clerk uses our API for the
 * progress, the Excel and 办结, which must end everything the notice left open.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.profiles.active=demo",
    "spring.datasource.url=jdbc:h2:mem:seedwalkthrough;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false"})
class SeedNoticeWalkThroughTest {

  private static final List<String> CITIES = List.of("ynkm", "ynqj", "ynyx", "ynbs", "ynzt", "ynlj", "ynpe", "ynlc",
      "yncx", "ynhh", "ynws", "ynxsbn", "yndl", "yndh", "ynnj", "yndq");
  /** 省级产业系统公司工会: in the demo tree, three enterprise groups' unions (企业集团（公司）工会) */
  private static final List<String> INDUSTRY = List.of("ynjt", "ynny", "ynjs");
  private static final List<String> DEPARTMENTS = List.of("ynbgs", "ynzzb", "ynxjb", "ynqyb");
  private static final List<String> AFFILIATED = List.of("yngbxx", "ynfwzx");
  private static final String CC = "ynjggh";

  @Autowired TestRestTemplate anonymous;
  @Autowired ProcessEngine engine;
  @Autowired JdbcTemplate jdbc;

  private TestRestTemplate as(String user) {
    return anonymous.withBasicAuth(user, "demo");
  }

  @Test
  void yunnanIssuesTheSeedNoticeTwoKindsReportOneUnitReadsAndTheNoticeIsClosed() throws IOException {
    CascadeDriver driver = new CascadeDriver(engine);
    Map<String, Object> notice = new HashMap<>();
    notice.put("docNumber", "云工通〔2023〕7号");
    notice.put("title", "云南省总工会关于学习宣传贯彻习近平总书记重要指示精神的通知");
    notice.put("issuerUnit", "yn");
    notice.put("issuedOn", "2023-05-01");
    notice.put("summary", "深入学习宣传贯彻习近平总书记重要指示精神。各州（市）总工会，省级产业系统公司工会学习宣传贯彻"
        + "习近平总书记重要指示精神情况请及时报告省总工会。");
    notice.put("addresseeKinds", List.of("LOCAL_FEDERATION", "ENTERPRISE_GROUP_UNION", "INTERNAL_DEPARTMENT",
        "AFFILIATED_UNIT"));
    notice.put("reportingKinds", List.of("LOCAL_FEDERATION", "ENTERPRISE_GROUP_UNION"));
    notice.put("ccUnits", List.of(CC));
    notice.put("reportDueDate", CascadeDriver.dueDate().toString());
    ResponseEntity<JsonNode> created = as("ynclerk").postForEntity("/api/notices", notice, JsonNode.class);
    assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
    long id = created.getBody().get("id").asLong();
    driver.runJobs();

    // every 主送 unit has its 签收; only the cities and the enterprise groups' unions must report
    Map<String, ProcessInstance> units = new LinkedHashMap<>();
    for (List<String> group : List.of(CITIES, INDUSTRY, DEPARTMENTS, AFFILIATED)) {
      for (String code : group) {
        ProcessInstance pi = driver.unitInstance(id, code);
        assertThat(pi).as(code).isNotNull();
        assertThat(driver.mustReport(pi)).as(code).isEqualTo(CITIES.contains(code) || INDUSTRY.contains(code));
        units.put(code, pi);
      }
    }
    // the 抄送 unit reads it, and that is all it gets
    ProcessInstance copy = driver.ccInstance(id, CC);
    assertThat(driver.unitInstance(id, CC)).isNull();
    assertThat(engine.getTaskService().createTaskQuery().processInstanceId(copy.getId()).taskCandidateGroup(CC).count())
        .isEqualTo(1);
    driver.read(copy);

    units.values().forEach(driver::acknowledge);

    // 昆明 studies first (先学一步), then relays to its districts to study only (仅传达学习)
    ProcessInstance kunming = units.get("ynkm");
    assertThat(engine.getTaskService().createTaskQuery().processInstanceId(kunming.getId()).list())
        .extracting(t -> t.getTaskDefinitionKey()).containsExactlyInAnyOrder(TASK_RELAY, TASK_STUDY);
    driver.study(kunming, 120, false);
    assertThat(driver.task(kunming, TASK_REPORT)).as("报告 waits for the relay decision").isNull();
    driver.relayInformOnly(kunming, List.of("LOCAL_FEDERATION"), List.of());
    for (String district : List.of("ynkmwh", "ynkmpl")) {
      ProcessInstance pi = driver.unitInstance(id, district);
      assertThat(driver.mustReport(pi)).as(district).isFalse();
      driver.acknowledge(pi);
      driver.study(pi, 40, false);
      assertThat(driver.task(pi, TASK_REPORT)).as(district + " studies only").isNull();
    }
    driver.report(kunming, "昆明市总工会召开专题学习会，两个区总工会已传达学习。");
    driver.accept(kunming);

    // the departments and the affiliated units study and are done: no 报告 task, ever
    for (String code : new ArrayList<String>() {{ addAll(DEPARTMENTS); addAll(AFFILIATED); }}) {
      driver.study(units.get(code), 15, false);
      assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(units.get(code).getId())
          .count()).as(code + " is done after study").isZero();
    }

    // four more cities and one industry union report; 曲靖 is returned once and accepted after
    for (String code : List.of("ynqj", "ynyx", "yndl", "ynhh", "ynjt")) {
      ProcessInstance pi = units.get(code);
      driver.study(pi, 60, false);
      driver.report(pi, "已学习贯彻。");
    }
    driver.returnReport(units.get("ynqj"), "请补充宣讲情况");
    driver.report(units.get("ynqj"), "已学习贯彻，并开展宣讲。");
    for (String code : List.of("ynqj", "ynyx", "yndl", "ynjt")) {
      driver.accept(units.get(code));
    }

    // the progress as the issuer's clerk reads it, against a recount of its own unit list
    JsonNode progress = as("ynclerk").getForObject("/api/notices/" + id + "/progress", JsonNode.class);
    RecountedRates recount = RecountedRates.of(progress.get("units"));
    JsonNode totals = progress.get("totals");
    assertThat(recount.reached()).isEqualTo(16 + 3 + 4 + 2 + 2);
    assertThat(recount.mustReport()).isEqualTo(16 + 3);
    assertThat(totals.get("reached").asInt()).isEqualTo(recount.reached());
    assertThat(totals.get("mustReport").asInt()).isEqualTo(recount.mustReport());
    assertThat(totals.get("reported").asInt()).isEqualTo(recount.reported()).isEqualTo(6);
    assertThat(totals.get("accepted").asInt()).isEqualTo(recount.accepted()).isEqualTo(5);
    assertThat(totals.get("reportedRate").asText()).isEqualTo(recount.reportedRate()).isEqualTo("31.6%");
    assertThat(totals.get("acceptedRate").asText()).isEqualTo(recount.acceptedRate()).isEqualTo("83.3%");
    assertThat(totals.get("completedRate").asText()).isEqualTo(recount.completedRate()).isEqualTo("26.3%");
    JsonNode copies = progress.get("copies");
    assertThat(copies.get("copied").asInt()).isEqualTo(1);
    assertThat(copies.get("read").asInt()).isEqualTo(1);
    assertThat(copies.get("readRate").asText()).isEqualTo("100.0%");
    assertThat(copies.get("units").get(0).get("unitCode").asText()).isEqualTo(CC);

    // the Excel's 合计 row says the same
    ResponseEntity<byte[]> xlsx = as("ynclerk").getForEntity("/api/notices/" + id + "/progress.xlsx", byte[].class);
    assertThat(xlsx.getStatusCode()).isEqualTo(HttpStatus.OK);
    try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx.getBody()))) {
      Map<String, String> sum = rowUnder(wb.getSheet("汇总"), "应报告", "合计");
      assertThat(sum.get("单位数")).isEqualTo(String.valueOf(recount.reached()));
      assertThat(sum.get("应报告")).isEqualTo(String.valueOf(recount.mustReport()));
      assertThat(sum.get("已报告")).isEqualTo(String.valueOf(recount.reported()));
      assertThat(sum.get("办结率")).isEqualTo(recount.completedRate());
      assertThat(wb.getSheet("抄送阅知").getPhysicalNumberOfRows()).isEqualTo(2);
    }

    // 办结 by the issuer's clerk: nobody else may, and afterwards nothing of the notice is left running
    Map<String, Object> close = Map.of("reason", "已按要求汇总上报，本通知办结。");
    assertThat(as("ynkmclerk").postForEntity("/api/notices/" + id + "/close", close, JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    ResponseEntity<JsonNode> closed = as("ynclerk").postForEntity("/api/notices/" + id + "/close", close, JsonNode.class);
    assertThat(closed.getStatusCode().is2xxSuccessful()).as(String.valueOf(closed.getBody())).isTrue();
    driver.runJobs();
    List<String> instances = engine.getRuntimeService().createProcessInstanceQuery().list().stream()
        .filter(pi -> pi.getBusinessKey() != null && pi.getBusinessKey().startsWith(id + "/"))
        .map(ProcessInstance::getBusinessKey).toList();
    assertThat(instances).as("unit instances left after 办结").isEmpty();
    String issuerInstance = created.getBody().get("processInstanceId").asText();
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(issuerInstance).count()).isZero();
    for (String table : List.of("ACT_RU_EXECUTION", "ACT_RU_TASK", "ACT_RU_JOB", "ACT_RU_EVENT_SUBSCR")) {
      // the engine's own history cleanup job (its nightly window, history.HistoryCleanupPlugin) belongs to no notice
      String notTheEngines = table.equals("ACT_RU_JOB") ? " where HANDLER_TYPE_ <> 'history-cleanup'" : "";
      assertThat(jdbc.queryForObject("select count(*) from " + table + notTheEngines, Integer.class)).as(table)
          .isZero();
    }
    assertThat(jdbc.queryForObject("select count(*) from ACT_RU_VARIABLE where EXECUTION_ID_ is not null",
        Integer.class)).isZero();
    JsonNode after = as("ynclerk").getForObject("/api/notices/" + id, JsonNode.class);
    assertThat(after.get("status").asText()).isEqualTo("CLOSED");
    JsonNode ending = after.get("ending");
    assertThat(ending.get("closedBy").asText()).isEqualTo("ynclerk");
    assertThat(ending.get("closeReason").asText()).isEqualTo("已按要求汇总上报，本通知办结。");
    assertThat(LocalDate.parse(ending.get("closedAt").asText().substring(0, 10))).isEqualTo(
        org.noticecascade.support.EngineClock.today());
    // what was done stays: 昆明's acceptance is still counted after 办结
    JsonNode last = as("ynclerk").getForObject("/api/notices/" + id + "/progress", JsonNode.class);
    assertThat(last.get("totals").get("accepted").asInt()).isEqualTo(5);
    assertThat(last.get("noticeState").asText()).startsWith("已办结").contains("ynclerk", "本通知办结");
  }

  /** The row whose first cell is {@code first}, below the header row that has {@code headerCell}: header → value. */
  private static Map<String, String> rowUnder(Sheet sheet, String headerCell, String first) {
    Row header = null;
    for (Row row : sheet) {
      if (header == null) {
        for (Cell c : row) {
          if (headerCell.equals(c.toString())) {
            header = row;
          }
        }
      } else if (first.equals(text(row.getCell(0)))) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Cell c : header) {
          values.put(c.toString(), text(row.getCell(c.getColumnIndex())));
        }
        return values;
      }
    }
    throw new AssertionError("no row " + first + " under " + headerCell);
  }

  private static String text(Cell cell) {
    if (cell == null) {
      return "";
    }
    return new org.apache.poi.ss.usermodel.DataFormatter().formatCellValue(cell);
  }
}
