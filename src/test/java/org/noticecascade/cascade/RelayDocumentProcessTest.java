package org.noticecascade.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.noticecascade.cascade.UnitCascadeProcess.*;

import java.util.HashMap;
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
import org.noticecascade.progress.ProgressService;
import org.noticecascade.progress.UnitProgress;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.Coverage;
import org.noticecascade.testing.EngineTestContext;

/** 转发 in the relaying unit's own name: its default title, its own 文号 (unique per unit), what its subordinates see. */
@Deployment(resources = {"processes/noticeIssue.bpmn", "processes/unitCascade.bpmn", "processes/unitRead.bpmn",
    "forms/noticeStart.form", "forms/signOff.form", "forms/number.form", "forms/summary.form", "forms/noticeTrack.form",
    "forms/acknowledge.form", "forms/relay.form", "forms/study.form", "forms/report.form", "forms/review.form",
    "forms/escalate.form", "forms/read.form", "forms/attachFiles.form"})
class RelayDocumentProcessTest {

  private static final String NOTICE_TITLE = "关于认真学习宣传贯彻《论述摘编》的通知";

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = Coverage.extension();

  private final ProcessEngine engine = EngineTestContext.engine();
  private final CascadeDriver driver = new CascadeDriver(engine);
  private final ProgressService progress = EngineTestContext.context().getBean(ProgressService.class);

  @BeforeEach
  void init() {
    BpmnAwareTests.init(engine);
  }

  /** A number no other test (sharing the engine's database) has used, in the given style. */
  private static String unique(String prefix) {
    return prefix + "〔2026〕" + System.nanoTime() % 1_000_000_000 + "号";
  }

  private ProcessInstance cityOf(String docNumber, String city) {
    ProcessInstance notice = driver.startNotice(docNumber, "tprov", List.of(), List.of(city), true, false);
    ProcessInstance instance = driver.unitInstance(driver.noticeId(notice), city);
    driver.acknowledge(instance);
    return instance;
  }

  private static Map<String, Object> relayAs(String title, String docNumber) {
    Map<String, Object> v = new HashMap<>(CascadeDriver.relayForm(List.of("LOCAL_FEDERATION"), List.of()));
    v.put(RELAY_TITLE, title);
    if (docNumber != null) {
      v.put(RELAY_DOC_NUMBER, docNumber);
    }
    return v;
  }

  private Map<String, Object> shown(ProcessInstance pi, String taskKey) {
    return engine.getTaskService().getVariables(driver.task(pi, taskKey).getId());
  }

  private UnitProgress row(long noticeId, String unit) {
    return progress.progress(noticeId, unit, 0).units().get(0).unit();
  }

  @Test
  void subordinatesSeeTheRelayFirstAndTheNoticeAsItsBasis() {
    String noticeNumber = unique("测工发");
    ProcessInstance city = cityOf(noticeNumber, "tcity1");
    long id = ((Number) engine.getRuntimeService().getVariable(city.getId(), NOTICE_ID)).longValue();
    // an addressee has no superior's 转发: the forms hide that section
    Map<String, Object> cityAcknowledged = engine.getRuntimeService().getVariables(city.getId());
    assertThat(cityAcknowledged.get(FORWARD_TITLE)).isNull();
    // its relay starts from the notice: 转发 + 文号 + 《title》 (inner 《》 as 〈〉) + 的通知
    assertThat(shown(city, TASK_RELAY)).containsEntry(RELAY_TITLE,
        "转发" + noticeNumber + "《关于认真学习宣传贯彻〈论述摘编〉的通知》的通知");

    String cityNumber = unique("测甲工发");
    String cityTitle = "关于认真学习宣传贯彻《论述摘编》的通知";
    driver.complete(city, TASK_RELAY, relayAs("  " + cityTitle + " ", " " + cityNumber + " "));
    assertThat(city).hasPassed(TASK_RELAY);
    UnitProgress cityRow = row(id, "tcity1");
    assertThat(cityRow.relayTitle()).isEqualTo(cityTitle);
    assertThat(cityRow.relayDocNumber()).isEqualTo(cityNumber);

    ProcessInstance dist = driver.unitInstance(id, "tdist1");
    Map<String, Object> acknowledge = shown(dist, TASK_ACKNOWLEDGE);
    // the 转发 (trimmed as stored), and the notice beneath it as 依据
    assertThat(acknowledge).containsEntry(FORWARD_TITLE, cityTitle).containsEntry(FORWARD_DOC_NUMBER, cityNumber)
        .containsEntry(FORWARD_UNIT_NAME, "测试甲市总工会").containsEntry(INSTRUCTIONS, "请于截止日期前报告")
        .containsEntry(DOC_NUMBER, noticeNumber).containsEntry(TITLE, NOTICE_TITLE)
        .containsEntry(ISSUER_UNIT_NAME, "测试省总工会").containsKey(SUMMARY);
    // read-only: a changed 转发 is refused, the unchanged one (as Tasklist sends it back) passes
    Map<String, Object> forged = new HashMap<>(CascadeDriver.acknowledgeForm());
    forged.put(FORWARD_TITLE, "关于另一件事的通知");
    assertThatThrownBy(() -> driver.complete(dist, TASK_ACKNOWLEDGE, forged))
        .isInstanceOf(InputException.class).hasMessageContaining("转发标题：为只读项");
    forged.put(FORWARD_TITLE, cityTitle);
    forged.put(FORWARD_DOC_NUMBER, cityNumber);
    driver.complete(dist, TASK_ACKNOWLEDGE, forged);

    // the district's own relay starts from the city's 转发, not from the notice
    assertThat(shown(dist, TASK_RELAY)).containsEntry(RELAY_TITLE,
        "转发" + cityNumber + "《关于认真学习宣传贯彻〈论述摘编〉的通知》的通知");
    // the study and report tasks show the same
    driver.complete(dist, TASK_RELAY, CascadeDriver.relayForm(List.of("GRASSROOTS_UNION"), List.of()));
    assertThat(shown(dist, TASK_STUDY)).containsEntry(FORWARD_TITLE, cityTitle)
        .containsEntry(FORWARD_DOC_NUMBER, cityNumber).containsEntry(ISSUER_UNIT_NAME, "测试省总工会");
    driver.study(dist, 20, false);
    assertThat(shown(dist, TASK_REPORT)).containsEntry(FORWARD_TITLE, cityTitle);

    // the district kept the default title and gave no 文号: its grassroots unions see that
    UnitProgress distRow = row(id, "tdist1");
    assertThat(distRow.relayDocNumber()).isNull();
    assertThat(distRow.relayTitle()).isEqualTo("转发" + cityNumber + "《关于认真学习宣传贯彻〈论述摘编〉的通知》的通知");
    ProcessInstance grassroots = driver.unitInstance(id, "tgr1");
    Map<String, Object> grShown = shown(grassroots, TASK_ACKNOWLEDGE);
    assertThat(grShown).containsEntry(FORWARD_TITLE, distRow.relayTitle())
        .containsEntry(FORWARD_UNIT_NAME, "测试甲市一区总工会").containsEntry(DOC_NUMBER, noticeNumber);
    assertThat(grShown.get(FORWARD_DOC_NUMBER)).isNull();
  }

  @Test
  void aRelayOfADocumentWithoutNumberIsTitledWithoutOne() {
    ProcessInstance city = cityOf(unique("测工发"), "tcity1");
    long id = ((Number) engine.getRuntimeService().getVariable(city.getId(), NOTICE_ID)).longValue();
    driver.complete(city, TASK_RELAY, relayAs("关于做好学习宣传贯彻工作的通知", null));
    ProcessInstance dist = driver.unitInstance(id, "tdist1");
    driver.acknowledge(dist);
    assertThat(shown(dist, TASK_RELAY)).containsEntry(RELAY_TITLE, "转发《关于做好学习宣传贯彻工作的通知》的通知");
  }

  @Test
  void aUnitUsesItsOwnDocNumberOnceWhileAnotherUnitMayUseTheSame() {
    String cityNumber = unique("测甲工发");
    ProcessInstance first = cityOf(unique("测工发"), "tcity1");
    driver.complete(first, TASK_RELAY, relayAs("关于学习第一份通知的通知", cityNumber));

    // the same number typed another way (half-width brackets, full-width digits, a space) is the same number
    ProcessInstance second = cityOf(unique("测工发"), "tcity1");
    long secondId = ((Number) engine.getRuntimeService().getVariable(second.getId(), NOTICE_ID)).longValue();
    String retyped = toFullWidthDigits(cityNumber.replace('〔', '[').replace('〕', ']')).replace("号", " 号");
    assertThatThrownBy(() -> driver.complete(second, TASK_RELAY, relayAs("关于学习第二份通知的通知", retyped)))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("转发文号：本单位已用此文号（" + cityNumber + "）转发《关于学习第一份通知的通知》（依据 ");
    // nothing stored: the task waits, the unit has not relayed, no subordinate was reached
    assertThat(second).isWaitingAt(TASK_RELAY);
    UnitProgress unrelayed = row(secondId, "tcity1");
    assertThat(unrelayed.relayedAt()).isNull();
    assertThat(unrelayed.relayDocNumber()).isNull();
    assertThat(unrelayed.relayTitle()).isNull();
    assertThat(progress.progress(secondId, "tcity1", null).units()).hasSize(1);

    // another unit (here 甲市's district, relaying the first notice) may use the same number for its own 转发
    long firstId = ((Number) engine.getRuntimeService().getVariable(first.getId(), NOTICE_ID)).longValue();
    ProcessInstance dist = driver.unitInstance(firstId, "tdist1");
    driver.acknowledge(dist);
    Map<String, Object> distRelay = new HashMap<>(CascadeDriver.relayForm(List.of("GRASSROOTS_UNION"), List.of()));
    distRelay.put(RELAY_DOC_NUMBER, cityNumber);
    driver.complete(dist, TASK_RELAY, distRelay);
    assertThat(row(firstId, "tdist1").relayDocNumber()).isEqualTo(cityNumber);

    // the first unit relays under another number
    driver.complete(second, TASK_RELAY, relayAs("关于学习第二份通知的通知", unique("测甲工发")));
    assertThat(second).hasPassed(TASK_RELAY);
  }

  @Test
  void aRelayNumberMayNotRepeatANoticeTheUnitIssued() {
    String issued = unique("测甲工发");
    driver.startNotice(issued, "tcity1", List.of("LOCAL_FEDERATION"), List.of(), false, false);
    ProcessInstance city = cityOf(unique("测工发"), "tcity1");
    assertThatThrownBy(() -> driver.complete(city, TASK_RELAY, relayAs("关于学习的通知", issued)))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("转发文号：本单位已用此文号（" + issued + "）发文《" + NOTICE_TITLE + "》");
    assertThat(city).isWaitingAt(TASK_RELAY);
  }

  @Test
  void aNoticeMayNotRepeatANumberTheUnitRelayedUnder() {
    String relayNumber = unique("测甲工发");
    ProcessInstance city = cityOf(unique("测工发"), "tcity1");
    driver.complete(city, TASK_RELAY, relayAs("关于学习的通知", relayNumber));
    assertThatThrownBy(() -> driver.startNotice(relayNumber.replace('〔', '[').replace('〕', ']'), "tcity1",
        List.of("LOCAL_FEDERATION"), List.of(), false, false))
        .isInstanceOf(ConflictException.class).hasMessageContaining("与本单位已使用的文号 " + relayNumber + " 相同");
  }

  @Test
  void aClearedTitleIsRefused() {
    ProcessInstance city = cityOf(unique("测工发"), "tcity1");
    assertThatThrownBy(() -> driver.complete(city, TASK_RELAY, relayAs("  ", null)))
        .isInstanceOf(InputException.class).hasMessageContaining("向下级传达时须填写转发标题");
    assertThat(city).isWaitingAt(TASK_RELAY);
  }

  private static String toFullWidthDigits(String s) {
    StringBuilder b = new StringBuilder();
    s.chars().forEach(c -> b.append(c >= '0' && c <= '9' ? (char) ('０' + (c - '0')) : (char) c));
    return b.toString();
  }
}
