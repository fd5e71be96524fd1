package org.noticecascade.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.Coverage;
import org.noticecascade.testing.EngineTestContext;
import org.noticecascade.testing.VersionTwo;

/**
 * A notice's whole cascade stays on the version it started with: its call activities bind to their own deployment
 * (camunda:calledElementBinding="deployment"). Version 2 deployed while a version-1 notice is under way changes
 * nothing for that notice's lower levels, and every new notice runs on version 2.
 */
@Deployment(resources = {"processes/noticeIssue.bpmn", "processes/unitCascade.bpmn", "processes/unitRead.bpmn",
    "forms/noticeStart.form", "forms/signOff.form", "forms/number.form", "forms/summary.form", "forms/noticeTrack.form",
    "forms/acknowledge.form", "forms/relay.form", "forms/study.form", "forms/report.form", "forms/review.form",
    "forms/escalate.form", "forms/read.form", "forms/attachFiles.form"})
class VersionBindingProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = Coverage.extension();

  private final ProcessEngine engine = EngineTestContext.engine();
  private final RepositoryService repository = engine.getRepositoryService();
  private final CascadeDriver driver = new CascadeDriver(engine);

  @Test
  void aRunningNoticeKeepsItsVersionDownToTheGrassrootsAndNewNoticesTakeTheNewOne() {
    ProcessInstance old = driver.startNotice("版工发〔2026〕1号-" + System.nanoTime(), "tprov", List.of(),
        List.of("tcity1"), true, false, CascadeDriver.copiedTo("tdept"));
    long oldId = driver.noticeId(old);
    String v1 = deploymentOf(old);
    ProcessInstance city = driver.unitInstance(oldId, "tcity1");
    assertThat(deploymentOf(city)).isEqualTo(v1);
    driver.acknowledge(city);

    org.camunda.bpm.engine.repository.Deployment v2 = VersionTwo.deploy(repository);
    try {
      assertThat(latest(UnitCascadeProcess.KEY).getDeploymentId()).isEqualTo(v2.getId());

      // the version-1 city relays after version 2 exists: its districts and their grassroots unions start on v1
      driver.relay(city, List.of("LOCAL_FEDERATION"), List.of());
      ProcessInstance district = driver.unitInstance(oldId, "tdist1");
      assertThat(deploymentOf(district)).isEqualTo(v1);
      assertThat(deploymentOf(driver.unitInstance(oldId, "tdist2"))).isEqualTo(v1);
      driver.acknowledge(district);
      driver.relay(district, List.of("GRASSROOTS_UNION"), List.of());
      ProcessInstance grassroots = driver.unitInstance(oldId, "tgr1");
      assertThat(deploymentOf(grassroots)).isEqualTo(v1);
      // and works on v1 to its end: no 宣讲 step after study
      driver.leafDone(grassroots);
      assertThat(driver.unitInstance(oldId, "tgr1")).isNull();
      assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery()
          .activityId(VersionTwo.TASK_PUBLICIZE).count()).isZero();
      assertThat(deploymentOf(driver.ccInstance(oldId, "tdept"))).isEqualTo(v1);

      // a notice started now runs on v2 throughout, 抄送 included
      ProcessInstance fresh = driver.startNotice("版工发〔2026〕2号-" + System.nanoTime(), "tprov", List.of(),
          List.of("tcity1"), true, false, CascadeDriver.copiedTo("tdept"));
      long freshId = driver.noticeId(fresh);
      assertThat(deploymentOf(fresh)).isEqualTo(v2.getId());
      ProcessInstance freshCity = driver.unitInstance(freshId, "tcity1");
      assertThat(deploymentOf(freshCity)).isEqualTo(v2.getId());
      assertThat(deploymentOf(driver.ccInstance(freshId, "tdept"))).isEqualTo(v2.getId());
      driver.acknowledge(freshCity);
      driver.relay(freshCity, List.of("LOCAL_FEDERATION"), List.of());
      assertThat(deploymentOf(driver.unitInstance(freshId, "tdist1"))).isEqualTo(v2.getId());
      driver.study(freshCity, 20, false);
      assertThat(driver.task(freshCity, VersionTwo.TASK_PUBLICIZE)).as("v2's 宣讲 after study").isNotNull();
    } finally {
      repository.deleteDeployment(v2.getId(), true);
    }
  }

  private String deploymentOf(ProcessInstance pi) {
    return repository.getProcessDefinition(pi.getProcessDefinitionId()).getDeploymentId();
  }

  private ProcessDefinition latest(String key) {
    return repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().singleResult();
  }
}
