package org.noticecascade.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.noticecascade.cascade.UnitCascadeProcess;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.EngineTestContext;
import org.noticecascade.testing.RecountedRates;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The domain API on the real application (H2), with the job executor off so the test drives each step. A database
 * of its own: it counts every notice and unit, and expects the test org exactly as {@code ORG_CSV} has it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.profiles.active=test",
    "spring.datasource.url=jdbc:h2:mem:apitest;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false"})
class NoticeApiTest {

  @Autowired TestRestTemplate anonymous;
  TestRestTemplate http;
  TestRestTemplate admin;
  @Autowired JdbcTemplate jdbc;
  @Autowired ProcessEngine engine;

  @BeforeEach
  void org() {
    http = ApiUsers.login(anonymous, engine);
    admin = ApiUsers.admin(anonymous, engine);
    if (jdbc.queryForObject("select count(*) from unit where code = 'tprov'", Integer.class) == 0) {
      ResponseEntity<String> r = postCsv(EngineTestContext.ORG_CSV);
      assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    }
    ApiUsers.clerkOf(engine, "tprov");
  }

  private ResponseEntity<String> postCsv(String csv) {
    HttpHeaders h = new HttpHeaders();
    h.setContentType(MediaType.parseMediaType("text/csv"));
    return admin.postForEntity("/api/units/import", new HttpEntity<>(csv.getBytes(StandardCharsets.UTF_8), h), String.class);
  }

  private Map<String, Object> notice(String docNumber) {
    Map<String, Object> n = new HashMap<>();
    n.put("docNumber", docNumber);
    n.put("title", "关于认真学习宣传贯彻《习近平关于工人阶级和工会工作论述摘编》的通知");
    n.put("issuerUnit", "tprov");
    n.put("issuedOn", java.time.LocalDate.now().toString());
    n.put("summary", "各单位学习宣传贯彻情况要及时报告省总工会办公室。");
    n.put("addresseeKinds", List.of("LOCAL_FEDERATION", "INDUSTRY_UNION"));
    n.put("reportDueDate", CascadeDriver.dueDate().toString());
    n.put("cascadeToGrassroots", true);
    return n;
  }

  private int notices() {
    return jdbc.queryForObject("select count(*) from notice", Integer.class);
  }

  @Test
  void postedNoticeCascadesAndItsProgressIsServed() {
    ResponseEntity<JsonNode> created = http.postForEntity("/api/notices", notice("川工发〔2023〕43号"), JsonNode.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    long id = created.getBody().get("id").asLong();
    String pi = created.getBody().get("processInstanceId").asText();
    assertThat(created.getHeaders().getLocation()).hasToString("/api/notices/" + id);

    JsonNode got = http.getForObject("/api/notices/" + id, JsonNode.class);
    assertThat(got.get("docNumber").asText()).isEqualTo("川工发〔2023〕43号");
    assertThat(got.get("status").asText()).isEqualTo("DISPATCHED");
    assertThat(got.get("processInstanceId").asText()).isEqualTo(pi);
    assertThat(http.getForObject("/api/notices", JsonNode.class).findValuesAsText("docNumber")).contains("川工发〔2023〕43号");

    CascadeDriver driver = new CascadeDriver(engine);
    driver.runJobs();
    ProcessInstance city = driver.unitInstance(id, "tcity1");
    driver.acknowledge(city);
    driver.relay(city, List.of("LOCAL_FEDERATION"), List.of());
    driver.leafDone(driver.unitInstance(id, "tind"));

    JsonNode progress = http.getForObject("/api/notices/" + id + "/progress", JsonNode.class);
    assertThat(progress.get("totals").get("reached").asInt()).isEqualTo(5);
    assertThat(progress.get("totals").get("acknowledged").asInt()).isEqualTo(2);
    assertThat(progress.get("totals").get("accepted").asInt()).isEqualTo(1);
    assertThat(progress.get("acknowledgedRate").asText()).isEqualTo("40.0%");
    // the whole cascade is listed: its rates against a recount of its units (教育工会's report the only one, accepted)
    RecountedRates recount = RecountedRates.of(progress.get("units"));
    assertThat(recount.reported()).isEqualTo(1);
    assertThat(List.of(progress.get("totals").get("mustReport").asInt(), progress.get("reportedRate").asText(),
        progress.get("acceptedRate").asText(), progress.get("completedRate").asText())).containsExactly(
        recount.mustReport(), recount.reportedRate(), recount.acceptedRate(), recount.completedRate());
    Map<String, JsonNode> byUnit = new HashMap<>();
    progress.get("units").forEach(u -> byUnit.put(u.get("unitCode").asText(), u));
    assertThat(byUnit.keySet()).containsExactlyInAnyOrder("tcity1", "tcity2", "tind", "tdist1", "tdist2");
    assertThat(byUnit.get("tind").get("status").asText()).isEqualTo("accepted");
    assertThat(byUnit.get("tcity1").get("status").asText()).isEqualTo("relayed");
    assertThat(byUnit.get("tcity1").get("subtree").get("reached").asInt()).isEqualTo(3);
    assertThat(byUnit.get("tdist1").get("status").asText()).isEqualTo("received");
    assertThat(byUnit.get("tdist1").get("level").asInt()).isEqualTo(2);

    JsonNode city1 = http.getForObject("/api/notices/" + id + "/progress?unit=tcity1&depth=0", JsonNode.class);
    assertThat(city1.get("units")).hasSize(1);
    assertThat(city1.get("totals").get("reached").asInt()).isEqualTo(3);
    assertThat(http.getForEntity("/api/notices/" + id + "/progress?unit=tdept", String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(http.getForEntity("/api/notices/999999/progress", String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void copiedUnitsReadTheNoticeAndAreCountedApart() {
    int before = notices();
    Map<String, Object> both = notice("川工发〔2023〕71号");
    both.put("ccUnits", List.of("tdept", "tcity1"));
    ResponseEntity<JsonNode> refused = http.postForEntity("/api/notices", both, JsonNode.class);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody().get("errors").findValuesAsText("field")).containsExactly("ccUnits");
    assertThat(refused.getBody().get("detail").asText()).contains("tcity1", "已是主送单位").doesNotContain("tdept");
    assertThat(notices()).isEqualTo(before);

    Map<String, Object> n = notice("川工发〔2023〕71号");
    n.put("ccUnits", List.of("tdept"));
    ResponseEntity<JsonNode> created = http.postForEntity("/api/notices", n, JsonNode.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    long id = created.getBody().get("id").asLong();
    assertThat(http.getForObject("/api/notices/" + id, JsonNode.class).get("ccUnits").get(0).asText())
        .isEqualTo("tdept");
    CascadeDriver driver = new CascadeDriver(engine);
    driver.runJobs();

    JsonNode progress = http.getForObject("/api/notices/" + id + "/progress", JsonNode.class);
    JsonNode copies = progress.get("copies");
    assertThat(List.of(copies.get("copied").asInt(), copies.get("read").asInt(), copies.get("readRate").asText()))
        .containsExactly(1, 0, "0.0%");
    assertThat(copies.get("units").get(0).get("unitCode").asText()).isEqualTo("tdept");
    assertThat(copies.get("units").get(0).hasNonNull("readAt")).isFalse();
    // the cascade's counts are its own units': the copied unit is neither reached nor to report
    RecountedRates recount = RecountedRates.of(progress.get("units"));
    assertThat(progress.get("units").findValuesAsText("unitCode")).doesNotContain("tdept");
    assertThat(progress.get("totals").get("reached").asInt()).isEqualTo(recount.reached());
    assertThat(progress.get("totals").get("mustReport").asInt()).isEqualTo(recount.mustReport());

    driver.read(driver.ccInstance(id, "tdept"));
    copies = http.getForObject("/api/notices/" + id + "/progress", JsonNode.class).get("copies");
    assertThat(List.of(copies.get("copied").asInt(), copies.get("read").asInt(), copies.get("readRate").asText()))
        .containsExactly(1, 1, "100.0%");
    assertThat(copies.get("units").get(0).hasNonNull("readAt")).isTrue();
  }

  @Test
  void badNoticesAreRefusedWithEachFieldNamedAndNothingCreated() {
    int before = notices();
    Map<String, Object> bad = notice("川工发〔2023〕50号");
    bad.remove("title");
    bad.put("addresseeKinds", List.of("SPACE_UNION"));
    bad.put("issuedOn", CascadeDriver.dueDate().plusDays(3).toString());
    ResponseEntity<JsonNode> r = http.postForEntity("/api/notices", bad, JsonNode.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(r.getHeaders().getContentType().toString()).contains("application/problem+json");
    // every problem at once: the start form's (a required field, an option it does not offer) and the notice's own
    assertThat(r.getBody().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("title", "addresseeKinds",
        "reportDueDate");

    bad.put("title", "标题");
    r = http.postForEntity("/api/notices", bad, JsonNode.class);
    assertThat(r.getBody().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("reportDueDate", "addresseeKinds");
    assertThat(r.getBody().get("detail").asText()).contains("报告截止日期不能早于成文日期", "主送单位类别：“SPACE_UNION”不在可选范围内");

    Map<String, Object> tooLong = notice("川工发〔2023〕52号");
    tooLong.put("title", "长".repeat(301));
    ResponseEntity<JsonNode> longTitle = http.postForEntity("/api/notices", tooLong, JsonNode.class);
    assertThat(longTitle.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(longTitle.getBody().get("detail").asText()).contains("通知标题：不得超过 300 个字");

    Map<String, Object> unknown = notice("川工发〔2023〕51号");
    unknown.put("issuerUnit", "nosuch");
    assertThat(http.postForEntity("/api/notices", unknown, JsonNode.class).getBody().get("detail").asText())
        .contains("发文单位 nosuch 不存在");

    // a deadline is a date or a number of working days, not both; reminder settings stay within 1–60
    Map<String, Object> both = notice("川工发〔2023〕53号");
    both.put("reportDueWorkingDays", 10);
    ResponseEntity<JsonNode> twoDeadlines = http.postForEntity("/api/notices", both, JsonNode.class);
    assertThat(twoDeadlines.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(twoDeadlines.getBody().get("detail").asText()).contains("二者只填其一");
    Map<String, Object> badDays = notice("川工发〔2023〕54号");
    badDays.remove("reportDueDate");
    badDays.put("reportDueWorkingDays", 0);
    badDays.put("dueSoonDays", 61);
    ResponseEntity<JsonNode> outOfRange = http.postForEntity("/api/notices", badDays, JsonNode.class);
    assertThat(outOfRange.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(outOfRange.getBody().get("errors").findValuesAsText("field"))
        .containsExactlyInAnyOrder("reportDueWorkingDays", "dueSoonDays");
    Map<String, Object> noDeadline = notice("川工发〔2023〕55号");
    noDeadline.remove("reportDueDate");
    assertThat(http.postForEntity("/api/notices", noDeadline, JsonNode.class).getBody().get("errors")
        .findValuesAsText("field")).containsExactly("reportDueDate");

    HttpHeaders h = new HttpHeaders();
    h.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<JsonNode> malformed = http.postForEntity("/api/notices", new HttpEntity<>("{\"docNumber\": ", h), JsonNode.class);
    assertThat(malformed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    ResponseEntity<JsonNode> badDate = http.postForEntity("/api/notices",
        new HttpEntity<>("{\"docNumber\": \"x\", \"issuedOn\": \"2026/11/30\"}", h), JsonNode.class);
    assertThat(badDate.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(notices()).isEqualTo(before);
  }

  @Test
  void theNoticeSaysWhoMustReportAndTheProgressCountsOnlyThoseAsDue() {
    // a unit named to report must be among the addressees (here 地方总工会 and 产业工会, not 办公室)
    int before = notices();
    Map<String, Object> bad = notice("川工发〔2023〕60号");
    bad.put("reportingUnits", List.of("tdept"));
    ResponseEntity<JsonNode> refused = http.postForEntity("/api/notices", bad, JsonNode.class);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody().get("errors").findValuesAsText("field")).containsExactly("reportingUnits");
    assertThat(refused.getBody().get("detail").asText()).contains("单位 tdept 不是本通知的主送单位");
    assertThat(notices()).isEqualTo(before);

    Map<String, Object> n = notice("川工发〔2023〕61号");
    n.put("reportingKinds", List.of("LOCAL_FEDERATION"));
    ResponseEntity<JsonNode> created = http.postForEntity("/api/notices", n, JsonNode.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    long id = created.getBody().get("id").asLong();
    JsonNode got = http.getForObject("/api/notices/" + id, JsonNode.class);
    assertThat(got.get("reportingKinds").get(0).asText()).isEqualTo("LOCAL_FEDERATION");
    assertThat(got.get("reportingUnits")).isEmpty();

    CascadeDriver driver = new CascadeDriver(engine);
    driver.runJobs();
    // 甲市 studies the notice itself and relays it no further; 教育工会 only studies
    ProcessInstance city = driver.unitInstance(id, "tcity1");
    driver.acknowledge(city);
    driver.keep(city, "仅涉及市总机关");
    ProcessInstance industry = driver.unitInstance(id, "tind");
    driver.acknowledge(industry);
    driver.study(industry, 20, false);

    JsonNode progress = http.getForObject("/api/notices/" + id + "/progress", JsonNode.class);
    Map<String, JsonNode> byUnit = new HashMap<>();
    progress.get("units").forEach(u -> byUnit.put(u.get("unitCode").asText(), u));
    assertThat(byUnit.keySet()).containsExactlyInAnyOrder("tcity1", "tcity2", "tind");
    assertThat(byUnit.get("tind").get("mustReport").asBoolean()).isFalse();
    assertThat(byUnit.get("tcity2").get("mustReport").asBoolean()).isTrue();
    assertThat(byUnit.get("tcity1").get("relayKeepReason").asText()).isEqualTo("仅涉及市总机关");
    assertThat(byUnit.get("tcity1").hasNonNull("relayKeptAt")).isTrue();
    assertThat(byUnit.get("tcity2").hasNonNull("relayKeptAt")).isFalse();
    RecountedRates recount = RecountedRates.of(progress.get("units"));
    assertThat(recount.mustReport()).isEqualTo(2);
    assertThat(List.of(progress.get("totals").get("mustReport").asInt(), progress.get("reportedRate").asText(),
        progress.get("completedRate").asText())).containsExactly(recount.mustReport(), recount.reportedRate(),
        recount.completedRate());
  }

  @Test
  void aNoticeWithoutCascadeToGrassrootsGoesDownToTheGrassroots() {
    Map<String, Object> n = notice("川工发〔2023〕80号");
    n.remove("cascadeToGrassroots");
    n.put("addresseeKinds", List.of());
    n.put("addresseeUnits", List.of("tdist1"));
    long id = http.postForEntity("/api/notices", n, JsonNode.class).getBody().get("id").asLong();
    assertThat(jdbc.queryForObject("select cascade_to_grassroots from notice where id = ?", Boolean.class, id)).isTrue();
    assertThat(http.getForObject("/api/notices/" + id, JsonNode.class).get("cascadeToGrassroots").asBoolean()).isTrue();

    CascadeDriver driver = new CascadeDriver(engine);
    driver.runJobs();
    ProcessInstance dist = driver.unitInstance(id, "tdist1");
    driver.acknowledge(dist);
    // without the flag a district has no one to relay to and goes straight to study
    assertThat(driver.task(dist, UnitCascadeProcess.TASK_RELAY)).isNotNull();
    driver.relay(dist, List.of("GRASSROOTS_UNION"), List.of());
    assertThat(driver.unitInstance(id, "tgr1")).isNotNull();
    assertThat(driver.unitInstance(id, "tgr2")).isNotNull();
  }

  @Test
  void markupInTextIsStoredAsTextNotInterpreted() {
    Map<String, Object> n = notice("川工发〔2023〕70号");
    n.put("title", "<script>alert('x')</script>关于<b>学习</b>的通知");
    long id = http.postForEntity("/api/notices", n, JsonNode.class).getBody().get("id").asLong();
    assertThat(http.getForObject("/api/notices/" + id, JsonNode.class).get("title").asText())
        .isEqualTo("<script>alert('x')</script>关于<b>学习</b>的通知");
    // the API answers JSON only, so no browser renders it as a page
    assertThat(http.getForEntity("/api/notices/" + id, String.class).getHeaders().getContentType().toString())
        .startsWith("application/json");
  }

  @Test
  void aDocNumberReusedBySameIssuerIsAConflict() {
    assertThat(http.postForEntity("/api/notices", notice("川工发〔2023〕60号"), JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    int before = notices();
    ResponseEntity<JsonNode> again = http.postForEntity("/api/notices", notice("川工发〔2023〕60号"), JsonNode.class);
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(again.getBody().get("errors").findValuesAsText("field")).containsExactly("docNumber");
    assertThat(notices()).isEqualTo(before);
    long processes = engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processDefinitionKey("noticeIssue").count();
    assertThat(processes).isEqualTo(before);
  }

  @Test
  void unitsAreServedAndABadImportIsRejectedWholeWithEveryLineNamed() {
    JsonNode prov = http.getForObject("/api/units/tprov", JsonNode.class);
    assertThat(prov.get("name").asText()).isEqualTo("测试省总工会");
    assertThat(prov.get("kind").asText()).isEqualTo("LOCAL_FEDERATION");
    assertThat(prov.get("groupId").asText()).isEqualTo("tprov");
    assertThat(prov.get("childCount").asInt()).isEqualTo(4);
    assertThat(http.getForObject("/api/units?parent=tcity1", JsonNode.class).findValuesAsText("code"))
        .containsExactly("tdist1", "tdist2");
    assertThat(http.getForEntity("/api/units/nosuch", String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

    int units = jdbc.queryForObject("select count(*) from unit", Integer.class);
    // a clerk may not change the org directory
    assertThat(http.exchange("/api/units/import", org.springframework.http.HttpMethod.POST,
        csvEntity("code,name,kind,parentCode\ntnew9,新单位,LOCAL_FEDERATION,tprov\n"), JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    ResponseEntity<JsonNode> r = admin.exchange("/api/units/import", org.springframework.http.HttpMethod.POST,
        csvEntity("""
            code,name,kind,parentCode
            tnew1,新单位一,LOCAL_FEDERATION,tprov
            tnew2,新单位二,MOON_UNION,tprov
            tnew3,新单位三,LOCAL_FEDERATION,nosuch
            tnew1,重复单位,LOCAL_FEDERATION,tprov
            tcyc1,循环一,LOCAL_FEDERATION,tcyc2
            tcyc2,循环二,LOCAL_FEDERATION,tcyc1
            """), JsonNode.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    String detail = r.getBody().get("detail").asText();
    assertThat(detail).contains("第3行", "MOON_UNION", "第4行", "上级单位 nosuch 不存在", "第5行", "与第2行重复", "循环");
    assertThat(jdbc.queryForObject("select count(*) from unit", Integer.class)).isEqualTo(units);
    assertThat(engine.getIdentityService().createGroupQuery().groupId("tnew1").count()).isZero();

    // a file in neither UTF-8 nor GBK is refused, not guessed at
    byte[] garbled = {'c', 'o', 'd', 'e', '\n', (byte) 0xFF, (byte) 0xFF, '\n'};
    ResponseEntity<JsonNode> unreadable = admin.exchange("/api/units/import", org.springframework.http.HttpMethod.POST,
        new HttpEntity<>(garbled, csvHeaders()), JsonNode.class);
    assertThat(unreadable.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(unreadable.getBody().get("detail").asText()).contains("文件编码无法识别");

    // Excel's UTF-8 with a byte order mark is read as well
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] text = "code,name,kind,parentCode\ntbom,测试带BOM单位,AFFILIATED_UNIT,tprov\n".getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[bom.length + text.length];
    System.arraycopy(bom, 0, withBom, 0, bom.length);
    System.arraycopy(text, 0, withBom, bom.length, text.length);
    assertThat(admin.exchange("/api/units/import", org.springframework.http.HttpMethod.POST,
        new HttpEntity<>(withBom, csvHeaders()), JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(http.getForObject("/api/units/tbom", JsonNode.class).get("name").asText()).isEqualTo("测试带BOM单位");

    // Excel's GBK export is read as well
    ResponseEntity<JsonNode> gbk = admin.exchange("/api/units/import", org.springframework.http.HttpMethod.POST,
        new HttpEntity<>("code,name,kind,parentCode\ntgbk,测试国标编码单位,AFFILIATED_UNIT,tprov\n"
            .getBytes(java.nio.charset.Charset.forName("GBK")), csvHeaders()), JsonNode.class);
    assertThat(gbk.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(http.getForObject("/api/units/tgbk", JsonNode.class).get("name").asText()).isEqualTo("测试国标编码单位");
    assertThat(engine.getIdentityService().createGroupQuery().groupId("tgbk").singleResult().getName())
        .isEqualTo("测试国标编码单位");
  }

  private static HttpHeaders csvHeaders() {
    HttpHeaders h = new HttpHeaders();
    h.setContentType(MediaType.parseMediaType("text/csv"));
    return h;
  }

  private static HttpEntity<byte[]> csvEntity(String csv) {
    return new HttpEntity<>(csv.getBytes(StandardCharsets.UTF_8), csvHeaders());
  }

  @Test
  void theUnitProcessIsNotOfferedInTasklistsStartList() {
    assertThat(engine.getRepositoryService().createProcessDefinitionQuery().startableInTasklist()
        .latestVersion().list()).extracting("key").containsExactly("noticeIssue");
    assertThat(engine.getRepositoryService().createProcessDefinitionQuery()
        .processDefinitionKey(UnitCascadeProcess.KEY).count()).isEqualTo(1);
  }
}
