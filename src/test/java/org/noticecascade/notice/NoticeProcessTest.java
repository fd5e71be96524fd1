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
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.Coverage;
import org.noticecascade.testing.EngineTestContext;

/** The issuer's side: registering, signing off, dispatching, and refusing bad notices whole. */
@Deployment(resources = {"processes/noticeIssue.bpmn", "processes/unitCascade.bpmn", "forms/noticeStart.form",
    "forms/signOff.form", "forms/summary.form", "forms/noticeTrack.form", "forms/acknowledge.form", "forms/relay.form", "forms/study.form",
    "forms/report.form", "forms/review.form", "forms/escalate.form"})
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

  private long noticeCount() {
    return engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(NoticeProcess.KEY).count()
        + engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey(NoticeProcess.KEY).count();
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
  void aDeclinedNoticeEndsAndFreesItsDocNumber() {
    String doc = "川工发〔2023〕44号";
    ProcessInstance pi = driver.startNotice(doc, "tprov", List.of("LOCAL_FEDERATION"), List.of(), false, true);
    long id = driver.noticeId(pi);
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
