package org.noticecascade.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.noticecascade.cascade.UnitCascadeProcess;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.EngineTestContext;
import org.noticecascade.web.ApiUsers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The whole escalation path of an overdue unit through the running application, with the job executor firing the
 * timers as the engine's clock moves: a notice due in four working days, a department that acknowledges and then
 * goes quiet, the 逾期 mark on the first working day after the due date, the 督办 list, the superior's 督办 task
 * completed through the REST API, the issuer's leaders told, and the late report that ends it. Run on H2 and on
 * PostgreSQL by the two subclasses.
 */
abstract class EscalationEndToEnd {

  @Autowired TestRestTemplate anonymous;
  @Autowired ProcessEngine engine;

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  private static void clock(String isoDateTime) {
    ClockUtil.setCurrentTime(Date.from(LocalDateTime.parse(isoDateTime).atZone(ZoneId.systemDefault()).toInstant()));
  }

  /** Waits (asserting no time) until the job executor has run every job due on the engine's clock. */
  private void awaitJobs() throws InterruptedException {
    Instant giveUp = Instant.now().plus(Duration.ofMinutes(2));
    while (engine.getManagementService().createJobQuery().executable().withRetriesLeft().count() > 0) {
      if (Instant.now().isAfter(giveUp)) {
        throw new AssertionError("jobs were not executed");
      }
      Thread.sleep(100);
    }
  }

  @Test
  void anOverdueUnitIsChasedEscalatedAndCountedLate() throws Exception {
    TestRestTemplate admin = ApiUsers.admin(anonymous, engine);
    HttpHeaders csv = new HttpHeaders();
    csv.setContentType(MediaType.parseMediaType("text/csv"));
    assertThat(admin.postForEntity("/api/units/import",
        new HttpEntity<>(EngineTestContext.ORG_CSV.getBytes(StandardCharsets.UTF_8), csv), String.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    TestRestTemplate province = ApiUsers.login(anonymous, engine);
    ApiUsers.clerkOf(engine, "tprov");

    clock("2026-11-16T10:00:00"); // a Monday
    Map<String, Object> notice = Map.of("docNumber", "测工发〔2026〕99号", "title", "关于开展学习宣传的通知",
        "issuerUnit", "tprov", "issuedOn", "2026-11-16", "summary", "请于四个工作日内报告。",
        "addresseeKinds", List.of("INTERNAL_DEPARTMENT"), "reportDueWorkingDays", 4, "escalateAfterDays", 2);
    ResponseEntity<JsonNode> created = province.postForEntity("/api/notices", notice, JsonNode.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    long id = created.getBody().get("id").asLong();
    // four working days from Monday: due on Friday
    assertThat(province.getForObject("/api/notices/" + id, JsonNode.class).get("reportDueDate").asText())
        .isEqualTo("2026-11-20");
    awaitJobs();
    CascadeDriver driver = new CascadeDriver(engine) {
      @Override
      public void runJobs() {
        try {
          awaitJobs();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    ProcessInstance dept = driver.unitInstance(id, "tdept");
    driver.acknowledge(dept);
    assertThat(province.getForObject("/api/notices/" + id + "/overdue", JsonNode.class)).isEmpty();

    clock("2026-11-23T09:01:00"); // the Monday after
    awaitJobs();
    JsonNode overdue = province.getForObject("/api/notices/" + id + "/overdue", JsonNode.class);
    assertThat(overdue).hasSize(1);
    JsonNode late = overdue.get(0);
    assertThat(late.get("unitCode").asText()).isEqualTo("tdept");
    assertThat(late.get("superiorCode").asText()).isEqualTo("tprov");
    assertThat(late.get("daysLate").asInt()).isEqualTo(1);
    // the due-soon reminder (Wednesday) and the overdue notice (today)
    assertThat(late.get("remindersSent").asInt()).isEqualTo(2);
    assertThat(late.get("escalated").asBoolean()).isTrue();

    // the superior's clerk finds the 督办 task in its unit's list and completes it through the REST API
    JsonNode tasks = province.getForObject("/engine-rest/task?candidateGroup=tprov&taskDefinitionKey="
        + UnitCascadeProcess.TASK_ESCALATE, JsonNode.class);
    assertThat(tasks).hasSize(1);
    String taskId = tasks.get(0).get("id").asText();
    Map<String, Object> noNote = Map.of("variables", Map.of());
    assertThat(province.postForEntity("/engine-rest/task/" + taskId + "/complete", noNote, JsonNode.class)
        .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    Map<String, Object> note = Map.of("variables", Map.of(UnitCascadeProcess.ESCALATION_NOTE,
        Map.of("value", "已电话联系，承诺明日报告", "type", "String")));
    assertThat(province.postForEntity("/engine-rest/task/" + taskId + "/complete", note, String.class)
        .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

    clock("2026-11-24T09:01:00"); // a daily reminder
    awaitJobs();
    clock("2026-11-25T09:01:00"); // another, and two working days on: the issuer's leaders are told
    awaitJobs();
    late = province.getForObject("/api/notices/" + id + "/overdue", JsonNode.class).get(0);
    assertThat(late.get("daysLate").asInt()).isEqualTo(3);
    assertThat(late.get("remindersSent").asInt()).isEqualTo(4);
    assertThat(late.get("escalated").asBoolean()).isFalse();
    assertThat(late.hasNonNull("issuerNotifiedAt")).isTrue();

    driver.study(dept, 15, false);
    driver.report(dept, "逾期补报");
    assertThat(province.getForObject("/api/notices/" + id + "/overdue", JsonNode.class)).isEmpty();
    JsonNode withReported = province.getForObject("/api/notices/" + id + "/overdue?includeReported=true",
        JsonNode.class);
    assertThat(withReported).hasSize(1);
    assertThat(withReported.get(0).hasNonNull("reportedAt")).isTrue();
    assertThat(engine.getManagementService().createJobQuery().processInstanceId(dept.getId())
        .activityId(UnitCascadeProcess.TIMER_DAILY_REMINDER).count()).isZero();
    Task review = engine.getTaskService().createTaskQuery().processInstanceId(dept.getId()).singleResult();
    assertThat(review.getTaskDefinitionKey()).isEqualTo(UnitCascadeProcess.TASK_REVIEW);

    // someone outside the notice's subtree may not read its 督办 list
    assertThat(anonymous.getForEntity("/api/notices/" + id + "/overdue", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }
}
