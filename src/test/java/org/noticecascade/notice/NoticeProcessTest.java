package org.noticecascade.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.noticecascade.form.ConflictException;
import org.noticecascade.form.InputException;
import org.noticecascade.orgdirectory.Unit;
import org.noticecascade.orgdirectory.UnitImportService;
import org.noticecascade.orgdirectory.UnitKind;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.Coverage;
import org.noticecascade.testing.EngineTestContext;

/** The issuer's side: registering, signing off, dispatching, and refusing bad notices whole. */
@Deployment(resources = {"processes/noticeIssue.bpmn", "processes/unitCascade.bpmn", "processes/unitRead.bpmn",
    "forms/noticeStart.form", "forms/signOff.form", "forms/number.form", "forms/summary.form", "forms/noticeTrack.form",
    "forms/acknowledge.form", "forms/relay.form", "forms/study.form", "forms/report.form", "forms/review.form",
    "forms/escalate.form", "forms/read.form", "forms/attachFiles.form"})
class NoticeProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = Coverage.extension();

  private final ProcessEngine engine = EngineTestContext.engine();
  private final CascadeDriver driver = new CascadeDriver(engine);
  private final NoticeService notices = EngineTestContext.context().getBean(NoticeService.class);

  @BeforeEach
  void init() {
    BpmnAwareTests.init(engine);
  }

  private org.springframework.jdbc.core.JdbcTemplate jdbc() {
    return EngineTestContext.context()
        .getBean(org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate.class).getJdbcTemplate();
  }

  private long noticeCount() {
    return engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(NoticeProcess.KEY).count()
        + engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey(NoticeProcess.KEY).count();
  }

  @Test
  void filesAttachedFirstThenDispatch() {
    ProcessInstance pi = driver.startNotice("川工发〔2023〕43号-attach", "tprov", List.of("LOCAL_FEDERATION"),
        List.of(), false, false, CascadeDriver.attachFilesFirst());
    long id = driver.noticeId(pi);
    // registered, waiting for the issuer's clerks to attach the 正文 and 附件: no unit is reached yet
    assertThat(pi).isWaitingAt(NoticeProcess.TASK_ATTACH_FILES).hasPassed(NoticeProcess.GATEWAY_ATTACH_FIRST)
        .hasNotPassed(NoticeProcess.TASK_DISPATCH);
    assertThat(task(pi)).hasCandidateGroup("tprov");
    assertThat(driver.unitInstance(id, "tcity1")).isNull();
    assertThat(engine.getTaskService().getVariable(task(pi).getId(), NoticeProcess.TITLE))
        .isEqualTo("关于认真学习宣传贯彻《论述摘编》的通知");

    // the confirmation is required: unticked or left out, the task stays
    assertThatThrownBy(() -> driver.complete(pi, NoticeProcess.TASK_ATTACH_FILES,
        Map.of(NoticeProcess.FILES_ATTACHED, false)))
        .isInstanceOf(InputException.class).hasMessageContaining("正文及附件已上传");
    assertThatThrownBy(() -> driver.complete(pi, NoticeProcess.TASK_ATTACH_FILES, Map.of()))
        .isInstanceOf(InputException.class).hasMessageContaining("正文及附件已上传");
    assertThat(pi).isWaitingAt(NoticeProcess.TASK_ATTACH_FILES);
    assertThat(driver.unitInstance(id, "tcity1")).isNull();

    driver.filesAttached(pi);
    assertThat(pi).isWaitingAt(NoticeProcess.CALL_UNIT_CASCADE, NoticeProcess.TIMER_REPORT_DUE)
        .hasPassed(NoticeProcess.TASK_ATTACH_FILES, NoticeProcess.TASK_DISPATCH);
    assertThat(notices.get(id).status()).isEqualTo(NoticeStatus.DISPATCHED);
    assertThat(driver.unitInstance(id, "tcity1")).isNotNull();
  }

  @Test
  void filesAttachedFirstThenSignOff() {
    ProcessInstance pi = driver.startNotice("川工发〔2023〕43号-attachsign", "tprov", List.of("LOCAL_FEDERATION"),
        List.of(), false, true, CascadeDriver.attachFilesFirst());
    long id = driver.noticeId(pi);
    assertThat(pi).isWaitingAt(NoticeProcess.TASK_ATTACH_FILES);
    assertThat(task(pi)).hasCandidateGroup("tprov");
    assertThat(notices.get(id).status()).isEqualTo(NoticeStatus.AWAITING_SIGN_OFF);

    driver.filesAttached(pi);
    // 上传正文及附件 → 签发 → 编号 → 下发
    assertThat(pi).isWaitingAt(NoticeProcess.TASK_SIGN_OFF);
    assertThat(task(pi)).hasCandidateGroup("tprovleaders");
    assertThat(driver.unitInstance(id, "tcity1")).isNull();
    driver.signOff(pi);
    driver.assignDocNumber(pi, "川工发〔2023〕43号-attachsign");
    assertThat(pi).isWaitingAt(NoticeProcess.CALL_UNIT_CASCADE, NoticeProcess.TIMER_REPORT_DUE);
    assertThat(driver.unitInstance(id, "tcity1")).isNotNull();
  }

  @Test
  void withoutTheOptionNoAttachTask() {
    ProcessInstance pi = driver.startNotice("川工发〔2023〕43号-noattach", "tprov", List.of("LOCAL_FEDERATION"),
        List.of(), false, false);
    assertThat(pi).hasNotPassed(NoticeProcess.TASK_ATTACH_FILES)
        .isWaitingAt(NoticeProcess.CALL_UNIT_CASCADE, NoticeProcess.TIMER_REPORT_DUE);
    assertThat(engine.getRuntimeService().getVariable(pi.getId(), NoticeProcess.ATTACH_BEFORE_DISPATCH))
        .isEqualTo(false);
  }

  @Test
  void signOffByTheIssuersLeaderThenDispatchToEveryAddressee() {
    ProcessInstance pi = driver.startNotice("川工发〔2023〕43号-signoff", "tprov",
        List.of("LOCAL_FEDERATION", "INDUSTRY_UNION"), List.of(), false, true);
    long id = driver.noticeId(pi);
    assertThat(pi).isWaitingAt(NoticeProcess.TASK_SIGN_OFF);
    assertThat(task(pi)).hasCandidateGroup("tprovleaders");
    assertThat(notices.get(id).status()).isEqualTo(NoticeStatus.AWAITING_SIGN_OFF);
    assertThat(engine.getRuntimeService().getVariable(pi.getId(), NoticeProcess.ISSUER_UNIT_NAME)).isEqualTo("测试省总工会");

    complete(task(pi), Map.of(NoticeProcess.SIGN_OFF_DECISION, NoticeProcess.APPROVE));
    driver.runJobs();
    // 拟稿 → 签发 → 编号 → 印发: the drafted 文号 is prefilled and confirmed by the issuer's clerks
    assertThat(pi).isWaitingAt(NoticeProcess.TASK_ASSIGN_DOC_NUMBER);
    assertThat(task(pi)).hasCandidateGroup("tprov");
    assertThat(notices.get(id).status()).isEqualTo(NoticeStatus.AWAITING_DOC_NUMBER);
    assertThat(engine.getTaskService().getVariable(task(pi).getId(), NoticeProcess.DOC_NUMBER))
        .isEqualTo("川工发〔2023〕43号-signoff");
    driver.assignDocNumber(pi, "川工发〔2023〕43号-signoff");
    assertThat(notices.get(id).status()).isEqualTo(NoticeStatus.DISPATCHED);
    assertThat(pi).isWaitingAt(NoticeProcess.CALL_UNIT_CASCADE, NoticeProcess.TIMER_REPORT_DUE);
    for (String unit : List.of("tcity1", "tcity2", "tind")) {
      assertThat(driver.unitInstance(id, unit)).as(unit).isNotNull();
    }
    assertThat(driver.unitInstance(id, "tdept")).isNull();
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().superProcessInstanceId(pi.getId()).count())
        .isEqualTo(3);
  }

  @Test
  void aDeclinedNoticeEndsAndNeverTookItsDocNumber() {
    String doc = "川工发〔2023〕44号";
    ProcessInstance pi = driver.startNotice(doc, "tprov", List.of("LOCAL_FEDERATION"), List.of(), false, true);
    long id = driver.noticeId(pi);
    // drafted, not reserved: before 签发 the number is nobody's
    assertThat(jdbc().queryForObject("select doc_number_key from notice where id = ?", String.class, id)).isNull();
    assertThatThrownBy(() -> complete(task(pi), Map.of(NoticeProcess.SIGN_OFF_DECISION, NoticeProcess.REJECT)))
        .isInstanceOf(InputException.class).hasMessageContaining("请填写意见");
    complete(task(pi), Map.of(NoticeProcess.SIGN_OFF_DECISION, NoticeProcess.REJECT,
        NoticeProcess.SIGN_OFF_COMMENT, "请修改措辞后重新报签"));
    assertThat(pi).isEnded().hasPassed(NoticeProcess.END_NOT_SIGNED_OFF);
    assertThat(notices.get(id).status()).isEqualTo(NoticeStatus.NOT_SIGNED_OFF);
    // the same 文号 can be drafted again
    ProcessInstance again = driver.startNotice(doc, "tprov", List.of("LOCAL_FEDERATION"), List.of(), false, false);
    assertThat(again).isWaitingAt(NoticeProcess.CALL_UNIT_CASCADE, NoticeProcess.TIMER_REPORT_DUE);
  }

  @Test
  void withSignOffTheDocNumberIsGivenAfterItAndATakenOneLeavesTheTaskOpen() {
    driver.startNotice("川工发〔2023〕50号", "tprov", List.of("INDUSTRY_UNION"), List.of(), false, false);
    // drafted without a 文号: allowed because 签发 comes first
    ProcessInstance pi = driver.startNotice(null, "tprov", List.of("INDUSTRY_UNION"), List.of(), false, true);
    long id = driver.noticeId(pi);
    assertThat(notices.get(id).docNumber()).isNull();
    driver.signOff(pi);
    assertThat(pi).isWaitingAt(NoticeProcess.TASK_ASSIGN_DOC_NUMBER);
    String taskId = task(pi).getId();
    assertThatThrownBy(() -> driver.assignDocNumber(pi, "川工发[2023]５０号"))
        .isInstanceOf(ConflictException.class).hasMessageContaining("与本单位已使用的文号 川工发〔2023〕50号 相同");
    assertThatThrownBy(() -> driver.complete(pi, NoticeProcess.TASK_ASSIGN_DOC_NUMBER, Map.of()))
        .isInstanceOf(InputException.class).hasMessageContaining("文号");
    // nothing changed: the same task is open, the notice has no number, nothing was sent
    assertThat(task(pi).getId()).isEqualTo(taskId);
    assertThat(notices.get(id).docNumber()).isNull();
    assertThat(notices.get(id).status()).isEqualTo(NoticeStatus.AWAITING_DOC_NUMBER);
    assertThat(driver.unitInstance(id, "tind")).isNull();

    driver.assignDocNumber(pi, " 川工发〔2023〕51号 ");
    assertThat(notices.get(id).docNumber()).isEqualTo("川工发〔2023〕51号");
    assertThat(notices.get(id).status()).isEqualTo(NoticeStatus.DISPATCHED);
    assertThat(engine.getRuntimeService().getVariable(driver.unitInstance(id, "tind").getId(), NoticeProcess.DOC_NUMBER))
        .isEqualTo("川工发〔2023〕51号");
    // now taken, through the API's check as through the start form
    assertThatThrownBy(() -> driver.startNotice("川工发〔2023〕51号", "tprov", List.of("INDUSTRY_UNION"), List.of(),
        false, false)).isInstanceOf(ConflictException.class);
  }

  @Test
  void aDocNumberIsRequiredAboveCountyLevelButOptionalBelow() {
    assertThatThrownBy(() -> driver.startNotice(null, "tprov", List.of("INDUSTRY_UNION"), List.of(), false, false))
        .isInstanceOf(InputException.class).hasMessageContaining("县级以上工会发文须有文号");
    // a 镇总工会 issues without one, and with 签发 goes straight from 签发 to 下发
    EngineTestContext.context().getBean(org.springframework.transaction.support.TransactionTemplate.class)
        .executeWithoutResult(s -> EngineTestContext.context().getBean(UnitImportService.class).importCsv("""
            code,name,kind,parentCode
            ttown,测试某镇总工会,TOWNSHIP_FEDERATION,
            ttowngr,测试某镇某公司工会,GRASSROOTS_UNION,ttown
            """.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    ProcessInstance plain = driver.startNotice(null, "ttown", List.of("GRASSROOTS_UNION"), List.of(), false, false);
    assertThat(notices.get(driver.noticeId(plain)).docNumber()).isNull();
    assertThat(driver.unitInstance(driver.noticeId(plain), "ttowngr")).isNotNull();
    ProcessInstance signed = driver.startNotice("", "ttown", List.of("GRASSROOTS_UNION"), List.of(), false, true);
    driver.signOff(signed);
    assertThat(signed).hasNotPassed(NoticeProcess.TASK_ASSIGN_DOC_NUMBER);
    assertThat(notices.get(driver.noticeId(signed)).status()).isEqualTo(NoticeStatus.DISPATCHED);
    // the rule itself: by kind, and by depth below 中华全国总工会
    assertThat(DocNumbers.requiredOf(new Unit("sc", "四川省总工会", UnitKind.LOCAL_FEDERATION, "acftu", "/acftu/sc/", 1)))
        .isTrue();
    assertThat(DocNumbers.requiredOf(new Unit("sccd", "成都市总工会", UnitKind.LOCAL_FEDERATION, "sc",
        "/acftu/sc/sccd/", 2))).isTrue();
    assertThat(DocNumbers.requiredOf(new Unit("sccdjj", "锦江区总工会", UnitKind.LOCAL_FEDERATION, "sccd",
        "/acftu/sc/sccd/sccdjj/", 3))).isFalse();
    assertThat(DocNumbers.requiredOf(new Unit("x", "某大学工会", UnitKind.GRASSROOTS_UNION, "sc", "/acftu/sc/x/", 2)))
        .isFalse();
  }

  @Test
  void theStartFormOffersTheUnitsTheClerksUnitMayAddressByName() throws Exception {
    var identity = engine.getIdentityService();
    identity.saveUser(identity.newUser("tprovpicker"));
    identity.createMembership("tprovpicker", "tprov");
    String definition = engine.getRepositoryService().createProcessDefinitionQuery()
        .processDefinitionKey(NoticeProcess.KEY).latestVersion().singleResult().getId();
    try {
      identity.setAuthenticatedUserId("tprovpicker");
      com.fasterxml.jackson.databind.JsonNode form;
      try (var in = engine.getFormService().getDeployedStartForm(definition)) {
        form = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
      }
      com.fasterxml.jackson.databind.JsonNode picker = null;
      for (var c : form.path("components")) {
        if (NoticeProcess.ADDRESSEE_UNITS.equals(c.path("key").asText())) {
          picker = c;
        }
      }
      assertThat(picker).isNotNull();
      assertThat(picker.path("type").asText()).isEqualTo("taglist");
      assertThat(picker.has("valuesKey")).isFalse();
      assertThat(picker.path("values").findValuesAsText("value"))
          .containsExactly("tcity1", "tcity2", "tdept", "tind", "tdist1", "tdist2");
      assertThat(picker.path("values").findValuesAsText("label")).contains("测试甲市总工会", "测试甲市一区总工会（测试甲市总工会）");
    } finally {
      identity.clearAuthentication();
      identity.deleteMembership("tprovpicker", "tprov");
      identity.deleteUser("tprovpicker");
    }
    // the picker's codes start a notice; a code outside the issuer's subtree is refused by the notice's own rule
    ProcessInstance pi = driver.startNotice("川工发〔2023〕52号", "tprov", List.of(), List.of("tcity2", "tdist1"), false,
        false);
    assertThat(driver.unitInstance(driver.noticeId(pi), "tdist1")).isNotNull();
  }

  @Test
  void aDocNumberAlreadyUsedByTheSameIssuerIsAConflictAndNothingIsCreated() {
    driver.startNotice("川工发〔2023〕45号", "tprov", List.of("INDUSTRY_UNION"), List.of(), false, false);
    long before = noticeCount();
    assertThatThrownBy(() -> driver.startNotice("川工发〔2023〕45号", "tprov", List.of("INDUSTRY_UNION"), List.of(), false, false))
        .isInstanceOf(ConflictException.class);
    assertThat(noticeCount()).isEqualTo(before);
    // another issuer may use the same number
    ProcessInstance other = driver.startNotice("川工发〔2023〕45号", "tcity1", List.of("LOCAL_FEDERATION"), List.of(), false, false);
    assertThat(other).isActive();
  }

  @Test
  void aBadDraftIsRefusedWithEveryProblemNamed() {
    long before = noticeCount();
    // a kind the start form does not offer is refused by the form itself, before anything runs
    assertThatThrownBy(() -> driver.startNotice("川工发〔2023〕46号", "tcity1", List.of("SPACE_UNION"),
        List.of(), false, false))
        .isInstanceOf(InputException.class).hasMessageContaining("主送单位类别：“SPACE_UNION”不在可选范围内");
    assertThatThrownBy(() -> driver.startNotice("川工发〔2023〕46号", "tcity1", List.of("LOCAL_FEDERATION"),
        List.of("tdept", "nosuch"), false, false))
        .isInstanceOf(InputException.class)
        .satisfies(e -> assertThat(((InputException) e).getMessage())
            .contains("tdept", "不是发文单位的下级", "单位 nosuch 不存在"));
    assertThat(noticeCount()).isEqualTo(before);
  }
}
