package org.noticecascade.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.noticecascade.cascade.UnitCascadeProcess.MORE_STUDY;
import static org.noticecascade.cascade.UnitCascadeProcess.PARTICIPANTS;
import static org.noticecascade.cascade.UnitCascadeProcess.RELAY_DOC_NUMBER;
import static org.noticecascade.cascade.UnitCascadeProcess.RELAY_REPORTING;
import static org.noticecascade.cascade.UnitCascadeProcess.REPORTING_INFORM;
import static org.noticecascade.cascade.UnitCascadeProcess.STUDY_DATE;
import static org.noticecascade.cascade.UnitCascadeProcess.STUDY_FORM;
import static org.noticecascade.cascade.UnitCascadeProcess.STUDY_SUMMARY;
import static org.noticecascade.cascade.UnitCascadeProcess.TASK_RELAY;
import static org.noticecascade.cascade.UnitCascadeProcess.TASK_STUDY;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.PaneInformation;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.noticecascade.support.EngineClock;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.web.ApiUsers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * GET /api/notices/{id}/progress.xlsx on the real application (H2), read back cell by cell with POI. A database of
 * its own: its cascade expects the test org with 甲市's third district added and nothing else.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.profiles.active=test",
    "spring.datasource.url=jdbc:h2:mem:progressexporttest;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false"})
class ProgressExportTest {

  /** A third district of 甲市, so that one unit stays 已收文 while its sisters move on. */
  private static final String MORE_UNITS = """
      code,name,kind,parentCode
      tdist3,测试甲市三区总工会,LOCAL_FEDERATION,tcity1
      """;
  private static final String DOC_NUMBER = "测工发〔2024〕7号";
  private static final String SUBTREE_DOC_NUMBER = "测工发〔2024〕9号";
  private static final String SCOPE_DOC_NUMBER = "测工发〔2024〕10号";
  private static final String FORMULA_LIKE_REPORT = "=1+1 办公室已组织全体干部学习";

  @Autowired TestRestTemplate anonymous;
  TestRestTemplate http;
  @Autowired JdbcTemplate jdbc;
  @Autowired ProcessEngine engine;

  @BeforeEach
  void org() {
    http = ApiUsers.login(anonymous, engine);
    ApiOrg.importOnce(anonymous, engine, jdbc, MORE_UNITS);
    ApiUsers.clerkOf(engine, "tprov");
  }

  /**
   * 甲市 relays to its three districts for study only, 仅传达学习 (一区 acknowledges, 二区 studies, 三区 has only
   * received); 乙市's report is
   * returned, 教育工会's accepted, 办公室's awaits review: every status occurs once or more.
   */
  /** 甲市's own 文号 for its 转发 of the notice: one per notice, as a unit uses a 文号 once. */
  private static String cityDocNumber(String docNumber) {
    return docNumber.replace("测工发", "测甲工发");
  }

  private long noticeWithEveryStatus(String docNumber, boolean cascadeToGrassroots) {
    Map<String, Object> n = new HashMap<>();
    n.put("docNumber", docNumber);
    n.put("title", "关于认真学习宣传贯彻《论述摘编》的通知");
    n.put("issuerUnit", "tprov");
    n.put("issuedOn", EngineClock.today().toString());
    n.put("summary", "各单位学习宣传贯彻情况要及时报告省总工会办公室。");
    n.put("addresseeKinds", List.of("LOCAL_FEDERATION", "INDUSTRY_UNION", "INTERNAL_DEPARTMENT"));
    n.put("reportDueDate", CascadeDriver.dueDate().toString());
    n.put("cascadeToGrassroots", cascadeToGrassroots);
    ResponseEntity<JsonNode> created = http.postForEntity("/api/notices", n, JsonNode.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    long id = created.getBody().get("id").asLong();

    CascadeDriver driver = new CascadeDriver(engine);
    driver.runJobs();
    ProcessInstance city1 = driver.unitInstance(id, "tcity1");
    driver.acknowledge(city1);
    // 仅传达学习, in 甲市's own name: the default title and its own 文号
    Map<String, Object> relay = new HashMap<>(CascadeDriver.relayForm(List.of("LOCAL_FEDERATION"), List.of()));
    relay.put(RELAY_REPORTING, REPORTING_INFORM);
    relay.put(RELAY_DOC_NUMBER, cityDocNumber(docNumber));
    driver.complete(city1, TASK_RELAY, relay);
    driver.acknowledge(driver.unitInstance(id, "tdist1"));
    ProcessInstance dist2 = driver.unitInstance(id, "tdist2");
    driver.acknowledge(dist2);
    // completed by 二区's clerk, who is recorded as 登记人; the driver then runs the jobs as the job executor would
    engine.getIdentityService().setAuthentication("tdist2clerk", List.of("tdist2"));
    try {
      engine.getTaskService().complete(driver.task(dist2, TASK_STUDY).getId(), Map.of(STUDY_FORM, "lecture",
          STUDY_DATE, EngineClock.today().toString(), PARTICIPANTS, 45, STUDY_SUMMARY, "邀请专家作辅导报告",
          MORE_STUDY, false));
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
    driver.runJobs();
    ProcessInstance city2 = driver.unitInstance(id, "tcity2");
    driver.acknowledge(city2);
    driver.study(city2, 30, false);
    driver.report(city2, "乙市已组织学习");
    driver.returnReport(city2, "请补充所属单位的学习情况");
    driver.leafDone(driver.unitInstance(id, "tind"));
    ProcessInstance dept = driver.unitInstance(id, "tdept");
    driver.acknowledge(dept);
    driver.study(dept, 12, false);
    driver.report(dept, FORMULA_LIKE_REPORT);
    return id;
  }

  @Test
  void theWorkbookShowsWhatTheProgressApiReportsCellByCell() throws IOException {
    long id = noticeWithEveryStatus(DOC_NUMBER, true);
    JsonNode progress = http.getForObject("/api/notices/" + id + "/progress", JsonNode.class);
    Map<String, JsonNode> byUnit = new HashMap<>();
    progress.get("units").forEach(u -> byUnit.put(u.get("unitCode").asText(), u));
    assertThat(byUnit).hasSize(7);

    ResponseEntity<byte[]> r = http.getForEntity("/api/notices/" + id + "/progress.xlsx", byte[].class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(r.getHeaders().getContentType()).hasToString(ProgressWorkbook.CONTENT_TYPE);
    String disposition = r.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION);
    // each parameter once (RFC 6266): the ASCII fallback, then the Chinese name
    assertThat(disposition).isEqualTo("attachment; filename=\"notice-" + id + "-progress.xlsx\"; filename*=UTF-8''"
        + URLEncoder.encode(DOC_NUMBER + "-落实情况.xlsx", StandardCharsets.UTF_8));
    ContentDisposition parsed = ContentDisposition.parse(disposition);
    assertThat(parsed.getFilename()).isEqualTo(DOC_NUMBER + "-落实情况.xlsx");
    assertThat(parsed.getCharset()).isEqualTo(StandardCharsets.UTF_8);

    try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(r.getBody()))) {
      assertThat(sheetNames(wb)).containsExactly("汇总", "单位明细", "学习活动", "报告内容", "抄送阅知", "留痕");
      for (Sheet sheet : wb) {
        PaneInformation pane = sheet.getPaneInformation();
        assertThat(pane.isFreezePane()).as(sheet.getSheetName()).isTrue();
        assertThat(pane.getHorizontalSplitTopRow()).as(sheet.getSheetName()).isEqualTo((short) 1);
        assertThat(pane.getVerticalSplitLeftColumn()).as(sheet.getSheetName()).isZero();
      }
      summary(wb.getSheet("汇总"), progress, byUnit);
      units(wb.getSheet("单位明细"), byUnit);
      studies(wb.getSheet("学习活动"));
      reports(wb.getSheet("报告内容"));
    }
  }

  private void summary(Sheet s, JsonNode progress, Map<String, JsonNode> byUnit) {
    assertThat(text(s, 0, 0)).isEqualTo(DOC_NUMBER + " 落实情况汇总");
    Map<String, Row> labelled = new HashMap<>();
    s.forEach(row -> {
      Cell a = row.getCell(0);
      if (a != null && a.getCellType() == CellType.STRING) {
        labelled.putIfAbsent(a.getStringCellValue(), row);
      }
    });
    assertThat(labelled.get("文号").getCell(1).getStringCellValue()).isEqualTo(DOC_NUMBER);
    assertThat(labelled.get("标题").getCell(1).getStringCellValue()).isEqualTo("关于认真学习宣传贯彻《论述摘编》的通知");
    assertThat(labelled.get("发文单位").getCell(1).getStringCellValue()).isEqualTo("测试省总工会");
    assertDate(labelled.get("报告截止日期").getCell(1));
    assertThat(labelled.get("报告截止日期").getCell(1).getLocalDateTimeCellValue().toLocalDate())
        .isEqualTo(CascadeDriver.dueDate());
    Cell exported = labelled.get("导出时间").getCell(1);
    assertThat(DateUtil.isCellDateFormatted(exported)).isTrue();
    assertThat(exported.getCellStyle().getDataFormatString()).isEqualTo("yyyy-mm-dd hh:mm");
    assertThat(exported.getLocalDateTimeCellValue()).isCloseTo(EngineClock.now(), within(5, ChronoUnit.MINUTES));

    // per level: counts and rates as the JSON progress gives them unit by unit
    Row header = labelled.get("层级");
    assertThat(texts(header)).containsExactly("层级", "单位数", "已签收", "签收率", "已传达", "传达率", "应报告", "已报告",
        "报告率", "已通过", "审核通过率", "办结率", "退回中", "逾期", "其中逾期未办结");
    assertThat(((XSSFCell) header.getCell(0)).getCellStyle().getFont().getBold()).isTrue();
    Map<Integer, List<JsonNode>> levels = new TreeMap<>();
    byUnit.values().forEach(u -> levels.computeIfAbsent(u.get("level").asInt(), l -> new ArrayList<>()).add(u));
    assertThat(levels.keySet()).containsExactly(1, 2);
    int at = header.getRowNum() + 1;
    for (Map.Entry<Integer, List<JsonNode>> level : levels.entrySet()) {
      Row row = s.getRow(at++);
      assertThat(row.getCell(0).getNumericCellValue()).isEqualTo(level.getKey().doubleValue());
      List<JsonNode> us = level.getValue();
      int reached = us.size();
      int acknowledged = count(us, u -> u.has("acknowledgedAt"));
      int relayed = count(us, u -> u.has("relayedAt"));
      int reported = count(us, u -> List.of("reported", "accepted").contains(u.get("status").asText()));
      int accepted = count(us, u -> u.get("status").asText().equals("accepted"));
      int returned = count(us, u -> u.get("status").asText().equals("returned"));
      // 应报告: the units that must report (甲市's districts only study)
      int mustReport = count(us, u -> u.get("mustReport").asBoolean());
      assertThat(numbers(row, 1, 2)).containsExactly((double) reached, (double) acknowledged);
      assertRate(row.getCell(3), acknowledged, reached);
      assertThat(row.getCell(4).getNumericCellValue()).isEqualTo(relayed);
      assertThat(numbers(row, 6, 7)).containsExactly((double) mustReport, (double) reported);
      assertRate(row.getCell(8), reported, mustReport);
      assertThat(numbers(row, 9)).containsExactly((double) accepted);
      assertRate(row.getCell(10), accepted, reported);
      assertRate(row.getCell(11), accepted, mustReport);
      assertThat(numbers(row, 12)).containsExactly((double) returned);
      assertThat(numbers(row, 13)).containsExactly((double) count(us, u -> u.get("overdue").asBoolean()));
      assertThat(numbers(row, 14)).containsExactly((double) count(us, u -> u.get("overdueUnclosed").asBoolean()));
    }
    // 传达率: of the units that have subordinates to relay to, 甲市 relayed (1 of 1) and 一区 not yet (0 of 1)
    assertRate(s.getRow(header.getRowNum() + 1).getCell(5), 1, 1);
    assertRate(s.getRow(header.getRowNum() + 2).getCell(5), 0, 1);

    Row total = s.getRow(at);
    assertThat(total.getCell(0).getStringCellValue()).isEqualTo("合计");
    JsonNode t = progress.get("totals");
    assertThat(numbers(total, 1, 2, 4, 6, 7, 9, 12, 13, 14)).containsExactly(t.get("reached").asDouble(),
        t.get("acknowledged").asDouble(), t.get("relayed").asDouble(), t.get("mustReport").asDouble(),
        t.get("reported").asDouble(), t.get("accepted").asDouble(), t.get("returned").asDouble(),
        t.get("overdue").asDouble(), t.get("overdueUnclosed").asDouble());
    // the totals recounted from the units, each rate by its own whole
    List<JsonNode> all = List.copyOf(byUnit.values());
    int allReported = count(all, u -> List.of("reported", "accepted").contains(u.get("status").asText()));
    int allAccepted = count(all, u -> u.get("status").asText().equals("accepted"));
    int allMustReport = count(all, u -> u.get("mustReport").asBoolean());
    assertThat(allMustReport).isEqualTo(4);
    assertRate(total.getCell(8), allReported, allMustReport);
    assertRate(total.getCell(10), allAccepted, allReported);
    assertRate(total.getCell(11), allAccepted, allMustReport);
    DataFormatter shown = new DataFormatter();
    assertThat(shown.formatCellValue(total.getCell(3))).isEqualTo(progress.get("acknowledgedRate").asText());
    assertThat(shown.formatCellValue(total.getCell(5))).isEqualTo("50.0%");
    assertThat(shown.formatCellValue(total.getCell(8))).isEqualTo(progress.get("reportedRate").asText());
    assertThat(shown.formatCellValue(total.getCell(10))).isEqualTo(progress.get("acceptedRate").asText());
    assertThat(shown.formatCellValue(total.getCell(11))).isEqualTo(progress.get("completedRate").asText());
    assertThat(progress.get("acknowledgedRate").asText()).isEqualTo("85.7%");

    // per addressee: its subtree as the JSON progress counts it
    Row addressees = s.getRow(labelled.get("各主送单位落实情况").getRowNum() + 1);
    assertThat(texts(addressees)).containsExactly("单位", "下级单位总数（含本单位）", "签收率", "报告率", "审核通过率",
        "办结率", "逾期单位数");
    Map<String, Row> byName = new HashMap<>();
    for (int i = addressees.getRowNum() + 1; i <= s.getLastRowNum(); i++) {
      byName.put(s.getRow(i).getCell(0).getStringCellValue(), s.getRow(i));
    }
    assertThat(byName).containsOnlyKeys("测试甲市总工会", "测试乙市总工会", "测试省教育工会", "测试省总办公室");
    for (String code : List.of("tcity1", "tcity2", "tind", "tdept")) {
      JsonNode sub = byUnit.get(code).get("subtree");
      Row row = byName.get(byUnit.get(code).get("unitName").asText());
      int reached = sub.get("reached").asInt();
      int mustReport = sub.get("mustReport").asInt();
      int reported = sub.get("reported").asInt();
      int accepted = sub.get("accepted").asInt();
      assertThat(row.getCell(1).getNumericCellValue()).isEqualTo(reached);
      assertRate(row.getCell(2), sub.get("acknowledged").asInt(), reached);
      assertRate(row.getCell(3), reported, mustReport);
      assertRate(row.getCell(4), accepted, reported);
      assertRate(row.getCell(5), accepted, mustReport);
      assertThat(row.getCell(6).getNumericCellValue()).isEqualTo(sub.get("overdue").asInt());
    }
    assertThat(byName.get("测试甲市总工会").getCell(1).getNumericCellValue()).isEqualTo(4);
  }

  private void units(Sheet s, Map<String, JsonNode> byUnit) {
    assertThat(texts(s.getRow(0))).containsExactly("层级", "单位代码", "单位名称", "上级单位代码", "路径", "状态",
        "报告截止日期", "收文时间", "签收时间", "传达时间", "学习时间", "报告时间", "通过时间", "退回次数", "传达下级数",
        "逾期工作日数", "报告要求", "不再下发理由", "转发文号", "转发标题");
    assertThat(((XSSFCell) s.getRow(0).getCell(5)).getCellStyle().getFont().getBold()).isTrue();
    assertThat(s.getLastRowNum()).isEqualTo(byUnit.size());
    Map<String, Row> rows = new HashMap<>();
    for (int i = 1; i <= s.getLastRowNum(); i++) {
      Row row = s.getRow(i);
      String code = row.getCell(1).getStringCellValue();
      rows.put(code, row);
      JsonNode u = byUnit.get(code);
      assertThat(u).as(code).isNotNull();
      assertThat(row.getCell(0).getNumericCellValue()).isEqualTo(u.get("level").asInt());
      assertThat(row.getCell(2).getStringCellValue()).isEqualTo(u.get("unitName").asText());
      assertThat(row.getCell(3).getStringCellValue()).isEqualTo(u.get("superiorCode").asText());
      assertThat(row.getCell(5).getStringCellValue())
          .isEqualTo(UnitStatus.ofKey(u.get("status").asText()).label()).isEqualTo(u.get("statusLabel").asText());
      assertDate(row.getCell(6));
      assertThat(row.getCell(6).getLocalDateTimeCellValue().toLocalDate())
          .isEqualTo(LocalDate.parse(u.get("reportDueDate").asText()));
      assertThat(numbers(row, 15)).containsExactly(u.get("daysLate").asDouble());
      assertThat(row.getCell(16).getStringCellValue()).isEqualTo(u.get("mustReport").asBoolean() ? "需报告" : "仅学习");
      assertThat(row.getCell(17)).isNull();
      // each unit's own 转发 as the JSON answer gives it; none for a unit that has not relayed
      assertThat(row.getCell(18) == null ? null : row.getCell(18).getStringCellValue()).as(code)
          .isEqualTo(u.hasNonNull("relayDocNumber") ? u.get("relayDocNumber").asText() : null);
      assertThat(row.getCell(19) == null ? null : row.getCell(19).getStringCellValue()).as(code)
          .isEqualTo(u.hasNonNull("relayTitle") ? u.get("relayTitle").asText() : null);
    }
    assertThat(byUnit.get("tcity1").get("relayDocNumber").asText()).isEqualTo(cityDocNumber(DOC_NUMBER));
    assertThat(rows.get("tdist1").getCell(18)).isNull();
    // 甲市 relayed under the default title, built from the notice's 文号 and title (inner 《》 as 〈〉)
    assertThat(rows.get("tcity1").getCell(19).getStringCellValue())
        .isEqualTo("转发" + DOC_NUMBER + "《关于认真学习宣传贯彻〈论述摘编〉的通知》的通知");
    assertThat(rows.get("tdist2").getCell(16).getStringCellValue()).isEqualTo("仅学习");
    assertThat(rows.get("tcity1").getCell(16).getStringCellValue()).isEqualTo("需报告");
    // 甲市 gave its districts an earlier deadline than its own
    assertThat(rows.get("tdist1").getCell(6).getLocalDateTimeCellValue().toLocalDate())
        .isEqualTo(CascadeDriver.dueDate().minusDays(5));
    assertThat(rows.values().stream().map(r -> r.getCell(5).getStringCellValue()).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("已收文", "已签收", "已传达", "已学习", "已报告", "已退回", "已通过");
    assertThat(rows.keySet()).containsExactlyInAnyOrder("tcity1", "tcity2", "tind", "tdept", "tdist1", "tdist2", "tdist3");
    assertThat(rows.get("tdist3").getCell(5).getStringCellValue()).isEqualTo("已收文");
    assertThat(rows.get("tdist1").getCell(4).getStringCellValue()).isEqualTo("测试省总工会 / 测试甲市总工会 / 测试甲市一区总工会");
    assertThat(rows.get("tind").getCell(4).getStringCellValue()).isEqualTo("测试省总工会 / 测试省教育工会");

    Cell acknowledged = rows.get("tcity1").getCell(8);
    assertThat(acknowledged.getCellType()).isEqualTo(CellType.NUMERIC);
    assertThat(DateUtil.isCellDateFormatted(acknowledged)).isTrue();
    assertThat(acknowledged.getCellStyle().getDataFormatString()).isEqualTo("yyyy-mm-dd hh:mm");
    assertThat(acknowledged.getLocalDateTimeCellValue()).isCloseTo(
        LocalDateTime.parse(byUnit.get("tcity1").get("acknowledgedAt").asText()), within(1, ChronoUnit.SECONDS));
    assertThat(rows.get("tdist3").getCell(8)).isNull();
    assertThat(rows.get("tcity1").getCell(14).getNumericCellValue()).isEqualTo(3);
    assertThat(rows.get("tdist2").getCell(14)).isNull();
    assertThat(rows.get("tcity2").getCell(13).getNumericCellValue()).isEqualTo(1);
  }

  private void studies(Sheet s) {
    assertThat(texts(s.getRow(0))).containsExactly("单位", "形式", "日期", "参加人数", "情况", "登记人", "登记时间");
    assertThat(s.getLastRowNum()).isEqualTo(4);
    Row lecture = null;
    for (int i = 1; i <= s.getLastRowNum(); i++) {
      if (s.getRow(i).getCell(0).getStringCellValue().equals("测试甲市二区总工会")) {
        lecture = s.getRow(i);
      }
    }
    assertThat(lecture).isNotNull();
    assertThat(lecture.getCell(1).getStringCellValue()).isEqualTo("辅导报告会");
    assertDate(lecture.getCell(2));
    assertThat(lecture.getCell(2).getLocalDateTimeCellValue().toLocalDate()).isEqualTo(EngineClock.today());
    assertThat(lecture.getCell(3).getCellType()).isEqualTo(CellType.NUMERIC);
    assertThat(lecture.getCell(3).getNumericCellValue()).isEqualTo(45);
    assertThat(lecture.getCell(4).getStringCellValue()).isEqualTo("邀请专家作辅导报告");
    assertThat(lecture.getCell(5).getStringCellValue()).isEqualTo("tdist2clerk");
    assertThat(DateUtil.isCellDateFormatted(lecture.getCell(6))).isTrue();
    List<String> units = new ArrayList<>();
    List<String> forms = new ArrayList<>();
    for (int i = 1; i <= s.getLastRowNum(); i++) {
      units.add(s.getRow(i).getCell(0).getStringCellValue());
      forms.add(s.getRow(i).getCell(1).getStringCellValue());
    }
    // in tree order, as the units sheet
    assertThat(units).containsExactly("测试甲市二区总工会", "测试乙市总工会", "测试省总办公室", "测试省教育工会");
    assertThat(forms).containsExactly("辅导报告会", "专题学习会", "专题学习会", "专题学习会");
  }

  private void reports(Sheet s) {
    assertThat(texts(s.getRow(0))).containsExactly("单位", "状态", "报告时间", "学习活动次数", "参加人次", "报告内容",
        "退回次数", "最近退回理由");
    Map<String, Row> rows = new HashMap<>();
    for (int i = 1; i <= s.getLastRowNum(); i++) {
      rows.put(s.getRow(i).getCell(0).getStringCellValue(), s.getRow(i));
    }
    assertThat(rows).containsOnlyKeys("测试乙市总工会", "测试省教育工会", "测试省总办公室");
    Row returned = rows.get("测试乙市总工会");
    assertThat(returned.getCell(1).getStringCellValue()).isEqualTo("已退回");
    assertThat(DateUtil.isCellDateFormatted(returned.getCell(2))).isTrue();
    assertThat(numbers(returned, 3, 4)).containsExactly(1.0, 30.0);
    assertThat(returned.getCell(5).getStringCellValue()).isEqualTo("乙市已组织学习");
    assertThat(returned.getCell(5).getCellStyle().getWrapText()).isTrue();
    assertThat(returned.getCell(6).getNumericCellValue()).isEqualTo(1);
    assertThat(returned.getCell(7).getStringCellValue()).isEqualTo("请补充所属单位的学习情况");
    assertThat(rows.get("测试省教育工会").getCell(1).getStringCellValue()).isEqualTo("已通过");
    assertThat(rows.get("测试省教育工会").getCell(7)).isNull();

    Cell formulaLike = rows.get("测试省总办公室").getCell(5);
    assertThat(formulaLike.getCellType()).isEqualTo(CellType.STRING);
    assertThat(formulaLike.getStringCellValue()).isEqualTo(FORMULA_LIKE_REPORT);
    assertThat(rows.get("测试省总办公室").getCell(1).getStringCellValue()).isEqualTo("已报告");
  }

  @Test
  void aSubtreeIsExportedAsTheJsonProgressShowsIt() throws IOException {
    // without grassroots unions 一区 has no one to relay to, so only 甲市 counts for the relay rate
    long id = noticeWithEveryStatus(SUBTREE_DOC_NUMBER, false);
    ResponseEntity<byte[]> r = http.getForEntity("/api/notices/" + id + "/progress.xlsx?unit=tcity1", byte[].class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(ContentDisposition.parse(r.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION)).getFilename())
        .isEqualTo(SUBTREE_DOC_NUMBER + "-测试甲市总工会-落实情况.xlsx");
    JsonNode progress = http.getForObject("/api/notices/" + id + "/progress?unit=tcity1", JsonNode.class);
    try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(r.getBody()))) {
      Sheet units = wb.getSheet("单位明细");
      List<String> codes = new ArrayList<>();
      for (int i = 1; i <= units.getLastRowNum(); i++) {
        codes.add(units.getRow(i).getCell(1).getStringCellValue());
      }
      assertThat(codes).containsExactlyElementsOf(progress.get("units").findValuesAsText("unitCode"))
          .containsExactly("tcity1", "tdist1", "tdist2", "tdist3");
      // the path still starts at the issuer, above the exported subtree
      assertThat(units.getRow(2).getCell(4).getStringCellValue())
          .isEqualTo("测试省总工会 / 测试甲市总工会 / 测试甲市一区总工会");

      Sheet summary = wb.getSheet("汇总");
      Row total = null;
      Row subordinates = null;
      for (Row row : summary) {
        Cell a = row.getCell(0);
        String text = a == null || a.getCellType() != CellType.STRING ? "" : a.getStringCellValue();
        if (text.equals("合计")) {
          total = row;
        } else if (text.equals("测试甲市总工会各下级单位落实情况")) {
          subordinates = row;
        }
      }
      assertThat(numbers(total, 1, 2)).containsExactly(progress.get("totals").get("reached").asDouble(),
          progress.get("totals").get("acknowledged").asDouble());
      assertThat(summary.getRow(total.getRowNum() - 1).getCell(0).getNumericCellValue()).isEqualTo(2);
      assertThat(summary.getRow(total.getRowNum() - 1).getCell(5).getStringCellValue()).isEqualTo("—");
      assertRate(total.getCell(5), 1, 1);
      assertThat(new DataFormatter().formatCellValue(total.getCell(3))).isEqualTo(progress.get("acknowledgedRate").asText());
      assertThat(summary.getRow(subordinates.getRowNum() + 2).getCell(0).getStringCellValue()).isEqualTo("测试甲市一区总工会");
      assertThat(wb.getSheet("学习活动").getLastRowNum()).isEqualTo(1);
      assertThat(wb.getSheet("报告内容").getLastRowNum()).isZero();
    }
  }

  @Test
  void aClerkExportsTheirOwnUnitsPartOfTheCascadeAndNoOther() throws IOException {
    long id = noticeWithEveryStatus(SCOPE_DOC_NUMBER, true);
    IdentityService identity = engine.getIdentityService();
    if (identity.createUserQuery().userId("tcity1clerk").count() == 0) {
      User clerk = identity.newUser("tcity1clerk");
      clerk.setPassword("Jiashi-2024-pw");
      identity.saveUser(clerk);
      identity.createMembership("tcity1clerk", "tcity1");
    }
    TestRestTemplate city1 = anonymous.withBasicAuth("tcity1clerk", "Jiashi-2024-pw");
    ResponseEntity<byte[]> r = city1.getForEntity("/api/notices/" + id + "/progress.xlsx", byte[].class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(ContentDisposition.parse(r.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION)).getFilename())
        .isEqualTo(SCOPE_DOC_NUMBER + "-测试甲市总工会-落实情况.xlsx");
    try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(r.getBody()))) {
      Sheet units = wb.getSheet("单位明细");
      List<String> codes = new ArrayList<>();
      for (int i = 1; i <= units.getLastRowNum(); i++) {
        codes.add(units.getRow(i).getCell(1).getStringCellValue());
      }
      assertThat(codes).containsExactly("tcity1", "tdist1", "tdist2", "tdist3");
      assertThat(wb.getSheet("报告内容").getLastRowNum()).isZero();
    }
    assertThat(city1.getForEntity("/api/notices/" + id + "/progress.xlsx?unit=tdist2", byte[].class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    ResponseEntity<JsonNode> sister = city1.getForEntity("/api/notices/" + id + "/progress.xlsx?unit=tcity2",
        JsonNode.class);
    assertThat(sister.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(sister.getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(city1.getForEntity("/api/notices/" + id + "/progress.xlsx?unit=tprov", String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void anUnknownNoticeOrUnitIsNotFound() {
    ResponseEntity<JsonNode> unknown = http.getForEntity("/api/notices/999999/progress.xlsx", JsonNode.class);
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(unknown.getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(unknown.getBody().get("detail").asText()).contains("通知 999999 不存在");

    Map<String, Object> n = Map.of("docNumber", "测工发〔2024〕8号", "title", "关于开展学习的通知", "issuerUnit", "tprov",
        "issuedOn", EngineClock.today().toString(), "summary", "请及时报告。", "addresseeKinds", List.of("INDUSTRY_UNION"),
        "reportDueDate", CascadeDriver.dueDate().toString(), "cascadeToGrassroots", true);
    long id = http.postForEntity("/api/notices", n, JsonNode.class).getBody().get("id").asLong();
    new CascadeDriver(engine).runJobs();
    assertThat(http.getForEntity("/api/notices/" + id + "/progress.xlsx?unit=nosuch", JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    ResponseEntity<JsonNode> notReached = http.getForEntity("/api/notices/" + id + "/progress.xlsx?unit=tcity1",
        JsonNode.class);
    assertThat(notReached.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(notReached.getBody().get("detail").asText()).contains("未收到该通知");
    assertThat(anonymous.getForEntity("/api/notices/" + id + "/progress.xlsx", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  private static List<String> sheetNames(XSSFWorkbook wb) {
    List<String> names = new ArrayList<>();
    wb.forEach(s -> names.add(s.getSheetName()));
    return names;
  }

  private static String text(Sheet s, int row, int col) {
    return s.getRow(row).getCell(col).getStringCellValue();
  }

  private static List<String> texts(Row row) {
    List<String> texts = new ArrayList<>();
    row.forEach(c -> texts.add(c.getStringCellValue()));
    return texts;
  }

  private static List<Double> numbers(Row row, int... cols) {
    return Arrays.stream(cols).mapToObj(c -> {
      Cell cell = row.getCell(c);
      assertThat(cell.getCellType()).as("column %d", c).isEqualTo(CellType.NUMERIC);
      return cell.getNumericCellValue();
    }).toList();
  }

  private static int count(List<JsonNode> units, java.util.function.Predicate<JsonNode> test) {
    return (int) units.stream().filter(test).count();
  }

  private static void assertDate(Cell cell) {
    assertThat(cell.getCellType()).isEqualTo(CellType.NUMERIC);
    assertThat(DateUtil.isCellDateFormatted(cell)).isTrue();
    assertThat(cell.getCellStyle().getDataFormatString()).isEqualTo("yyyy-mm-dd");
  }

  /** A rate cell: the share as a number formatted 0.0%, or the text "—" where the whole is 0. */
  private static void assertRate(Cell cell, int part, int whole) {
    if (whole == 0) {
      assertThat(cell.getStringCellValue()).isEqualTo("—");
      return;
    }
    assertThat(cell.getCellType()).isEqualTo(CellType.NUMERIC);
    assertThat(cell.getNumericCellValue()).isCloseTo((double) part / whole, within(1e-9));
    assertThat(cell.getCellStyle().getDataFormatString()).isEqualTo("0.0%");
  }
}
