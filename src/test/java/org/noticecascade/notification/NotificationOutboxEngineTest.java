package org.noticecascade.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.Coverage;
import org.noticecascade.testing.EngineTestContext;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The engine's own steps write their notifications in their transaction: rolled back, there is nothing to send. */
@Deployment(resources = {"processes/noticeIssue.bpmn", "processes/unitCascade.bpmn", "processes/unitRead.bpmn",
    "forms/noticeStart.form", "forms/signOff.form", "forms/number.form", "forms/summary.form", "forms/noticeTrack.form",
    "forms/acknowledge.form", "forms/relay.form", "forms/study.form", "forms/report.form", "forms/review.form",
    "forms/escalate.form", "forms/read.form", "forms/attachFiles.form"})
class NotificationOutboxEngineTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = Coverage.extension();

  private final CascadeDriver driver = new CascadeDriver(EngineTestContext.engine());
  private final NamedParameterJdbcTemplate jdbc = EngineTestContext.context().getBean(NamedParameterJdbcTemplate.class);
  private final TransactionTemplate tx = EngineTestContext.context().getBean(TransactionTemplate.class);

  @Test
  void aRolledBackStepLeavesNoNotificationAndACommittedOneLeavesOneAUnit() {
    String docNumber = "测试通知〔" + System.nanoTime() + "〕号";
    String received = "select count(*) from notification_outbox o join notice n"
        + " on o.message_key = 'received:' || n.id || '/tcity1' or o.message_key = 'received:' || n.id || '/tcity2'"
        + " where n.doc_number = :doc";
    MapSqlParameterSource doc = new MapSqlParameterSource("doc", docNumber);

    // the whole start, fan-out jobs included, in one transaction that rolls back
    tx.executeWithoutResult(s -> {
      driver.startNotice(docNumber, "tprov", List.of("LOCAL_FEDERATION"), List.of(), false, false);
      assertThat(jdbc.queryForObject(received, doc, Integer.class)).as("written with the step").isEqualTo(2);
      s.setRollbackOnly();
    });
    assertThat(jdbc.queryForObject(received, doc, Integer.class)).isZero();

    driver.startNotice(docNumber, "tprov", List.of("LOCAL_FEDERATION"), List.of(), false, false);
    assertThat(jdbc.queryForObject(received, doc, Integer.class)).isEqualTo(2);
  }
}
