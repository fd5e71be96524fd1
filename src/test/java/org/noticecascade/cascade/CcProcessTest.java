package org.noticecascade.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.noticecascade.form.InputException;
import org.noticecascade.notice.NoticeProcess;
import org.noticecascade.notice.NoticeService;
import org.noticecascade.notice.NoticeStatus;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.Coverage;
import org.noticecascade.testing.EngineTestContext;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** 抄送: a copied unit reads the notice (阅知) in its own small process, and does nothing else. */
@Deployment(resources = {"processes/noticeIssue.bpmn", "processes/unitCascade.bpmn", "processes/unitRead.bpmn",
    "forms/noticeStart.form", "forms/signOff.form", "forms/number.form", "forms/summary.form", "forms/noticeTrack.form",
    "forms/acknowledge.form", "forms/relay.form", "forms/study.form", "forms/report.form", "forms/review.form",
    "forms/escalate.form", "forms/read.form", "forms/attachFiles.form"})
class CcProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = Coverage.extension();

  private final ProcessEngine engine = EngineTestContext.engine();
  private final CascadeDriver driver = new CascadeDriver(engine);
  private final NamedParameterJdbcTemplate jdbc = EngineTestContext.context().getBean(NamedParameterJdbcTemplate.class);
  private final NoticeService notices = EngineTestContext.context().getBean(NoticeService.class);
  private static int docCounter;

  @BeforeEach
  void init() {
    BpmnAwareTests.init(engine);
  }

  private static String docNumber() {
    return "抄工发〔2026〕" + (++docCounter) + "号-" + System.nanoTime();
  }

  /** To tcity1 (主送), copied to the given units. */
  private ProcessInstance issue(String... copiedTo) {
    return driver.startNotice(docNumber(), "tprov", List.of(), List.of("tcity1"), false, false,
        CascadeDriver.copiedTo(copiedTo));
  }

  private Map<String, Object> ccRow(long noticeId, String unit) {
    return jdbc.queryForMap("select * from notice_cc where notice_id = :id and unit_code = :unit",
        Map.of("id", noticeId, "unit", unit));
  }

  @Test
  void copiedUnitGetsOneReadTaskForItsClerksAndNothingElse() {
    ProcessInstance notice = issue("tdept");
    long id = driver.noticeId(notice);
    assertThat(notices.get(id).ccUnits()).containsExactly("tdept");

    ProcessInstance copy = driver.ccInstance(id, "tdept");
    assertThat(copy).isNotNull().hasBusinessKey(id + "/tdept").isWaitingAt(UnitReadProcess.TASK_READ);
    List<Task> tasks = engine.getTaskService().createTaskQuery().processInstanceId(copy.getId()).list();
    assertThat(tasks).hasSize(1);
    assertThat(tasks.get(0)).hasCandidateGroup("tdept").hasName("阅知通知");
    // the copied unit's clerks see it in 本单位待办 (a query by their groups), the cascade's units do not
    assertThat(engine.getTaskService().createTaskQuery().taskCandidateGroupIn(List.of("tdept"))
        .processInstanceBusinessKey(id + "/tdept").count()).isEqualTo(1);
    // no reminders, no 督办: the instance has no timer and no job at all
    List<Job> jobs = engine.getManagementService().createJobQuery().processInstanceId(copy.getId()).list();
    assertThat(jobs).isEmpty();
    // not part of the cascade: no unitCascade instance, no cascade_unit row
    assertThat(driver.unitInstance(id, "tdept")).isNull();
    assertThat(jdbc.queryForObject("select count(*) from cascade_unit where notice_id = :id and unit_code = 'tdept'",
        Map.of("id", id), Integer.class)).isZero();
    // the form's read-only particulars are handed down
    Map<String, Object> vars = engine.getRuntimeService().getVariables(copy.getId());
    assertThat(vars).containsEntry(UnitReadProcess.UNIT_NAME, "测试省总办公室")
        .containsEntry(UnitReadProcess.ISSUER_UNIT_NAME, "测试省总工会")
        .containsKeys(UnitReadProcess.DOC_NUMBER, UnitReadProcess.TITLE, UnitReadProcess.SUMMARY,
            UnitReadProcess.ISSUED_ON, UnitReadProcess.ADDRESSEE_WORDING);
    // received, not read; told once with 待阅知
    Map<String, Object> row = ccRow(id, "tdept");
    assertThat(row.get("RECEIVED_AT")).isNotNull();
    assertThat(row.get("READ_AT")).isNull();
    assertThat(row.get("PATH")).isEqualTo("/tprov/tdept/");
    assertThat(jdbc.queryForList("select subject from notification_outbox where message_key = :key",
        Map.of("key", "copied:" + id + "/tdept"), String.class)).singleElement().asString().startsWith("【待阅知】");

    engine.getIdentityService().setAuthenticatedUserId("tdeptclerk");
    try {
      driver.read(copy);
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
    assertThat(copy).isEnded().hasPassed(UnitReadProcess.END_READ);
    row = ccRow(id, "tdept");
    assertThat(row.get("READ_AT")).isNotNull();
    assertThat(row.get("READ_BY")).isEqualTo("tdeptclerk");
    assertThat(notice).isWaitingAt(NoticeProcess.CALL_UNIT_CASCADE, NoticeProcess.TIMER_REPORT_DUE)
        .hasPassed(NoticeProcess.END_CC_UNITS_READ);
  }

  @Test
  void readingIsRecordedOnlyWithTheBoxTicked() {
    ProcessInstance notice = issue("tind");
    long id = driver.noticeId(notice);
    ProcessInstance copy = driver.ccInstance(id, "tind");
    assertThatThrownBy(() -> driver.complete(copy, UnitReadProcess.TASK_READ,
        Map.of(UnitReadProcess.READ_CONFIRMED, false)))
        .isInstanceOf(InputException.class).hasMessageContaining("已阅知");
    assertThat(copy).isWaitingAt(UnitReadProcess.TASK_READ);
    assertThat(ccRow(id, "tind").get("READ_AT")).isNull();
  }

  @Test
  void aNoticeWithoutCopiesHasNoReadInstance() {
    ProcessInstance notice = issue();
    long id = driver.noticeId(notice);
    assertThat(notices.get(id).ccUnits()).isEmpty();
    assertThat(notice).hasPassed(NoticeProcess.END_CC_UNITS_READ);
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(UnitReadProcess.KEY)
        .processInstanceBusinessKeyLike(id + "/%").count()).isZero();
  }

  @Test
  void aUnitBothAddressedAndCopiedIsRefusedAndNothingIsStored() {
    String doc = docNumber();
    // named in both lists
    assertThatThrownBy(() -> driver.startNotice(doc, "tprov", List.of(), List.of("tcity1", "tind"), false, false,
        CascadeDriver.copiedTo("tdept", "tind")))
        .isInstanceOf(InputException.class).hasMessageContaining("tind").hasMessageContaining("已是主送单位");
    // addressed by its kind
    assertThatThrownBy(() -> driver.startNotice(doc, "tprov", List.of("LOCAL_FEDERATION"), List.of(), false, false,
        CascadeDriver.copiedTo("tcity2")))
        .isInstanceOf(InputException.class).hasMessageContaining("tcity2");
    assertThat(jdbc.queryForObject("select count(*) from notice where doc_number = :doc", Map.of("doc", doc),
        Integer.class)).isZero();
  }

  @Test
  void copiedUnitsMustExistBelowTheIssuer() {
    assertThatThrownBy(() -> issue("nosuchunit"))
        .isInstanceOf(InputException.class).hasMessageContaining("nosuchunit").hasMessageContaining("不存在");
    assertThatThrownBy(() -> driver.startNotice(docNumber(), "tcity1", List.of(), List.of("tdist1"), false, false,
        CascadeDriver.copiedTo("tcity2")))
        .isInstanceOf(InputException.class).hasMessageContaining("tcity2").hasMessageContaining("不是发文单位的下级");
  }

  @Test
  void aClerkOfAnotherUnitCannotCompleteTheReadTask() {
    ProcessEngineConfigurationImpl config = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    // the engine grants a task's candidate groups their permissions when the task is created with authorization on
    config.setAuthorizationEnabled(true);
    // as security.AuthorizationSetup grants at start-up: everyone reads process definitions
    Authorization definitions = engine.getAuthorizationService().createNewAuthorization(Authorization.AUTH_TYPE_GLOBAL);
    definitions.setUserId(Authorization.ANY);
    definitions.setResource(Resources.PROCESS_DEFINITION);
    definitions.setResourceId(Authorization.ANY);
    definitions.addPermission(Permissions.READ);
    engine.getAuthorizationService().saveAuthorization(definitions);
    try {
      ProcessInstance notice = issue("tdept");
      long id = driver.noticeId(notice);
      ProcessInstance copy = driver.ccInstance(id, "tdept");
      Task task = driver.task(copy, UnitReadProcess.TASK_READ);
      engine.getIdentityService().setAuthentication("tcity2clerk", List.of("tcity2"));
      try {
        assertThat(engine.getTaskService().createTaskQuery().taskId(task.getId()).count()).isZero();
        assertThatThrownBy(() -> engine.getTaskService().complete(task.getId(), new HashMap<>(CascadeDriver.readForm())))
            .isInstanceOf(AuthorizationException.class).hasMessageContaining(task.getId());
      } finally {
        engine.getIdentityService().clearAuthentication();
      }
      assertThat(copy).isWaitingAt(UnitReadProcess.TASK_READ);

      engine.getIdentityService().setAuthentication("tdeptclerk", List.of("tdept"));
      try {
        assertThat(engine.getTaskService().createTaskQuery().taskId(task.getId()).count()).isEqualTo(1);
        // the instance, for Tasklist's columns, as for a unit of the cascade
        assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(copy.getId()).count())
            .isEqualTo(1);
        engine.getTaskService().complete(task.getId(), new HashMap<>(CascadeDriver.readForm()));
      } finally {
        engine.getIdentityService().clearAuthentication();
      }
      assertThat(copy).isEnded();
    } finally {
      config.setAuthorizationEnabled(false);
      engine.getAuthorizationService().deleteAuthorization(definitions.getId());
    }
  }

  @Test
  void theCopiedUnitsReadingEndsItsBranchAndTheNoticeStaysOpenUntilClosed() {
    ProcessInstance notice = issue("tdept");
    long id = driver.noticeId(notice);
    ProcessInstance city = driver.unitInstance(id, "tcity1");
    driver.acknowledge(city);
    driver.relay(city, List.of(), List.of("tdist2"));
    driver.leafDone(driver.unitInstance(id, "tdist2"));
    driver.study(city, 10, false);
    driver.report(city, "已传达");
    driver.accept(city);
    engine.getManagementService().executeJob(driver.timer(notice, NoticeProcess.TIMER_REPORT_DUE).getId());
    driver.complete(notice, NoticeProcess.TASK_SUMMARY, Map.of(NoticeProcess.CLOSE_NOTICE, false));
    // every unit of the cascade finished and the roll-up is done; the copied unit has not read yet
    assertThat(notice).isWaitingAt(NoticeProcess.CALL_CC_UNITS);
    assertThat(notices.get(id).status()).isEqualTo(NoticeStatus.DISPATCHED);

    driver.read(driver.ccInstance(id, "tdept"));
    assertThat(notice).hasPassed(NoticeProcess.END_CC_UNITS_READ).isNotEnded();
    // the issuer ends it (办结): nothing is left to end but the notice itself
    driver.closeNotice(notice, "各单位均已办理完毕");
    assertThat(notice).isEnded();
    assertThat(notices.get(id).status()).isEqualTo(NoticeStatus.CLOSED);
  }

  @Test
  void closingTheNoticeEndsTheReadTasksStillOpen() {
    ProcessInstance notice = issue("tdept", "tind");
    long id = driver.noticeId(notice);
    driver.read(driver.ccInstance(id, "tind"));
    engine.getManagementService().executeJob(driver.timer(notice, NoticeProcess.TIMER_REPORT_DUE).getId());
    driver.complete(notice, NoticeProcess.TASK_SUMMARY, Map.of(NoticeProcess.CLOSE_NOTICE, true,
        NoticeProcess.CLOSE_REASON, "已汇总，办结"));
    assertThat(notice).isEnded();
    assertThat(driver.ccInstance(id, "tdept")).isNull();
    // what was read stays on record; the unread unit stays unread
    assertThat(ccRow(id, "tind").get("READ_AT")).isNotNull();
    assertThat(ccRow(id, "tdept").get("READ_AT")).isNull();
  }
}
