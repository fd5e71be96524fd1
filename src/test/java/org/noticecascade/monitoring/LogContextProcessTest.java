package org.noticecascade.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.Coverage;
import org.noticecascade.testing.EngineTestContext;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;

/**
 * Log lines written inside the engine's steps carry the notice and the unit (MDC noticeId, unitCode), each line its
 * own unit's even when one job reaches several units, and nothing of them is left on the thread afterwards.
 */
@Deployment(resources = {"processes/noticeIssue.bpmn", "processes/unitCascade.bpmn", "processes/unitRead.bpmn",
    "forms/noticeStart.form", "forms/signOff.form", "forms/number.form", "forms/summary.form", "forms/noticeTrack.form",
    "forms/acknowledge.form", "forms/relay.form", "forms/study.form", "forms/report.form", "forms/review.form",
    "forms/escalate.form", "forms/read.form", "forms/attachFiles.form"})
class LogContextProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = Coverage.extension();

  private final ProcessEngine engine = EngineTestContext.engine();
  private final CascadeDriver driver = new CascadeDriver(engine);
  // the delegate that records a unit as reached logs at debug level
  private final Logger delegateLog = (Logger) LoggerFactory.getLogger("org.noticecascade.cascade.ReceiveNoticeDelegate");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private Level level;

  @BeforeEach
  void capture() {
    BpmnAwareTests.init(engine);
    level = delegateLog.getLevel();
    delegateLog.setLevel(Level.DEBUG);
    lines.start();
    delegateLog.addAppender(lines);
  }

  @AfterEach
  void release() {
    delegateLog.detachAppender(lines);
    delegateLog.setLevel(level);
  }

  @Test
  void eachDelegateLineNamesItsNoticeAndUnit() {
    ProcessInstance notice = driver.startNotice("测监〔2026〕" + System.nanoTime() + "号", "tprov",
        List.of("LOCAL_FEDERATION"), List.of(), false, false);
    long id = driver.noticeId(notice);
    driver.relay(acknowledged(id, "tcity1"), List.of("LOCAL_FEDERATION"), List.of());

    Map<String, String> reached = lines.list.stream().filter(e -> e.getMessage().startsWith("收文："))
        .filter(e -> String.valueOf(id).equals(e.getMDCPropertyMap().get("noticeId")))
        .collect(Collectors.toMap(e -> e.getMDCPropertyMap().get("unitCode"), ILoggingEvent::getFormattedMessage));
    // the notice's two cities in one job, then 甲市's districts when it relayed: each line its own unit's
    assertThat(reached).containsOnlyKeys("tcity1", "tcity2", "tdist1", "tdist2");
    assertThat(reached.get("tcity2")).contains("第 1 级").contains("tprov");
    assertThat(reached.get("tdist1")).contains("第 2 级").contains("tcity1");
    assertThat(lines.list).allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsKeys("noticeId", "unitCode"));
    // as JSON lines (--logging.structured.format.console=ecs) they are fields of their own
    ILoggingEvent tdist1 = lines.list.stream().filter(e -> "tdist1".equals(e.getMDCPropertyMap().get("unitCode")))
        .findFirst().orElseThrow();
    assertThat(ecs(tdist1)).contains("\"noticeId\":\"" + id + "\"", "\"unitCode\":\"tdist1\"");
    // what the steps put there is gone once their commands end
    assertThat(MDC.get("noticeId")).isNull();
    assertThat(MDC.get("unitCode")).isNull();
  }

  @Test
  void theBusinessKeyGivesTheValues() {
    try {
      LogContext.fromBusinessKey("12/sccd");
      assertThat(MDC.getCopyOfContextMap()).containsEntry("noticeId", "12").containsEntry("unitCode", "sccd");
      LogContext.fromBusinessKey("13");
      assertThat(MDC.getCopyOfContextMap()).containsEntry("noticeId", "13").doesNotContainKey("unitCode");
      for (String key : new String[] {null, "", "x/y", "/sccd"}) {
        LogContext.fromBusinessKey("12/sccd");
        LogContext.fromBusinessKey(key);
        assertThat(MDC.get("noticeId")).as(key).isNull();
        assertThat(MDC.get("unitCode")).as(key).isNull();
      }
    } finally {
      MDC.clear();
    }
  }

  private static String ecs(ILoggingEvent event) {
    LoggerContext context = new LoggerContext();
    context.putObject(Environment.class.getName(), new StandardEnvironment());
    StructuredLogEncoder encoder = new StructuredLogEncoder();
    encoder.setContext(context);
    encoder.setFormat("ecs");
    encoder.start();
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }

  private ProcessInstance acknowledged(long id, String unit) {
    ProcessInstance pi = driver.unitInstance(id, unit);
    driver.acknowledge(pi);
    return pi;
  }
}
