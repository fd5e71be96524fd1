package org.noticecascade.form;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.noticecascade.cascade.UnitCascadeProcess;
import org.noticecascade.notice.NoticeProcess;
import org.noticecascade.notice.NoticeService;
import org.noticecascade.notice.NoticeStatus;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.Coverage;
import org.noticecascade.testing.EngineTestContext;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Through the engine's Java API (the door every other door leads to), a task takes exactly its form: no variable the
 * form lacks (the system's own facts), no read-only field changed, every field within its limits; a refused
 * completion changes nothing.
 */
@Deployment(resources = {"processes/noticeIssue.bpmn", "processes/unitCascade.bpmn", "processes/unitRead.bpmn",
    "forms/noticeStart.form", "forms/signOff.form", "forms/number.form", "forms/summary.form", "forms/noticeTrack.form",
    "forms/acknowledge.form", "forms/relay.form", "forms/study.form", "forms/report.form", "forms/review.form",
    "forms/escalate.form", "forms/read.form", "forms/attachFiles.form"})
class FormContractEngineTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = Coverage.extension();

  private final ProcessEngine engine = EngineTestContext.engine();
  private final CascadeDriver driver = new CascadeDriver(engine);
  private final NamedParameterJdbcTemplate jdbc = EngineTestContext.context().getBean(NamedParameterJdbcTemplate.class);

  private ProcessInstance issue(boolean signOff) {
    return driver.startNotice("防篡改〔2026〕" + System.nanoTime() + "号", "tprov", List.of("LOCAL_FEDERATION"),
        List.of(), false, signOff);
  }

  private String status(long noticeId, String unit) {
    return jdbc.queryForObject("select status from cascade_unit where notice_id = :notice and unit_code = :unit",
        Map.of("notice", noticeId, "unit", unit), String.class);
  }

  @ParameterizedTest
  @CsvSource({"unitCode, tcity2, 表单中没有此项", "superiorCode, tcity2, 表单中没有此项", "noticeId, 1, 表单中没有此项",
      "cascadeLevel, 2, 表单中没有此项", "cascadeToGrassroots, true, 表单中没有此项", "reportSubmitted, true, 表单中没有此项",
      "markOverdueDelegate, x, 表单中没有此项", "title, 伪造的标题, 通知标题：为只读项",
      "reportDueDate, 2099-12-31, 报告截止日期：为只读项", "instructions, 伪造的要求, 转发要求：为只读项", "forwardTitle, 伪造的转发标题, 转发标题：为只读项",
      "issuedOn, 2000-01-01, 成文日期：为只读项", "addresseeWording, 各基层工会, 主送：为只读项"})
  void aUnitsTaskRefusesAnythingItsFormDoesNotLetAPersonChange(String variable, String value, String message) {
    long id = driver.noticeId(issue(false));
    ProcessInstance city = driver.unitInstance(id, "tcity1");
    Object titleBefore = engine.getRuntimeService().getVariable(city.getId(), NoticeProcess.TITLE);
    Map<String, Object> submitted = new HashMap<>(Map.of(UnitCascadeProcess.ACKNOWLEDGE_NOTE, "已签收"));
    submitted.put(variable, typed(variable, value, id));
    assertThatThrownBy(() -> driver.complete(city, UnitCascadeProcess.TASK_ACKNOWLEDGE, submitted))
        .isInstanceOf(InputException.class).hasMessageContaining(message).hasMessageContaining(
            message.startsWith("表单") ? variable : "");
    // nothing recorded or stored, for the unit or the one it tried to speak for
    assertThat(status(id, "tcity1")).isEqualTo("received");
    assertThat(status(id, "tcity2")).isEqualTo("received");
    assertThat(driver.task(city, UnitCascadeProcess.TASK_ACKNOWLEDGE)).isNotNull();
    assertThat(engine.getRuntimeService().getVariable(city.getId(), variable))
        .isNotEqualTo(typed(variable, value, id));
    assertThat(engine.getRuntimeService().getVariable(city.getId(), NoticeProcess.TITLE)).isEqualTo(titleBefore);
    // the form's own fields, with its read-only fields sent back unchanged as Tasklist does, go through
    driver.complete(city, UnitCascadeProcess.TASK_ACKNOWLEDGE, Map.of(UnitCascadeProcess.ACKNOWLEDGE_NOTE, "已签收",
        NoticeProcess.TITLE, titleBefore, NoticeProcess.DOC_NUMBER,
        engine.getRuntimeService().getVariable(city.getId(), NoticeProcess.DOC_NUMBER), "instructions", "",
        NoticeProcess.ISSUED_ON, engine.getRuntimeService().getVariable(city.getId(), NoticeProcess.ISSUED_ON),
        NoticeProcess.ADDRESSEE_WORDING,
        engine.getRuntimeService().getVariable(city.getId(), NoticeProcess.ADDRESSEE_WORDING)));
    assertThat(status(id, "tcity1")).isEqualTo("acknowledged");
  }

  /** The changed value as the engine would hold it; a notice id is moved by the given offset from the real one. */
  private static Object typed(String variable, String value, long noticeId) {
    return switch (variable) {
      case "noticeId" -> noticeId + Long.parseLong(value);
      case "cascadeLevel" -> Integer.valueOf(value);
      case "cascadeToGrassroots", "reportSubmitted" -> Boolean.valueOf(value);
      default -> value;
    };
  }

  @Test
  void everyProblemOfASubmissionIsNamedWithTheFormsLabels() {
    long id = driver.noticeId(driver.startNotice("防篡改〔2026〕" + System.nanoTime() + "号", "tprov", List.of(),
        List.of("tdist1"), false, false));
    ProcessInstance city = driver.unitInstance(id, "tdist1");
    driver.acknowledge(city);
    String study = driver.task(city, UnitCascadeProcess.TASK_STUDY).getId();
    Map<String, Object> bad = new HashMap<>();
    bad.put(UnitCascadeProcess.STUDY_FORM, "party");            // not an option
    bad.put(UnitCascadeProcess.STUDY_DATE, "2026/11/30");       // not YYYY-MM-DD
    bad.put(UnitCascadeProcess.PARTICIPANTS, 12.5);             // not whole
    bad.put(UnitCascadeProcess.STUDY_SUMMARY, "学".repeat(5001)); // over the form's 5,000
    bad.put(UnitCascadeProcess.MORE_STUDY, "yes");              // a checkbox is true or false
    assertThatThrownBy(() -> engine.getTaskService().complete(study, bad))
        .isInstanceOf(InputException.class)
        .satisfies(e -> assertThat(((InputException) e).problems()).extracting(FieldProblem::toString)
            .contains("活动形式：取值应为 专题学习会、辅导报告会、培训、宣讲、其他 之一", "活动日期：日期格式应为 YYYY-MM-DD",
                "参加人数：应为整数", "活动情况：不得超过 5000 个字（现为 5001 个字）", "继续登记下一项学习活动：应为是或否"));
    // a count that would overflow the subtree's sums
    Map<String, Object> huge = new HashMap<>(CascadeDriver.studyForm(30, false));
    huge.put(UnitCascadeProcess.PARTICIPANTS, Integer.MAX_VALUE);
    assertThatThrownBy(() -> engine.getTaskService().complete(study, huge))
        .isInstanceOf(InputException.class).hasMessageContaining("参加人数：不得大于 100000");
    Map<String, Object> missing = Map.of(UnitCascadeProcess.STUDY_FORM, "seminar");
    assertThatThrownBy(() -> engine.getTaskService().complete(study, missing))
        .isInstanceOf(InputException.class).hasMessageContaining("活动日期：必填").hasMessageContaining("活动情况：必填")
        .hasMessageContaining("参加人数：必填");
    assertThat(jdbc.queryForObject("select count(*) from study_activity where notice_id = :notice",
        Map.of("notice", id), Integer.class)).isZero();
    assertThat(driver.task(city, UnitCascadeProcess.TASK_STUDY).getId()).isEqualTo(study);
  }

  @Test
  void theStartFormIsTheContractOfAStartToo() {
    long before = jdbc.queryForObject("select count(*) from notice", Map.of(), Long.class);
    assertThatThrownBy(() -> driver.startNotice("防篡改〔2026〕1号", "tprov", List.of("LOCAL_FEDERATION"), List.of(),
        false, false, Map.of(NoticeProcess.NOTICE_ID, 1L, "registerNoticeDelegate", "x")))
        .isInstanceOf(InputException.class).hasMessageContaining("noticeId：表单中没有此项")
        .hasMessageContaining("registerNoticeDelegate：表单中没有此项");
    assertThatThrownBy(() -> driver.startNotice("防篡改〔2026〕2号", "tprov", List.of("LOCAL_FEDERATION"), List.of(),
        false, false, Map.of(NoticeProcess.TITLE, "长".repeat(301), NoticeProcess.DUE_SOON_DAYS, 61)))
        .isInstanceOf(InputException.class).hasMessageContaining("通知标题：不得超过 300 个字")
        .hasMessageContaining("截止前催办：不得大于 60");
    assertThat(jdbc.queryForObject("select count(*) from notice", Map.of(), Long.class)).isEqualTo(before);
  }

  @Test
  void theSignOffCannotSwapTheNoticeOrItsIssuer() {
    ProcessInstance first = issue(true);
    ProcessInstance second = issue(true);
    long other = driver.noticeId(first);
    NoticeService notices = EngineTestContext.context().getBean(NoticeService.class);
    for (Map.Entry<String, Object> swap : Map.<String, Object>of(NoticeProcess.NOTICE_ID, other,
        NoticeProcess.ISSUER_UNIT, "tcity1", NoticeProcess.ISSUER_GROUP, "tcity1").entrySet()) {
      assertThatThrownBy(() -> driver.complete(second, NoticeProcess.TASK_SIGN_OFF,
          Map.of(NoticeProcess.SIGN_OFF_DECISION, NoticeProcess.APPROVE, swap.getKey(), swap.getValue())))
          .isInstanceOf(InputException.class).hasMessageContaining(swap.getKey());
    }
    assertThat(notices.get(other).status()).isEqualTo(NoticeStatus.AWAITING_SIGN_OFF);
    assertThat(notices.get(driver.noticeId(second)).status()).isEqualTo(NoticeStatus.AWAITING_SIGN_OFF);
    driver.complete(second, NoticeProcess.TASK_SIGN_OFF,
        Map.of(NoticeProcess.SIGN_OFF_DECISION, NoticeProcess.APPROVE));
    assertThat(notices.get(driver.noticeId(second)).status()).isNotEqualTo(NoticeStatus.AWAITING_SIGN_OFF);
    assertThat(notices.get(other).status()).isEqualTo(NoticeStatus.AWAITING_SIGN_OFF);
  }
}
