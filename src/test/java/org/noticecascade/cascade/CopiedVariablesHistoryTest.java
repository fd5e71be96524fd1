package org.noticecascade.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.noticecascade.cascade.UnitCascadeProcess.*;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.history.HistoricVariableUpdate;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.noticecascade.notice.NoticeProcess;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.Coverage;
import org.noticecascade.testing.EngineTestContext;

/**
 * The audit trail keeps what people entered, and the variables the system copies into every unit are left out of
 * the variable history, while the running instance (forms, Tasklist's columns) still has all of them.
 */
@Deployment(resources = {"processes/noticeIssue.bpmn", "processes/unitCascade.bpmn", "processes/unitRead.bpmn",
    "forms/noticeStart.form", "forms/signOff.form", "forms/number.form", "forms/summary.form", "forms/noticeTrack.form",
    "forms/acknowledge.form", "forms/relay.form", "forms/study.form", "forms/report.form", "forms/review.form",
    "forms/escalate.form", "forms/read.form", "forms/attachFiles.form"})
class CopiedVariablesHistoryTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = Coverage.extension();

  private final ProcessEngine engine = EngineTestContext.engine();
  private final HistoryService history = engine.getHistoryService();
  private final CascadeDriver driver = new CascadeDriver(engine);

  @BeforeEach
  void init() {
    BpmnAwareTests.init(engine);
  }

  @Test
  void copiesAreInTheInstanceButNotInTheHistoryWhileEveryFormValueIs() {
    ProcessInstance notice = driver.startNotice("测工发〔2026〕史" + System.nanoTime() + "号", "tprov", List.of(),
        List.of("tcity1"), true, false);
    long id = driver.noticeId(notice);
    ProcessInstance city = driver.unitInstance(id, "tcity1");
    driver.acknowledge(city);
    driver.relay(city, List.of("LOCAL_FEDERATION"), List.of());
    ProcessInstance district = driver.unitInstance(id, "tdist1");
    driver.acknowledge(district);
    driver.relay(district, List.of(), List.of("tgr1"));
    driver.study(district, 12, false);
    driver.report(district, "一区已学习");
    driver.returnReport(district, "请补充参加人数");
    driver.report(district, "一区已组织学习一次，12 人参加");

    // the running instance has every copy the forms show
    Map<String, Object> running = engine.getRuntimeService().getVariables(district.getId());
    assertThat(running).containsKeys(NOTICE_ID, "docNumber", "title", "issuerUnitName", UNIT_CODE, UNIT_NAME,
        SUPERIOR_CODE, SUPERIOR_UNIT_NAME, SUBORDINATE_KIND_OPTIONS, SUBORDINATE_UNIT_OPTIONS)
        // the tasks' groups come from the codes, and whether the unit was reached before is not stored
        .doesNotContainKeys(UNIT_GROUP, SUPERIOR_GROUP, ALREADY_REACHED);
    assertThat(running.get(UNIT_NAME)).isEqualTo("测试甲市一区总工会");

    Set<String> copied = CopiedVariablesHistory.COPIED.get(KEY);
    for (ProcessInstance unit : List.of(city, district)) {
      Set<String> kept = historicNames(unit);
      assertThat(kept).as("no copy in the history of %s", unit.getBusinessKey()).doesNotContainAnyElementsOf(copied);
      // what a superior set and what this unit's clerks entered
      assertThat(kept).contains(NOTICE_ID, UNIT_CODE, REPORT_DUE_DATE, ACKNOWLEDGE_NOTE, RELAY_DUE_DATE, RELAY_INSTRUCTIONS);
    }
    // the city's 传达 gave its districts their due date and instructions
    assertThat(historicNames(district)).contains(INSTRUCTIONS, RELAY_UNITS, STUDY_FORM, PARTICIPANTS, REPORT_TEXT,
        REVIEW_DECISION, RETURN_REASON);
    // the relay's multi-instance counters and element variable are not kept either
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceIdIn(city.getId(), district.getId())
        .variableNameIn("loopCounter", "nrOfInstances", SUBORDINATE_UNIT).count()).isZero();

    // every value a form submitted, round by round (cleared values left aside): both reports and the 退回 with its reason
    List<String> reports = updates(district, REPORT_TEXT);
    assertThat(reports).containsExactly("一区已学习", "一区已组织学习一次，12 人参加");
    assertThat(updates(district, REVIEW_DECISION)).containsExactly(RETURN);
    assertThat(updates(district, RETURN_REASON)).containsExactly("请补充参加人数");
    assertThat(history.createHistoricDetailQuery().processInstanceId(district.getId()).variableUpdates().list())
        .extracting(d -> ((HistoricVariableUpdate) d).getVariableName()).doesNotContainAnyElementsOf(copied);

    // the issuer's own instance keeps the notice as its start form gave it
    assertThat(historicNames(notice)).contains(NoticeProcess.DOC_NUMBER, NoticeProcess.TITLE, NoticeProcess.SUMMARY,
        NoticeProcess.REPORT_DUE_DATE, NoticeProcess.NOTICE_ID)
        .doesNotContain(NoticeProcess.ADDRESSEE_UNIT, "nrOfInstances", "loopCounter");
  }

  @Test
  void onlyVariableHistoryOfTheCascadeProcessesIsLeftOut() {
    // a copied name in another process, or a task's local variable, is not a copy
    var other = new HistoricVariableUpdateEventEntity();
    other.setProcessDefinitionKey("someOtherProcess");
    other.setVariableName(UNIT_NAME);
    assertThat(CopiedVariablesHistory.isCopy(other)).isFalse();
    var unit = new HistoricVariableUpdateEventEntity();
    unit.setProcessDefinitionKey(KEY);
    unit.setVariableName(UNIT_NAME);
    assertThat(CopiedVariablesHistory.isCopy(unit)).isTrue();
    unit.setTaskId("a-task");
    assertThat(CopiedVariablesHistory.isCopy(unit)).isFalse();
  }

  private Set<String> historicNames(ProcessInstance pi) {
    return history.createHistoricVariableInstanceQuery().processInstanceId(pi.getId()).list().stream()
        .map(HistoricVariableInstance::getName).collect(Collectors.toSet());
  }

  private List<String> updates(ProcessInstance pi, String name) {
    return history.createHistoricDetailQuery().processInstanceId(pi.getId()).variableUpdates()
        .orderByTime().asc().orderPartiallyByOccurrence().asc().list().stream()
        .map(d -> (HistoricVariableUpdate) d).filter(d -> d.getVariableName().equals(name) && d.getValue() != null)
        .map(d -> String.valueOf(d.getValue())).toList();
  }
}
