package org.noticecascade.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.noticecascade.cascade.UnitCascadeProcess.*;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.noticecascade.notice.NoticeProcess;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.Coverage;
import org.noticecascade.testing.EngineTestContext;
import org.springframework.transaction.support.TransactionTemplate;

/** 留痕 of a walked notice: exactly the steps taken, in order, with the people (and units) who took them. */
@Deployment(resources = {"processes/noticeIssue.bpmn", "processes/unitCascade.bpmn", "processes/unitRead.bpmn",
    "forms/noticeStart.form", "forms/signOff.form", "forms/number.form", "forms/summary.form", "forms/noticeTrack.form",
    "forms/acknowledge.form", "forms/relay.form", "forms/study.form", "forms/report.form", "forms/review.form",
    "forms/escalate.form", "forms/read.form", "forms/attachFiles.form"})
class AuditTrailProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = Coverage.extension();

  private final ProcessEngine engine = EngineTestContext.engine();
  /** Jobs run as the job executor runs them, with nobody logged in (a clerk may not execute jobs). */
  private final CascadeDriver driver = new CascadeDriver(engine) {
    @Override
    public void runJobs() {
      engine.getIdentityService().clearAuthentication();
      super.runJobs();
    }
  };
  private final AuditTrail audit = EngineTestContext.context().getBean(AuditTrail.class);
  private static int docCounter;

  @AfterEach
  void reset() {
    engine.getIdentityService().clearAuthentication();
    ClockUtil.reset();
  }

  private static String docNumber() {
    return "测工痕〔2026〕" + (++docCounter) + "号-" + System.nanoTime();
  }

  /** A clerk of the unit named as the demo names them (first name the unit, last name 经办人). */
  private String clerk(String unit, String unitName) {
    return user(unit + "clerk", unitName, "经办人", unit);
  }

  /** A leader (负责人): no group needed, the engine tests check no authorizations. */
  private String leader(String unit, String unitName) {
    return user(unit + "leader", unitName, "负责人", null);
  }

  private String user(String id, String firstName, String lastName, String group) {
    IdentityService identity = engine.getIdentityService();
    if (identity.createUserQuery().userId(id).count() == 0) {
      User user = identity.newUser(id);
      user.setFirstName(firstName);
      user.setLastName(lastName);
      identity.saveUser(user);
      if (group != null) {
        identity.createMembership(id, group);
      }
    }
    return id;
  }

  /** The clerk completes the task as Tasklist does (logged in); the jobs that follow run as the job executor's. */
  private void completeAs(String user, ProcessInstance pi, String taskKey, Map<String, Object> form) {
    Task task = driver.task(pi, taskKey);
    assertThat(task).as(taskKey).isNotNull();
    engine.getIdentityService().setAuthenticatedUserId(user);
    engine.getTaskService().complete(task.getId(), form);
    driver.runJobs();
  }

  @Test
  void aWalkedNoticeListsExactlyItsStepsWithThePeople() {
    String prov = clerk("tprov", "测试省总工会");
    String city = clerk("tcity1", "测试甲市总工会");
    String dist = clerk("tdist1", "测试甲市一区总工会");
    // the issuer's clerk starts it, logged in
    engine.getIdentityService().setAuthenticatedUserId(prov);
    ProcessInstance notice = driver.startNotice(docNumber(), "tprov", List.of(), List.of("tcity1"), false, false);
    long id = driver.noticeId(notice);

    ProcessInstance city1 = driver.unitInstance(id, "tcity1");
    completeAs(city, city1, TASK_ACKNOWLEDGE, CascadeDriver.acknowledgeForm());
    completeAs(city, city1, TASK_RELAY, CascadeDriver.relayForm(List.of(), List.of("tdist1")));
    ProcessInstance dist1 = driver.unitInstance(id, "tdist1");
    completeAs(dist, dist1, TASK_ACKNOWLEDGE, CascadeDriver.acknowledgeForm());
    completeAs(dist, dist1, TASK_STUDY, CascadeDriver.studyForm(30, false));
    completeAs(dist, dist1, TASK_REPORT, CascadeDriver.reportForm("一区已组织学习"));
    completeAs(city, dist1, TASK_REVIEW, Map.of(REVIEW_DECISION, RETURN, RETURN_REASON, "请补充参加人员"));
    completeAs(dist, dist1, TASK_REPORT, CascadeDriver.reportForm("一区已组织学习，参加 30 人"));
    completeAs(city, dist1, TASK_REVIEW, CascadeDriver.acceptForm());
    completeAs(city, city1, TASK_STUDY, CascadeDriver.studyForm(50, false));
    completeAs(city, city1, TASK_REPORT, CascadeDriver.reportForm("甲市已组织学习"));
    completeAs(prov, city1, TASK_REVIEW, CascadeDriver.acceptForm());
    completeAs(prov, notice, NoticeProcess.TASK_TRACK, Map.of(NoticeProcess.TRACK_ACTION, NoticeProcess.CLOSE,
        NoticeProcess.CLOSE_REASON, "各单位均已报告"));

    List<AuditTrail.Entry> steps = audit.ofNotice(id, 100, 0);
    assertThat(steps).extracting(AuditTrail.Entry::step, AuditTrail.Entry::unitCode, AuditTrail.Entry::actor,
        AuditTrail.Entry::actorUnit).containsExactly(
        tuple("issue", "tprov", prov, "tprov"),
        tuple("acknowledge", "tcity1", city, "tcity1"),
        tuple("relay", "tcity1", city, "tcity1"),
        tuple("acknowledge", "tdist1", dist, "tdist1"),
        tuple("study", "tdist1", dist, "tdist1"),
        tuple("report", "tdist1", dist, "tdist1"),
        tuple("return", "tdist1", city, "tcity1"),
        tuple("report", "tdist1", dist, "tdist1"),
        tuple("accept", "tdist1", city, "tcity1"),
        tuple("study", "tcity1", city, "tcity1"),
        tuple("report", "tcity1", city, "tcity1"),
        tuple("accept", "tcity1", prov, "tprov"),
        tuple("close", "tprov", prov, "tprov"));
    AuditTrail.Entry returned = steps.get(6);
    assertThat(returned.stepLabel()).isEqualTo("审核退回");
    assertThat(returned.actorName()).isEqualTo("测试甲市总工会经办人");
    assertThat(returned.actorUnitName()).isEqualTo("测试甲市总工会");
    assertThat(returned.unitName()).isEqualTo("测试甲市一区总工会");
    assertThat(returned.detail()).isEqualTo("退回修改：请补充参加人员");
    assertThat(steps.get(2).detail()).startsWith("传达下级 1 个；单位：测试甲市一区总工会；截止 ").contains("需报告")
        .endsWith("要求：请于截止日期前报告");
    assertThat(steps.get(4).detail()).isEqualTo("专题学习会，" + steps.get(4).at().toLocalDate() + "，参加 30 人：召开专题学习会");
    assertThat(steps.get(5).detail()).isEqualTo("学习活动 1 次，参加 30 人次：一区已组织学习");
    assertThat(steps.get(12).detail()).isEqualTo("办结理由：各单位均已报告");
    assertThat(steps).allSatisfy(s -> assertThat(s.at()).isNotNull());

    // one unit's 留痕, and a subtree's: the same rows, narrowed
    assertThat(audit.ofUnit(id, "tdist1", 100, 0)).extracting(AuditTrail.Entry::step)
        .containsExactly("acknowledge", "study", "report", "return", "report", "accept");
    assertThat(audit.ofSubtree(id, "/tprov/tcity1/tdist1/", 100, 0)).hasSize(6);
    assertThat(audit.ofSubtree(id, "/tprov/tcity1/", 100, 0)).hasSize(11);
    // paging: newest last, pages follow on
    assertThat(audit.ofNotice(id, 2, 9)).extracting(AuditTrail.Entry::step).containsExactly("study", "report");
    assertThat(audit.ofNotice(id, 5, 11)).extracting(AuditTrail.Entry::step).containsExactly("accept", "close");
  }

  @Test
  void remindersAreTheSystemsAndARepeatedStepIsRecordedOnce() {
    ProcessInstance notice = driver.startNotice(docNumber(), "tprov", List.of("INTERNAL_DEPARTMENT"), List.of(),
        false, false);
    long id = driver.noticeId(notice);
    ProcessInstance dept = driver.unitInstance(id, "tdept");
    Job reminder = driver.timer(dept, TIMER_ACKNOWLEDGE_REMINDER);
    assertThat(reminder).isNotNull();
    engine.getManagementService().executeJob(reminder.getId());
    driver.runJobs();

    List<AuditTrail.Entry> dept1 = audit.ofUnit(id, "tdept", 100, 0);
    assertThat(dept1).extracting(AuditTrail.Entry::step, AuditTrail.Entry::actor, AuditTrail.Entry::actorName,
        AuditTrail.Entry::detail).containsExactly(tuple("reminder", null, "系统", "催签收"));
    // the issue step was taken by nobody logged in here: the system's too
    assertThat(audit.ofUnit(id, "tprov", 100, 0)).extracting(AuditTrail.Entry::step, AuditTrail.Entry::actorName)
        .containsExactly(tuple("issue", "系统"));

    // a step that runs again under the same key (a retried job, a listener called twice) writes nothing more
    TransactionTemplate tx = EngineTestContext.context().getBean(TransactionTemplate.class);
    tx.executeWithoutResult(s -> {
      audit.bySystem("retried-job", id, "tdept", AuditStep.REMINDER, "催签收");
      audit.bySystem("retried-job", id, "tdept", AuditStep.REMINDER, "催签收");
    });
    tx.executeWithoutResult(s -> audit.bySystem("retried-job", id, "tdept", AuditStep.REMINDER, "催签收"));
    assertThat(audit.ofUnit(id, "tdept", 100, 0)).hasSize(2);
    // and a long text is kept to the column's width
    tx.executeWithoutResult(s -> audit.bySystem("long", id, "tdept", AuditStep.REMINDER, "长".repeat(5000)));
    assertThat(audit.ofUnit(id, "tdept", 100, 0).get(2).detail()).hasSize(AuditTrail.DETAIL_LENGTH).endsWith("…");
  }

  @Test
  void signOffNumberReadRemindersEscalationAndSummaryAreRecorded() {
    CascadeDriver.clock("2026-11-16T10:00:00"); // a Monday
    String leader = leader("tprov", "测试省总工会");
    String prov = clerk("tprov", "测试省总工会");
    String dept = clerk("tdept", "测试省总办公室");
    String ind = clerk("tind", "测试省教育工会");
    Map<String, Object> start = new java.util.HashMap<>(CascadeDriver.copiedTo("tind"));
    start.put(NoticeProcess.REPORT_DUE_DATE, "2026-11-27");
    String docNumber = docNumber();
    ProcessInstance notice = driver.startNotice(docNumber, "tprov", List.of(), List.of("tdept"), false, true, start);
    long id = driver.noticeId(notice);
    completeAs(leader, notice, NoticeProcess.TASK_SIGN_OFF,
        Map.of(NoticeProcess.SIGN_OFF_DECISION, NoticeProcess.APPROVE));
    completeAs(prov, notice, NoticeProcess.TASK_ASSIGN_DOC_NUMBER, Map.of(NoticeProcess.DOC_NUMBER, docNumber));
    completeAs(ind, driver.ccInstance(id, "tind"), org.noticecascade.cascade.UnitReadProcess.TASK_READ,
        CascadeDriver.readForm());
    ProcessInstance unit = driver.unitInstance(id, "tdept");
    CascadeDriver.clock("2026-11-18T09:01:00");
    driver.runJobs(); // 催签收
    completeAs(dept, unit, TASK_ACKNOWLEDGE, CascadeDriver.acknowledgeForm());
    CascadeDriver.clock("2026-11-25T09:01:00");
    driver.runJobs(); // 报告截止临近
    CascadeDriver.clock("2026-11-30T09:01:00");
    driver.runJobs(); // 逾期, 督办, and the issuer's first 汇总
    completeAs(prov, unit, TASK_ESCALATE, Map.of(ESCALATION_NOTE, "已电话督促"));

    List<AuditTrail.Entry> steps = audit.ofNotice(id, 100, 0);
    assertThat(steps.subList(0, 6)).extracting(AuditTrail.Entry::step, AuditTrail.Entry::unitCode,
        AuditTrail.Entry::actor, AuditTrail.Entry::detail).containsExactly(
        tuple("issue", "tprov", null, docNumber + " 关于认真学习宣传贯彻《论述摘编》的通知"),
        tuple("signOff", "tprov", leader, "同意签发"),
        tuple("docNumber", "tprov", prov, "文号：" + docNumber),
        tuple("read", "tind", ind, "已阅知"),
        tuple("reminder", "tdept", null, "催签收"),
        tuple("acknowledge", "tdept", dept, "已签收"));
    assertThat(steps.subList(6, steps.size())).extracting(AuditTrail.Entry::step, AuditTrail.Entry::unitCode,
        AuditTrail.Entry::actor, AuditTrail.Entry::actorUnit).containsExactlyInAnyOrder(
        tuple("reminder", "tdept", null, null),
        tuple("overdue", "tdept", null, null),
        tuple("escalation", "tdept", null, null),
        tuple("summary", "tprov", null, null),
        tuple("escalationHandled", "tdept", prov, "tprov"));
    assertThat(steps).filteredOn(e -> e.actor() == null).extracting(AuditTrail.Entry::actorName)
        .containsOnly(AuditTrail.SYSTEM);
  }
}
