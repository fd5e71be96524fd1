package org.noticecascade.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.noticecascade.cascade.UnitCascadeProcess;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.SharedApplication;
import org.noticecascade.web.ApiUsers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * GET /api/notices/{id}/audit and the Excel sheet 留痕 on the real application: scoped as the progress is (the
 * issuer's clerk sees every step, a unit's clerk its own part, another unit's clerk is refused), paged, and the
 * people who acted named.
 */
@SharedApplication
class AuditApiTest {

  @Autowired TestRestTemplate anonymous;
  @Autowired JdbcTemplate jdbc;
  @Autowired ProcessEngine engine;
  private TestRestTemplate clerk;
  private static int notices;

  @BeforeEach
  void org() {
    clerk = ApiUsers.login(anonymous, engine);
    ApiOrg.importOnce(anonymous, engine, jdbc, ProgressApiTest.MORE_UNITS);
    ApiUsers.clerkOf(engine, "tprov");
  }

  @AfterEach
  void nobody() {
    engine.getIdentityService().clearAuthentication();
  }

  private TestRestTemplate clerkOf(String user, String unit) {
    TestRestTemplate http = ApiUsers.loginAs(anonymous, engine, user);
    if (engine.getIdentityService().createUserQuery().userId(user).memberOfGroup(unit).count() == 0) {
      engine.getIdentityService().createMembership(user, unit);
    }
    return http;
  }

  private long issue() {
    Map<String, Object> n = new HashMap<>();
    n.put("docNumber", "测工审〔2026〕" + (++notices) + "号");
    n.put("title", "关于认真学习宣传贯彻的通知");
    n.put("issuerUnit", "tprov");
    n.put("issuedOn", LocalDate.now().toString());
    n.put("summary", "各单位学习宣传贯彻情况要及时报告省总工会办公室。");
    n.put("addresseeKinds", List.of("LOCAL_FEDERATION"));
    n.put("reportDueDate", LocalDate.now().plusDays(20).toString());
    ResponseEntity<JsonNode> created = clerk.postForEntity("/api/notices", n, JsonNode.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    new CascadeDriver(engine).runJobs();
    return created.getBody().get("id").asLong();
  }

  @Test
  void scopedAsProgressPagedAndInTheWorkbook() throws Exception {
    long id = issue();
    TestRestTemplate city1 = clerkOf("apiauditcity1", "tcity1");
    TestRestTemplate city2 = clerkOf("apiauditcity2", "tcity2");
    CascadeDriver driver = new CascadeDriver(engine);
    ProcessInstance unit = driver.unitInstance(id, "tcity1");
    String task = driver.task(unit, UnitCascadeProcess.TASK_ACKNOWLEDGE).getId();
    // as Tasklist completes it: the clerk logged in, with the unit's group
    engine.getIdentityService().setAuthentication("apiauditcity1", List.of("tcity1"));
    engine.getTaskService().complete(task,
        Map.of(UnitCascadeProcess.ACKNOWLEDGE_NOTE, "收到，马上传达"));
    engine.getIdentityService().clearAuthentication();

    // the issuer's clerk: every step, oldest first, with who and the unit's name
    JsonNode all = clerk.getForObject("/api/notices/" + id + "/audit", JsonNode.class);
    assertThat(all.get("oneUnit").asBoolean()).isFalse();
    List<String> steps = new ArrayList<>();
    all.get("entries").forEach(e -> steps.add(e.get("step").asText() + "/" + e.get("unitCode").asText() + "/"
        + e.get("actor").asText()));
    assertThat(steps).containsExactly("issue/tprov/apitester", "acknowledge/tcity1/apiauditcity1");
    JsonNode ack = all.get("entries").get(1);
    assertThat(ack.get("stepLabel").asText()).isEqualTo("签收");
    assertThat(ack.get("unitName").asText()).isEqualTo("测试甲市总工会");
    assertThat(ack.get("actorName").asText()).isEqualTo("接口测试");
    assertThat(ack.get("actorUnitName").asText()).isEqualTo("测试甲市总工会");
    assertThat(ack.get("detail").asText()).isEqualTo("收到，马上传达");
    assertThat(ack.hasNonNull("at")).isTrue();
    assertThat(clerk.getForObject("/api/notices/" + id + "/audit?limit=1&offset=1", JsonNode.class).get("entries"))
        .hasSize(1);

    // the unit's own clerk: its own steps, by default and by name
    assertThat(city1.getForObject("/api/notices/" + id + "/audit", JsonNode.class).get("entries")).hasSize(1);
    assertThat(city1.getForObject("/api/notices/" + id + "/audit?unit=tcity1", JsonNode.class).get("entries"))
        .hasSize(1);
    // another addressee's clerk sees nothing of it: its own (empty) part, and 403 for the other unit or the issuer
    assertThat(city2.getForObject("/api/notices/" + id + "/audit", JsonNode.class).get("entries")).isEmpty();
    assertThat(city2.getForEntity("/api/notices/" + id + "/audit?unit=tcity1", JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(city1.getForEntity("/api/notices/" + id + "/audit?unit=tprov", JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    // a user of no unit the notice reached, a notice that does not exist, a bad page
    TestRestTemplate outsider = ApiUsers.loginAs(anonymous, engine, "apiauditnobody");
    assertThat(outsider.getForEntity("/api/notices/" + id + "/audit", JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(clerk.getForEntity("/api/notices/999999/audit", JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    ResponseEntity<JsonNode> badPage = clerk.getForEntity("/api/notices/" + id + "/audit?limit=0", JsonNode.class);
    assertThat(badPage.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(badPage.getBody().toString()).contains("每页条数");

    // the Excel's 留痕 sheet: the same steps
    try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(
        clerk.getForObject("/api/notices/" + id + "/progress.xlsx", byte[].class)))) {
      Sheet sheet = wb.getSheet(ProgressWorkbook.AUDIT);
      assertThat(sheet).isNotNull();
      List<String> rows = new ArrayList<>();
      for (Row row : sheet) {
        rows.add(row.getCell(1).getStringCellValue() + "/" + row.getCell(2).getStringCellValue() + "/"
            + row.getCell(4).getStringCellValue());
      }
      assertThat(rows).containsExactly("环节/单位代码/办理人", "发文/tprov/接口测试", "签收/tcity1/接口测试");
    }
  }
}
