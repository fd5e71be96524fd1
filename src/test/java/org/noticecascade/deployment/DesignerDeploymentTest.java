package org.noticecascade.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.EngineTestContext;
import org.noticecascade.web.ApiUsers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * A designer deploys through /engine-rest as Modeler and scripts/deploy.sh do (real HTTP, H2): a good change becomes
 * the version new notices start on and stays so across a start-up deployment; a broken one is refused with its
 * reasons and deploys nothing; clerks and leaders may not deploy; an unchanged set makes no new version. A database
 * of its own: the versions it deploys would otherwise be the ones other tests start.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.profiles.active=test",
    "spring.datasource.url=jdbc:h2:mem:designers;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false"})
class DesignerDeploymentTest {

  private static final String PASSWORD = "Designer-test-1";

  @Autowired TestRestTemplate anonymous;
  @Autowired ProcessEngine engine;
  @Autowired CamundaBpmProperties camunda;
  @Autowired JdbcTemplate jdbc;

  @BeforeEach
  void users() {
    if (jdbc.queryForObject("select count(*) from unit where code = 'tprov'", Integer.class) == 0) {
      HttpHeaders h = new HttpHeaders();
      h.setContentType(MediaType.parseMediaType("text/csv"));
      assertThat(ApiUsers.admin(anonymous, engine).postForEntity("/api/units/import",
          new HttpEntity<>(EngineTestContext.ORG_CSV.getBytes(StandardCharsets.UTF_8), h), String.class)
          .getStatusCode()).isEqualTo(HttpStatus.OK);
    }
    user("tdesigner", "designers");
    user("tclerk", "tprov");
    user("tleader", "tprovleaders");
  }

  private void user(String id, String group) {
    IdentityService identity = engine.getIdentityService();
    if (identity.createUserQuery().userId(id).count() == 0) {
      var u = identity.newUser(id);
      u.setPassword(PASSWORD);
      identity.saveUser(u);
    }
    if (identity.createGroupQuery().groupId(group).count() == 0) {
      identity.saveGroup(identity.newGroup(group));
    }
    if (identity.createUserQuery().userId(id).memberOfGroup(group).count() == 0) {
      identity.createMembership(id, group);
    }
  }

  /** processes/ and forms/ as in the repository, by file name, each open to a change. */
  private static Map<String, String> shippedSet() throws IOException {
    Map<String, String> files = new TreeMap<>();
    for (String dir : List.of("processes", "forms")) {
      try (Stream<Path> paths = Files.list(Path.of(dir))) {
        for (Path p : paths.toList()) {
          files.put(p.getFileName().toString(), Files.readString(p));
        }
      }
    }
    return files;
  }

  private static Map<String, String> changed(String file, UnaryOperator<String> change) throws IOException {
    Map<String, String> files = shippedSet();
    String before = files.get(file);
    String after = change.apply(before);
    assertThat(after).as("the test's change to " + file).isNotEqualTo(before);
    files.put(file, after);
    return files;
  }

  private ResponseEntity<JsonNode> deploy(String user, Map<String, String> files) {
    MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
    body.add("deployment-name", StartupDeployment.NAME);
    body.add("deployment-source", "scripts/deploy.sh");
    body.add("enable-duplicate-filtering", "true");
    files.forEach((name, text) -> body.add(name, new ByteArrayResource(text.getBytes(StandardCharsets.UTF_8)) {
      @Override
      public String getFilename() {
        return name;
      }
    }));
    HttpHeaders h = new HttpHeaders();
    h.setContentType(MediaType.MULTIPART_FORM_DATA);
    return anonymous.withBasicAuth(user, PASSWORD).postForEntity("/engine-rest/deployment/create",
        new HttpEntity<>(body, h), JsonNode.class);
  }

  private long deployments() {
    return engine.getRepositoryService().createDeploymentQuery().count();
  }

  private ProcessDefinition latest(String key) {
    return engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(key).latestVersion()
        .singleResult();
  }

  private String startNotice(String docNumber) {
    Map<String, Object> n = Map.of("docNumber", docNumber, "title", "关于做好流程新版本试运行工作的通知",
        "issuerUnit", "tprov", "issuedOn", java.time.LocalDate.now().toString(), "summary", "请各单位按新流程办理。",
        "addresseeKinds", List.of("LOCAL_FEDERATION"), "reportDueDate", CascadeDriver.dueDate().toString(),
        "cascadeToGrassroots", true);
    ResponseEntity<JsonNode> created = anonymous.withBasicAuth("tclerk", PASSWORD)
        .postForEntity("/api/notices", n, JsonNode.class);
    assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
    return created.getBody().get("processInstanceId").asText();
  }

  @Test
  void aGoodChangeIsTheVersionNewNoticesUseEvenAfterTheStartUpDeployment() throws IOException {
    ProcessDefinition before = latest("noticeIssue");
    // a task renamed, and a new 宣讲 task after 学习贯彻 that reuses the shipped expressions and forms
    Map<String, String> files = changed("noticeIssue.bpmn",
        s -> s.replace("name=\"通知办理跟踪\"", "name=\"通知办理跟踪（试行）\""));
    files.put("unitCascade.bpmn", withOutreachTask(files.get("unitCascade.bpmn")));
    ResponseEntity<JsonNode> r = deploy("tdesigner", files);

    assertThat(r.getStatusCode()).as(String.valueOf(r.getBody())).isEqualTo(HttpStatus.OK);
    String deploymentId = r.getBody().get("id").asText();
    ProcessDefinition now = latest("noticeIssue");
    assertThat(now.getVersion()).isEqualTo(before.getVersion() + 1);
    assertThat(now.getDeploymentId()).isEqualTo(deploymentId);
    // the whole set is one deployment: the called processes and the forms came with it
    assertThat(latest("unitCascade").getDeploymentId()).isEqualTo(deploymentId);
    assertThat(engine.getRepositoryService().getDeploymentResourceNames(deploymentId)).contains("noticeTrack.form",
        "unitRead.bpmn");

    ProcessInstance notice = engine.getRuntimeService().createProcessInstanceQuery()
        .processInstanceId(startNotice("测工发〔2026〕1号")).singleResult();
    assertThat(notice.getProcessDefinitionId()).isEqualTo(now.getId());

    // a restart: the shipped set was deployed at the first start, so it is not put back on top of the designer's
    assertThat(StartupDeployment.deployIfNew(engine.getRepositoryService(),
        ProcessSet.fromClasspath(camunda.getDeploymentResourcePattern()))).isNull();
    assertThat(latest("noticeIssue").getId()).isEqualTo(now.getId());
    ProcessInstance next = engine.getRuntimeService().createProcessInstanceQuery()
        .processInstanceId(startNotice("测工发〔2026〕2号")).singleResult();
    assertThat(next.getProcessDefinitionId()).isEqualTo(now.getId());
  }

  private static String withOutreachTask(String unitCascade) {
    String changed = unitCascade
        .replace("<bpmn:incoming>Flow_StudyDone</bpmn:incoming>", "<bpmn:incoming>Flow_FromOutreach</bpmn:incoming>")
        .replace("id=\"Flow_StudyDone\" name=\"完成\" sourceRef=\"Gateway_MoreStudy\" targetRef=\"Gateway_StudyDone\"",
            "id=\"Flow_StudyDone\" name=\"完成\" sourceRef=\"Gateway_MoreStudy\" targetRef=\"Task_Outreach\"")
        .replace("</bpmn:process>", """
            <bpmn:userTask id="Task_Outreach" name="宣讲" camunda:formRef="study" camunda:formRefBinding="deployment" \
            camunda:candidateGroups="${taskGroups.of(unitCode)}">
              <bpmn:incoming>Flow_StudyDone</bpmn:incoming>
              <bpmn:outgoing>Flow_FromOutreach</bpmn:outgoing>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="Flow_FromOutreach" sourceRef="Task_Outreach" targetRef="Gateway_StudyDone" />
            </bpmn:process>""");
    assertThat(changed).contains("targetRef=\"Task_Outreach\"");
    return changed;
  }

  @Test
  void aSetThatBringsNewCodeIsRefused() throws IOException {
    Map<String, String> files = changed("unitRead.bpmn", s -> s.replace("camunda:candidateGroups=\"${taskGroups.of(unitCode)}\"",
        "camunda:candidateGroups=\"${execution.processEngineServices.identityService.createGroupQuery().list()}\""));
    assertRefused(files, "unitRead.bpmn", "Task_Read", "不是本系统流程已有的表达式");

    files = changed("unitRead.bpmn", s -> s.replace("<bpmn:serviceTask id=\"Task_ReceiveCopy\"",
        "<bpmn:scriptTask id=\"Task_Script\" scriptFormat=\"javascript\"><bpmn:script>1</bpmn:script></bpmn:scriptTask>"
            + "<bpmn:serviceTask id=\"Task_ReceiveCopy\""));
    assertRefused(files, "unitRead.bpmn", null, "含有脚本任务");

    // written with character references, the engine reads an expression all the same
    files = changed("unitRead.bpmn", s -> s.replace("camunda:candidateGroups=\"${taskGroups.of(unitCode)}\"",
        "camunda:candidateGroups=\"&#36;&#123;execution.processEngine}\""));
    assertRefused(files, "unitRead.bpmn", "Task_Read", "${execution.processEngine}");

    // a process of another key would run by itself from a timer start event: its code is checked too
    files = shippedSet();
    files.put("extra.bpmn", """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:c="http://camunda.org/schema/1.0/bpmn" id="Defs_extra" targetNamespace="http://example.org">
          <bpmn:process id="extraProcess" isExecutable="true" c:historyTimeToLive="1">
            <bpmn:startEvent id="Start_Extra"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>
            <bpmn:sequenceFlow id="Flow_Extra" sourceRef="Start_Extra" targetRef="Task_Extra" />
            <bpmn:serviceTask id="Task_Extra" c:class="org.example.Anything" />
          </bpmn:process>
        </bpmn:definitions>""".strip());
    assertRefused(files, "extra.bpmn", null, "camunda:class（org.example.Anything）");
  }

  @Test
  void aNewReleaseIsDeployedAtItsFirstStartAndNeverAgain() {
    // a release whose shipped set changed: its first start deploys it, later starts do not
    Map<String, byte[]> files = new TreeMap<>(ProcessSet.fromClasspath(camunda.getDeploymentResourcePattern()).files());
    files.put("unitRead.bpmn", new String(files.get("unitRead.bpmn"), StandardCharsets.UTF_8)
        .replace("name=\"阅知通知\"", "name=\"阅知通知（新发布）\"").getBytes(StandardCharsets.UTF_8));
    ProcessSet release = new ProcessSet(files);

    Deployment first = StartupDeployment.deployIfNew(engine.getRepositoryService(), release);

    assertThat(first).isNotNull();
    assertThat(first.getName()).isEqualTo(StartupDeployment.NAME);
    assertThat(latest("unitRead").getDeploymentId()).isEqualTo(first.getId());
    assertThat(latest("noticeIssue").getDeploymentId()).isEqualTo(first.getId());
    long deployments = deployments();
    assertThat(StartupDeployment.deployIfNew(engine.getRepositoryService(), release)).isNull();
    assertThat(deployments()).isEqualTo(deployments);
  }

  @Test
  void aSetMissingAnIdTheCodeReliesOnIsRefusedWithTheReason() throws IOException {
    assertRefused(changed("noticeIssue.bpmn", s -> s.replace("\"Task_Track\"", "\"Task_Following\"")),
        "noticeIssue.bpmn", "Task_Track", "缺少元素 Task_Track");
  }

  @Test
  void aSetWithoutATasksFormIsRefusedWithTheReason() throws IOException {
    Map<String, String> files = shippedSet();
    files.remove("noticeTrack.form");
    assertRefused(files, "noticeIssue.bpmn", "Task_Track", "表单 noticeTrack 不在本次部署中");
  }

  @Test
  void aSetMissingAListenerIsRefusedWithTheReason() throws IOException {
    assertRefused(changed("unitCascade.bpmn",
            s -> s.replace("<camunda:taskListener delegateExpression=\"${acknowledgeListener}\" event=\"create\" />",
                "")),
        "unitCascade.bpmn", "Task_Acknowledge", "缺少任务监听器（create）${acknowledgeListener}");
  }

  @Test
  void aSetWhoseTasksGoToOtherGroupsIsRefused() throws IOException {
    Map<String, String> files = changed("unitCascade.bpmn",
        s -> s.replace("camunda:formRef=\"acknowledge\" camunda:formRefBinding=\"deployment\" "
            + "camunda:candidateGroups=\"${taskGroups.of(unitCode)}\"",
            "camunda:formRef=\"acknowledge\" camunda:formRefBinding=\"deployment\" camunda:candidateGroups=\"tprov\""));
    assertRefused(files, "unitCascade.bpmn", "Task_Acknowledge", "候选组");
  }

  private void assertRefused(Map<String, String> files, String resource, String elementId, String reason) {
    long before = deployments();
    ResponseEntity<JsonNode> r = deploy("tdesigner", files);

    assertThat(r.getStatusCode()).as(String.valueOf(r.getBody())).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(r.getBody().get("message").asText()).startsWith("部署被拒绝").contains(reason);
    JsonNode errors = r.getBody().get("details").get(resource).get("errors");
    assertThat(errors).isNotEmpty();
    if (elementId != null) {
      assertThat(errors.findValuesAsText("mainElementId")).contains(elementId);
    }
    assertThat(deployments()).isEqualTo(before);
  }

  @Test
  void clerksAndLeadersMayNotDeployAndDesignersMayDoNothingElse() throws IOException {
    long before = deployments();
    Map<String, String> files = changed("noticeIssue.bpmn", s -> s.replace("name=\"通知办理跟踪\"", "name=\"跟踪\""));

    for (String user : List.of("tclerk", "tleader")) {
      ResponseEntity<JsonNode> r = deploy(user, files);
      assertThat(r.getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(r.getBody().get("message").asText()).contains("流程设计人员");
    }
    assertThat(deployments()).isEqualTo(before);
    // Modeler checks its connection by listing deployments: designers may, and may change nothing else
    assertThat(anonymous.withBasicAuth("tdesigner", PASSWORD)
        .getForEntity("/engine-rest/deployment?maxResults=1", JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(anonymous.withBasicAuth("tdesigner", PASSWORD).postForEntity("/engine-rest/process-definition/key/"
        + "noticeIssue/start", Map.of(), JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(anonymous.withBasicAuth("tdesigner", PASSWORD).exchange("/engine-rest/deployment/" + latest("noticeIssue")
        .getDeploymentId(), org.springframework.http.HttpMethod.DELETE, null, JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(deployments()).isEqualTo(before);
  }

  @Test
  void theSameSetTwiceMakesNoNewVersion() throws IOException {
    Map<String, String> files = changed("unitRead.bpmn", s -> s.replaceFirst("name=\"阅知通知\"", "name=\"阅知\""));
    assertThat(deploy("tdesigner", files).getStatusCode()).isEqualTo(HttpStatus.OK);
    long deployments = deployments();
    int version = latest("unitRead").getVersion();

    ResponseEntity<JsonNode> again = deploy("tdesigner", files);

    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(deployments()).isEqualTo(deployments);
    assertThat(latest("unitRead").getVersion()).isEqualTo(version);
  }
}
