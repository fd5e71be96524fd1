package org.noticecascade.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.noticecascade.cascade.UnitCascadeProcess;
import org.noticecascade.progress.EscalationRepository;
import org.noticecascade.support.EngineClock;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole escalation path of an overdue unit through the running application, with the job executor firing the
 * timers as the engine's clock moves: a notice due in four working days, a department that acknowledges and then
 * goes quiet, the 逾期 mark on the first working day after the due date, the 督办 list, the superior's 督办 task
 * completed through the REST API, the issuer's leaders told, and the late report that ends it. Run on H2 and on
 * PostgreSQL by the two subclasses.
 */
abstract class EscalationEndToEnd {

  private static final int SMTP_PORT = freePort();

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"));

  /** E-mail on, to GreenMail; the dispatcher polls often so the test need not wait long for what is due. */
  @DynamicPropertySource
  static void mail(DynamicPropertyRegistry registry) {
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", () -> SMTP_PORT);
    registry.add("notice-cascade.notification.email.enabled", () -> "true");
    registry.add("notice-cascade.notification.dispatcher.interval", () -> "200ms");
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Autowired TestRestTemplate anonymous;
  @Autowired ProcessEngine engine;

  /** A person in a group, with an e-mail address: who receives that group's messages. */
  private void member(String user, String group, String email) {
    IdentityService identity = engine.getIdentityService();
    if (identity.createGroupQuery().groupId(group).count() == 0) {
      identity.saveGroup(identity.newGroup(group));
    }
    User u = identity.createUserQuery().userId(user).singleResult();
    if (u == null) {
      u = identity.newUser(user);
      u.setPassword("Member-pw-2026");
    }
    u.setEmail(email);
    identity.saveUser(u);
    if (identity.createUserQuery().userId(user).memberOfGroup(group).count() == 0) {
      identity.createMembership(user, group);
    }
  }

  /** Subjects of the e-mails received so far by one address, once the dispatcher has sent all that is due. */
  private List<String> subjectsTo(String address) throws Exception {
    Awaitility.await("deliveries sent").atMost(Duration.ofMinutes(1)).pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(100)).until(() -> pendingDeliveries() == 0);
    List<String> subjects = new java.util.ArrayList<>();
    for (MimeMessage m : MAIL.getReceivedMessagesForDomain(address)) {
      if (java.util.Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().contains(address))) {
        subjects.add(m.getSubject());
      }
    }
    return subjects;
  }

  private int pendingDeliveries() {
    return jdbc.queryForObject("select count(*) from notification_delivery where status in ('pending', 'sending')",
        Integer.class);
  }

  @Autowired JdbcTemplate jdbc;

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  private static void clock(String isoDateTime) {
    ClockUtil.setCurrentTime(Date.from(LocalDateTime.parse(isoDateTime).atZone(EngineClock.zone()).toInstant()));
  }

  /**
   * The issuer's totals as the subtree totals kept by each step give them (depth 1) and as counted unit by unit (no
   * depth): both must agree.
   */
  private static JsonNode totals(TestRestTemplate http, long id) {
    JsonNode kept = http.getForObject("/api/notices/" + id + "/progress?depth=1", JsonNode.class).get("totals");
    JsonNode counted = http.getForObject("/api/notices/" + id + "/progress", JsonNode.class).get("totals");
    assertThat(kept).isEqualTo(counted);
    return kept;
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
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
    member("tprovclerk", "tprov", "tprov.clerk@test.noticecascade.invalid");
    member("tdeptclerk", "tdept", "tdept.clerk@test.noticecascade.invalid");
    member("tprovleader", "tprovleaders", "tprov.leader@test.noticecascade.invalid");

    clock("2026-11-16T10:00:00"); // a Monday
    Map<String, Object> notice = Map.of("docNumber", "测工发〔2026〕99号", "title", "关于开展学习宣传的通知",
        "issuerUnit", "tprov", "issuedOn", "2026-11-16", "summary", "请于四个工作日内报告。",
        "addresseeKinds", List.of("INTERNAL_DEPARTMENT"), "reportDueWorkingDays", 4);
    ResponseEntity<JsonNode> created = province.postForEntity("/api/notices", notice, JsonNode.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    long id = created.getBody().get("id").asLong();
    // four working days from Monday: due on Friday
    assertThat(province.getForObject("/api/notices/" + id, JsonNode.class).get("reportDueDate").asText())
        .isEqualTo("2026-11-20");
    CascadeDriver driver = CascadeDriver.withJobExecutor(engine);
    driver.runJobs();
    ProcessInstance dept = driver.unitInstance(id, "tdept");
    driver.acknowledge(dept);
    assertThat(province.getForObject("/api/notices/" + id + "/overdue", JsonNode.class)).isEmpty();

    clock("2026-11-18T09:01:00"); // two working days before the due date
    driver.runJobs();
    clock("2026-11-23T09:01:00"); // the Monday after
    driver.runJobs();
    JsonNode overdue = province.getForObject("/api/notices/" + id + "/overdue", JsonNode.class);
    assertThat(overdue).hasSize(1);
    JsonNode late = overdue.get(0);
    assertThat(late.get("unitCode").asText()).isEqualTo("tdept");
    assertThat(late.get("superiorCode").asText()).isEqualTo("tprov");
    assertThat(late.get("daysLate").asInt()).isEqualTo(1);
    // the due-soon reminder (Wednesday) and the overdue notice (today)
    assertThat(late.get("remindersSent").asInt()).isEqualTo(2);
    assertThat(late.get("escalated").asBoolean()).isTrue();
    // still reminded every working day (逾期未办结 only after chase-days: EscalationProcessTest)
    assertThat(late.get("chaseStatus").asText()).isEqualTo("逾期催办中");
    assertThat(late.hasNonNull("chaseStoppedAt")).isFalse();
    JsonNode totals = totals(province, id);
    assertThat(List.of(totals.get("overdue").asInt(), totals.get("escalated").asInt())).containsExactly(1, 1);
    // each step's message reached the right people by e-mail, once, in Chinese, with the 文号
    assertThat(subjectsTo("tdept.clerk@test.noticecascade.invalid")).containsExactly(
        "【待签收】测工发〔2026〕99号 关于开展学习宣传的通知", "【催办】报告截止日期临近：测工发〔2026〕99号 关于开展学习宣传的通知",
        "【逾期】测工发〔2026〕99号 关于开展学习宣传的通知");
    // the province is both the superior (督办) and the issuer (汇总, due since the Friday)
    assertThat(subjectsTo("tprov.clerk@test.noticecascade.invalid")).containsExactlyInAnyOrder(
        "【督办】测试省总办公室逾期未报告：测工发〔2026〕99号 关于开展学习宣传的通知",
        "【待汇总】测工发〔2026〕99号 关于开展学习宣传的通知");

    // the superior's clerk finds the 督办 task in its unit's list and completes it through the REST API
    JsonNode tasks = province.getForObject("/engine-rest/task?candidateGroup=tprov&taskDefinitionKey="
        + UnitCascadeProcess.TASK_ESCALATE, JsonNode.class);
    assertThat(tasks).hasSize(1);
    String taskId = tasks.get(0).get("id").asText();
    MimeMessage escalationMail = java.util.Arrays.stream(MAIL.getReceivedMessages())
        .filter(m -> subject(m).startsWith("【督办】")).findFirst().orElseThrow();
    // the e-mail links the 督办 task in Tasklist
    assertThat(escalationMail.getContent().toString()).contains("/camunda/app/tasklist/default/#/?task=" + taskId);
    Map<String, Object> noNote = Map.of("variables", Map.of());
    assertThat(province.postForEntity("/engine-rest/task/" + taskId + "/complete", noNote, JsonNode.class)
        .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    Map<String, Object> note = Map.of("variables", Map.of(UnitCascadeProcess.ESCALATION_NOTE,
        Map.of("value", "已电话联系，承诺明日报告", "type", "String")));
    assertThat(province.postForEntity("/engine-rest/task/" + taskId + "/complete", note, String.class)
        .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

    clock("2026-11-24T09:01:00"); // a daily reminder
    driver.runJobs();
    clock("2026-11-25T09:01:00"); // another; the issuer's leaders get one digest a day, not a message per unit
    driver.runJobs();
    late = province.getForObject("/api/notices/" + id + "/overdue", JsonNode.class).get(0);
    assertThat(late.get("daysLate").asInt()).isEqualTo(3);
    assertThat(late.get("remindersSent").asInt()).isEqualTo(4);
    assertThat(late.get("escalated").asBoolean()).isFalse();
    assertThat(late.hasNonNull("issuerNotifiedAt")).isFalse();
    assertThat(subjectsTo("tprov.leader@test.noticecascade.invalid")).isNotEmpty()
        .containsOnly("【逾期日报】测工发〔2026〕99号 关于开展学习宣传的通知：1 个单位逾期未报告");
    assertThat(subjectsTo("tdept.clerk@test.noticecascade.invalid")).hasSize(5)
        .endsWith("【逾期催办】测工发〔2026〕99号 关于开展学习宣传的通知", "【逾期催办】测工发〔2026〕99号 关于开展学习宣传的通知");

    driver.study(dept, 15, false);
    driver.report(dept, "逾期补报");
    assertThat(province.getForObject("/api/notices/" + id + "/overdue", JsonNode.class)).isEmpty();
    JsonNode withReported = province.getForObject("/api/notices/" + id + "/overdue?includeReported=true",
        JsonNode.class);
    assertThat(withReported).hasSize(1);
    assertThat(withReported.get(0).hasNonNull("reportedAt")).isTrue();
    assertThat(withReported.get(0).get("chaseStatus").asText()).isEqualTo("逾期后已报告");
    totals = totals(province, id);
    assertThat(List.of(totals.get("overdue").asInt(), totals.get("escalated").asInt(),
        totals.get("reportedLate").asInt(), totals.get("reported").asInt())).containsExactly(0, 0, 1, 1);
    assertThat(engine.getManagementService().createJobQuery().processInstanceId(dept.getId())
        .activityId(UnitCascadeProcess.TIMER_DAILY_REMINDER).count()).isZero();
    Task review = engine.getTaskService().createTaskQuery().processInstanceId(dept.getId()).singleResult();
    assertThat(review.getTaskDefinitionKey()).isEqualTo(UnitCascadeProcess.TASK_REVIEW);

    assertThat(subjectsTo("tprov.clerk@test.noticecascade.invalid")).hasSize(3)
        .last().asString().startsWith("【待审核】测试省总办公室");

    // someone outside the notice's subtree may not read its 督办 list
    assertThat(anonymous.getForEntity("/api/notices/" + id + "/overdue", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }
}
