package org.noticecascade.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Version 2 of the process set, the worked example of docs/designers.md: unitCascade gets a 宣讲 task after
 * 学习贯彻 (Task_Publicize, form publicize), 报告落实情况 is renamed 报告学习宣讲落实情况 (in the task and in its form's
 * heading) and the join Gateway_RelayJoin becomes Gateway_SubordinatesJoin. Deployed as a designer must: every
 * process and every form in one deployment, since call activities and forms bind to their own deployment.
 */
public final class VersionTwo {

  public static final String TASK_PUBLICIZE = "Task_Publicize";
  public static final String OLD_JOIN = "Gateway_RelayJoin";
  public static final String NEW_JOIN = "Gateway_SubordinatesJoin";
  public static final String REPORT_NAME = "报告学习宣讲落实情况";
  /** The v2 report form's heading: a migrated report task showing it reads its form from the v2 deployment. */
  public static final String REPORT_FORM_HEADING = "### 报告学习宣讲落实情况";

  private VersionTwo() {
  }

  public static Deployment deploy(RepositoryService repository) {
    DeploymentBuilder d = repository.createDeployment().name("通知传达流程 v2（宣讲）")
        .addClasspathResource("processes/noticeIssue.bpmn")
        .addClasspathResource("processes/unitRead.bpmn")
        .addInputStream("processes/unitCascade.bpmn", stream("migration/v2/unitCascade.bpmn"))
        .addInputStream("forms/publicize.form", stream("migration/v2/publicize.form"));
    try {
      for (Resource form : new PathMatchingResourcePatternResolver().getResources("classpath*:forms/*.form")) {
        String name = "forms/" + form.getFilename();
        String text = new String(form.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (name.equals("forms/report.form")) {
          text = reportFormV2(text);
        }
        d.addString(name, text);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return d.deploy();
  }

  private static String reportFormV2(String v1) {
    String heading = "### 报告落实情况";
    if (!v1.contains(heading)) {
      throw new IllegalStateException("forms/report.form has no heading " + heading);
    }
    return v1.replace(heading, REPORT_FORM_HEADING);
  }

  private static InputStream stream(String resource) {
    InputStream in = VersionTwo.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("no resource " + resource);
    }
    return in;
  }
}
