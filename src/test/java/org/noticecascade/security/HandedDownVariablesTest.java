package org.noticecascade.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
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

/** A task's completion may not change what the engine handed down; the form's own fields go through. */
@Deployment(resources = {"processes/noticeIssue.bpmn", "processes/unitCascade.bpmn"})
class HandedDownVariablesTest {

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
  @CsvSource({"unitCode, tcity2", "unitGroup, tcity2", "superiorCode, tcity2", "superiorGroup, tcity1",
      "noticeId, 1", "cascadeLevel, 2", "cascadeToGrassroots, true"})
  void aUnitsTaskCannotBeCompletedWithAHandedDownVariableChanged(String variable, String value) {
    long id = driver.noticeId(issue(false));
    ProcessInstance city = driver.unitInstance(id, "tcity1");
    Map<String, Object> submitted = new HashMap<>(Map.of(UnitCascadeProcess.ACKNOWLEDGE_NOTE, "已签收"));
    submitted.put(variable, typed(variable, value, id));
    assertThatThrownBy(() -> driver.complete(city, UnitCascadeProcess.TASK_ACKNOWLEDGE, submitted))
        .isInstanceOf(AuthorizationException.class).hasMessageContaining(variable);
    // nothing recorded, for the unit or the one it tried to speak for
    assertThat(status(id, "tcity1")).isEqualTo("received");
    assertThat(status(id, "tcity2")).isEqualTo("received");
    assertThat(driver.task(city, UnitCascadeProcess.TASK_ACKNOWLEDGE)).isNotNull();
    // the form's own fields, and an unchanged handed-down value, go through
    driver.complete(city, UnitCascadeProcess.TASK_ACKNOWLEDGE,
        Map.of(UnitCascadeProcess.ACKNOWLEDGE_NOTE, "已签收", UnitCascadeProcess.UNIT_CODE, "tcity1"));
    assertThat(status(id, "tcity1")).isEqualTo("acknowledged");
  }

  /** The changed value as the engine would hold it; a notice id is moved by the given offset from the real one. */
  private static Object typed(String variable, String value, long noticeId) {
    return switch (variable) {
      case "noticeId" -> noticeId + Long.parseLong(value);
      case "cascadeLevel" -> Integer.valueOf(value);
      case "cascadeToGrassroots" -> Boolean.valueOf(value);
      default -> value;
    };
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
          .isInstanceOf(AuthorizationException.class).hasMessageContaining(swap.getKey());
    }
    assertThat(notices.get(other).status()).isEqualTo(NoticeStatus.AWAITING_SIGN_OFF);
    assertThat(notices.get(driver.noticeId(second)).status()).isEqualTo(NoticeStatus.AWAITING_SIGN_OFF);
    driver.complete(second, NoticeProcess.TASK_SIGN_OFF,
        Map.of(NoticeProcess.SIGN_OFF_DECISION, NoticeProcess.APPROVE));
    assertThat(notices.get(driver.noticeId(second)).status()).isNotEqualTo(NoticeStatus.AWAITING_SIGN_OFF);
    assertThat(notices.get(other).status()).isEqualTo(NoticeStatus.AWAITING_SIGN_OFF);
  }
}
