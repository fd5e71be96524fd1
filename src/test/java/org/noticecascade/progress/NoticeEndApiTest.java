package org.noticecascade.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.SharedApplication;
import org.noticecascade.web.ApiUsers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * POST /api/notices/{id}/close and /summaries on the real application: only the issuer's clerks and leaders, a
 * reason required, 409 once closed; the closed notice shows who, when and why, and no unit instance is left.
 */
@SharedApplication
class NoticeEndApiTest {

  @Autowired TestRestTemplate anonymous;
  @Autowired JdbcTemplate jdbc;
  @Autowired ProcessEngine engine;
  private TestRestTemplate clerk;
  private static int notices;

  @BeforeEach
  void org() {
    clerk = ApiUsers.login(anonymous, engine);
    // ProgressApiTest's extra units: whichever test imports first imports them for both
    ApiOrg.importOnce(anonymous, engine, jdbc, ProgressApiTest.MORE_UNITS);
    ApiUsers.clerkOf(engine, "tprov");
  }

  private long issue() {
    Map<String, Object> n = new HashMap<>();
    n.put("docNumber", "测工结〔2026〕" + (++notices) + "号");
    n.put("title", "关于认真学习宣传贯彻的通知");
    n.put("issuerUnit", "tprov");
    n.put("issuedOn", LocalDate.now().toString());
    n.put("summary", "各单位学习宣传贯彻情况要及时报告省总工会办公室。");
    n.put("addresseeKinds", List.of("LOCAL_FEDERATION", "INTERNAL_DEPARTMENT"));
    n.put("reportDueDate", LocalDate.now().plusDays(20).toString());
    ResponseEntity<JsonNode> created = clerk.postForEntity("/api/notices", n, JsonNode.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    new CascadeDriver(engine).runJobs();
    return created.getBody().get("id").asLong();
  }

  @Test
  void theIssuersClerkSummarisesAndClosesWithAReasonOthersMayNot() throws java.io.IOException {
    long id = issue();
    // a clerk of an addressee is not the issuer
    TestRestTemplate city = ApiUsers.loginAs(anonymous, engine, "apicity");
    if (engine.getIdentityService().createUserQuery().userId("apicity").memberOfGroup("tcity1").count() == 0) {
      engine.getIdentityService().createMembership("apicity", "tcity1");
    }
    assertThat(city.postForEntity("/api/notices/" + id + "/close", Map.of("reason", "x"), JsonNode.class)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(clerk.postForEntity("/api/notices/999999/close", Map.of("reason", "x"), JsonNode.class)
        .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

    // 汇总 on demand, one at a time
    ResponseEntity<JsonNode> summary = clerk.postForEntity("/api/notices/" + id + "/summaries", null, JsonNode.class);
    assertThat(summary.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(engine.getTaskService().createTaskQuery().taskId(summary.getBody().get("taskId").asText())
        .singleResult().getName()).isEqualTo("汇总落实情况");
    assertThat(clerk.postForEntity("/api/notices/" + id + "/summaries", null, JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.CONFLICT);

    // no reason, or one longer than the form allows: 400, nothing changed
    ResponseEntity<JsonNode> noReason = clerk.postForEntity("/api/notices/" + id + "/close", Map.of(), JsonNode.class);
    assertThat(noReason.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(noReason.getBody().toString()).contains("办结理由");
    assertThat(clerk.postForEntity("/api/notices/" + id + "/close", Map.of("reason", "长".repeat(501)), JsonNode.class)
        .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(clerk.getForObject("/api/notices/" + id, JsonNode.class).get("status").asText()).isEqualTo("DISPATCHED");

    ResponseEntity<JsonNode> closed = clerk.postForEntity("/api/notices/" + id + "/close",
        Map.of("reason", "已专题汇报，提前办结"), JsonNode.class);
    assertThat(closed.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(closed.getBody().get("status").asText()).isEqualTo("CLOSED");
    new CascadeDriver(engine).runJobs();
    JsonNode notice = clerk.getForObject("/api/notices/" + id, JsonNode.class);
    assertThat(notice.get("ending").get("closedBy").asText()).isEqualTo("apitester");
    assertThat(notice.get("ending").get("closeReason").asText()).isEqualTo("已专题汇报，提前办结");
    assertThat(notice.get("ending").hasNonNull("closedAt")).isTrue();
    assertThat(notice.get("overdueUnclosed").asBoolean()).isFalse();
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKeyLike(id + "/%")
        .count()).isZero();
    // the progress answer and the Excel say so too
    JsonNode progress = clerk.getForObject("/api/notices/" + id + "/progress", JsonNode.class);
    assertThat(progress.get("noticeStatus").asText()).isEqualTo("CLOSED");
    assertThat(progress.get("noticeState").asText()).startsWith("已办结（apitester 于 ").endsWith("，理由：已专题汇报，提前办结）");
    assertThat(progress.get("totals").get("overdueUnclosed").asInt()).isZero();
    try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(
        clerk.getForObject("/api/notices/" + id + "/progress.xlsx", byte[].class)))) {
      var rows = new java.util.ArrayList<String>();
      wb.getSheetAt(0).forEach(row -> rows.add(row.getCell(0) == null ? "" : row.getCell(0).toString() + "="
          + (row.getCell(1) == null ? "" : row.getCell(1).toString())));
      assertThat(rows).contains("通知状态=" + progress.get("noticeState").asText());
    }
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(id))
        .count()).isZero();
    assertThat(clerk.postForEntity("/api/notices/" + id + "/close", Map.of("reason", "再办结"), JsonNode.class)
        .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(clerk.postForEntity("/api/notices/" + id + "/summaries", null, JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.CONFLICT);
  }
}
