package org.noticecascade.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.noticecascade.security.WebappSession.ENGINE_API;
import static org.noticecascade.security.WebappSession.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.noticecascade.notice.NoticeProcess;
import org.noticecascade.testing.CascadeDriver;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The authorization matrix as Tasklist itself meets it: logged in through the webapp's login form, with the session
 * cookie and CSRF token, calling the webapp's engine API under /camunda/api/engine. Chengdu's 签收 task is the one
 * everybody tries; the clerks and the administrator who complete tasks use units nobody else looks at.
 */
class TasklistAuthorizationMatrixTest extends DemoNoticeFixture {

  // the shared Tasklist filters, by the names users see (web.TasklistFilters)
  private static final String UNIT_TASKS = "本单位待办";
  private static final String MY_TASKS = "我的待办";
  private static final String CLAIM = "{\"userId\": \"%s\"}";
  private static final String ACKNOWLEDGED = "{\"variables\": {\"acknowledgeNote\": {\"value\": \"%s\"}}}";

  private WebappSession login(String user) {
    return WebappSession.login(anonymous, user);
  }

  private String filter(String name) {
    return engine.getFilterService().createFilterQuery().filterName(name).singleResult().getId();
  }

  /** The ids in a filter's list as Tasklist shows it (HAL), after checking its count agrees. */
  private static List<String> listed(ResponseEntity<String> response) {
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode body = json(response);
    List<String> ids = new ArrayList<>();
    body.path("_embedded").path("task").forEach(t -> ids.add(t.get("id").asText()));
    assertThat(body.get("count").asInt()).isEqualTo(ids.size());
    return ids;
  }

  /** The variable columns Tasklist shows beside the first task of a filter's list (HAL), by name. */
  private static Map<String, String> columns(ResponseEntity<String> response) {
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    Map<String, String> columns = new HashMap<>();
    json(response).path("_embedded").path("task").path(0).path("_embedded").path("variable")
        .forEach(v -> columns.put(v.get("name").asText(), v.get("value").asText()));
    return columns;
  }

  private static List<String> ids(ResponseEntity<String> response) {
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    List<String> ids = new ArrayList<>();
    json(response).forEach(t -> ids.add(t.get("id").asText()));
    return ids;
  }

  private static int count(ResponseEntity<String> response) {
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    return json(response).get("count").asInt();
  }

  private Task task(String id) {
    return engine.getTaskService().createTaskQuery().taskId(id).singleResult();
  }

  private String status(String unit) {
    return jdbc.queryForObject("select status from cascade_unit where notice_id = ? and unit_code = ?", String.class,
        noticeId, unit);
  }

  /** Someone who may not work on Chengdu's task tries to claim, submit and complete it: 403 each, nothing moves. */
  private void cannotWorkOnChengdusTask(WebappSession session, String user) {
    String task = taskOf("sccd");
    assertThat(session.post(ENGINE_API + "/task/" + task + "/claim", CLAIM.formatted(user)).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(session.post(ENGINE_API + "/task/" + task + "/submit-form", ACKNOWLEDGED.formatted("代签"))
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(session.post(ENGINE_API + "/task/" + task + "/complete", "{\"variables\": {}}").getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(task(task).getAssignee()).isNull();
    assertThat(status("sccd")).isEqualTo("received");
  }

  @Test
  void anonymousCallersGet401AndChangeNothing() {
    WebappSession nobody = new WebappSession(anonymous);
    String task = taskOf("sccd");
    for (String path : List.of("/task", "/task/count", "/task/" + task, "/task/" + task + "/variables",
        "/task/" + task + "/form-variables", "/filter", "/process-instance/" + instanceOf("sccd"))) {
      assertThat(nobody.get(ENGINE_API + path).getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
    }
    assertThat(nobody.filterList(filter(UNIT_TASKS)).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    // refused as unknown before any CSRF check
    assertThat(nobody.post(ENGINE_API + "/task/" + task + "/claim", CLAIM.formatted("sccdclerk")).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(nobody.post(ENGINE_API + "/task/" + task + "/submit-form", ACKNOWLEDGED.formatted("匿名"))
        .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(task(task).getAssignee()).isNull();
    assertThat(status("sccd")).isEqualTo("received");
  }

  @Test
  void aClerkSeesTheirUnitsTaskInTasklistAndItsForm() {
    WebappSession chengdu = login("sccdclerk");
    String task = taskOf("sccd");
    assertThat(ids(chengdu.get(ENGINE_API + "/task"))).containsExactly(task);
    assertThat(count(chengdu.get(ENGINE_API + "/task/count"))).isEqualTo(1);
    assertThat(listed(chengdu.filterList(filter(UNIT_TASKS)))).containsExactly(task);
    // the list's columns (web.TasklistFilters): the engine embeds the instance's variables only for those who may
    // read the instance
    assertThat(columns(chengdu.filterList(filter(UNIT_TASKS)))).containsEntry("docNumber", "川工发〔2023〕43号")
        .containsEntry("title", "关于认真学习宣传贯彻的通知").containsEntry("unitName", "成都市总工会")
        .containsKey("reportDueDate");
    assertThat(listed(chengdu.filterList(filter(MY_TASKS)))).isEmpty();
    ResponseEntity<String> single = chengdu.get(ENGINE_API + "/task/" + task);
    assertThat(single.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(json(single).get("name").asText()).isEqualTo("签收通知");
    ResponseEntity<String> variables = chengdu.get(ENGINE_API + "/task/" + task + "/variables");
    assertThat(variables.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(json(variables).get("unitName").get("value").asText()).isEqualTo("成都市总工会");
    ResponseEntity<String> form = chengdu.get(ENGINE_API + "/task/" + task + "/form-variables");
    assertThat(form.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(json(form).get("docNumber").get("value").asText()).isEqualTo("川工发〔2023〕43号");
    // the clerks of the unit and of its superior (who reviews the report) read the instance; watching the others
    // below is for leaders
    assertThat(chengdu.get(ENGINE_API + "/process-instance/" + instanceOf("sccd")).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(login("scclerk").get(ENGINE_API + "/process-instance/" + instanceOf("sccd")).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(count(chengdu.get(ENGINE_API + "/process-instance/count?processDefinitionKey=unitCascade")))
        .isEqualTo(1);
    // the issuer's clerks collect the reports (汇总) in the notice's own instance; a receiving unit's do not read it
    String noticeInstance = engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey("noticeIssue")
        .processInstanceBusinessKey(String.valueOf(noticeId)).singleResult().getId();
    assertThat(login("scclerk").get(ENGINE_API + "/process-instance/" + noticeInstance).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(chengdu.get(ENGINE_API + "/process-instance/" + noticeInstance).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void aClerkClaimsAndCompletesTheirUnitsTaskWithItsForm() {
    WebappSession leshan = login("sclsclerk");
    String task = taskOf("scls");
    assertThat(leshan.post(ENGINE_API + "/task/" + task + "/claim", CLAIM.formatted("sclsclerk")).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(task(task).getAssignee()).isEqualTo("sclsclerk");
    assertThat(listed(leshan.filterList(filter(MY_TASKS)))).containsExactly(task);
    // what Tasklist submits for the 签收 form: every field, the read-only ones as they were shown
    JsonNode form = json(leshan.get(ENGINE_API + "/task/" + task + "/form-variables"));
    String submitted = "{\"variables\": {\"docNumber\": {\"value\": \"" + form.get("docNumber").get("value").asText()
        + "\"}, \"title\": {\"value\": \"" + form.get("title").get("value").asText()
        + "\"}, \"acknowledgeNote\": {\"value\": \"已签收，即组织学习\"}}}";
    assertThat(leshan.post(ENGINE_API + "/task/" + task + "/submit-form", submitted).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(task(task)).isNull();
    assertThat(status("scls")).isEqualTo("acknowledged");
    assertThat(ids(leshan.get(ENGINE_API + "/task"))).containsExactly(taskOf("scls")).doesNotContain(task);
  }

  @Test
  void aSiblingsClerkSeesNothingOfChengduAndCannotTouchIt() {
    WebappSession mianyang = login("scmyclerk");
    String task = taskOf("sccd");
    assertThat(ids(mianyang.get(ENGINE_API + "/task"))).containsExactly(taskOf("scmy"));
    assertThat(count(mianyang.get(ENGINE_API + "/task/count?candidateGroup=sccd"))).isZero();
    assertThat(ids(mianyang.get(ENGINE_API + "/task?candidateGroup=sccd"))).isEmpty();
    assertThat(listed(mianyang.filterList(filter(UNIT_TASKS)))).containsExactly(taskOf("scmy"));
    // a filter's query can be narrowed by the caller, never widened past the engine's grants
    assertThat(listed(mianyang.filterList(filter(UNIT_TASKS), "{\"candidateGroup\": \"sccd\"}")))
        .isEmpty();
    assertThat(mianyang.get(ENGINE_API + "/task/" + task).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(mianyang.get(ENGINE_API + "/task/" + task + "/variables").getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(mianyang.get(ENGINE_API + "/task/" + task + "/form-variables").getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(mianyang.get(ENGINE_API + "/process-instance/" + instanceOf("sccd")).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    cannotWorkOnChengdusTask(mianyang, "scmyclerk");
  }

  @Test
  void theProvincesLeaderWatchesTheSubtreesInstancesAndWorksOnlyOnTheNoticesTracking() {
    WebappSession province = login("scleader");
    String task = taskOf("sccd");
    // the issuer's standing 通知办理跟踪 (立即汇总 / 办结通知) is its clerks' and leaders'; no unit's task is theirs
    List<String> own = ids(province.get(ENGINE_API + "/task"));
    assertThat(own).hasSize(1);
    assertThat(engine.getTaskService().createTaskQuery().taskId(own.get(0)).singleResult().getTaskDefinitionKey())
        .isEqualTo(NoticeProcess.TASK_TRACK);
    assertThat(count(province.get(ENGINE_API + "/task/count"))).isEqualTo(1);
    assertThat(province.get(ENGINE_API + "/task/" + task).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(province.get(ENGINE_API + "/task/" + task + "/form-variables").getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    ResponseEntity<String> instance = province.get(ENGINE_API + "/process-instance/" + instanceOf("sccd"));
    assertThat(instance.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(json(instance).get("businessKey").asText()).isEqualTo(noticeId + "/sccd");
    assertThat(count(province.get(ENGINE_API + "/process-instance/count?processDefinitionKey=unitCascade")))
        .isEqualTo(21);
    cannotWorkOnChengdusTask(province, "scleader");
  }

  @Test
  void anotherProvincesLeaderSeesNothingAndWorksOnNothing() {
    WebappSession yunnan = login("ynleader");
    assertThat(ids(yunnan.get(ENGINE_API + "/task"))).isEmpty();
    assertThat(listed(yunnan.filterList(filter(UNIT_TASKS)))).isEmpty();
    assertThat(yunnan.get(ENGINE_API + "/task/" + taskOf("sccd")).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(yunnan.get(ENGINE_API + "/process-instance/" + instanceOf("sccd")).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(count(yunnan.get(ENGINE_API + "/process-instance/count"))).isZero();
    cannotWorkOnChengdusTask(yunnan, "ynleader");
  }

  @Test
  void anAdministratorSeesEverythingAndMayClaimAndComplete() {
    WebappSession admin = login("admin");
    // 21 units' 签收通知 and the issuer's 通知办理跟踪
    assertThat(count(admin.get(ENGINE_API + "/task/count"))).isEqualTo(22);
    assertThat(admin.get(ENGINE_API + "/task/" + taskOf("sccd") + "/form-variables").getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(admin.get(ENGINE_API + "/process-instance/" + instanceOf("sccd")).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    String task = taskOf("scnc");
    assertThat(admin.post(ENGINE_API + "/task/" + task + "/claim", CLAIM.formatted("admin")).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(admin.post(ENGINE_API + "/task/" + task + "/submit-form", ACKNOWLEDGED.formatted("代为签收"))
        .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(task(task)).isNull();
    assertThat(status("scnc")).isEqualTo("acknowledged");
  }

  @Test
  void aClerkCannotRewriteWhatTheEngineHandedDownNorHandTheTaskOn() {
    WebappSession ziyang = login("sczyclerk");
    String task = taskOf("sczy");
    // a submission carries its form's fields only: 资阳 tries to acknowledge in 甘孜's name, then to review its own
    // report
    assertThat(ziyang.post(ENGINE_API + "/task/" + task + "/submit-form",
        "{\"variables\": {\"acknowledgeNote\": {\"value\": \"x\"}, \"unitCode\": {\"value\": \"scgz\"}}}")
        .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(ziyang.post(ENGINE_API + "/task/" + task + "/complete",
        "{\"variables\": {\"superiorCode\": {\"value\": \"sczy\"}}}").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    // nor set a variable of the task outside a completion
    assertThat(ziyang.post(ENGINE_API + "/task/" + task + "/variables",
        "{\"modifications\": {\"superiorCode\": {\"value\": \"sczy\"}}}").getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(engine.getRuntimeService().getVariable(instanceOf("sczy"), "superiorCode")).isEqualTo("sc");
    // nor hand the task to another unit, which would then see it
    assertThat(ziyang.post(ENGINE_API + "/task/" + task + "/identity-links",
        "{\"groupId\": \"scgz\", \"type\": \"candidate\"}").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(ziyang.post(ENGINE_API + "/task/" + task + "/assignee", CLAIM.formatted("scgzclerk")).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(engine.getTaskService().getIdentityLinksForTask(task)).extracting(l -> l.getGroupId())
        .containsExactly("sczy");
    assertThat(task(task).getAssignee()).isNull();
    assertThat(task(task)).isNotNull();
    assertThat(status("sczy")).isEqualTo("received");
    assertThat(status("scgz")).isEqualTo("received");
    assertThat(ziyang.post(ENGINE_API + "/task/" + task + "/submit-form", ACKNOWLEDGED.formatted("已签收"))
        .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(status("sczy")).isEqualTo("acknowledged");
    assertThat(status("scgz")).isEqualTo("received");
  }

  @Test
  void aStartFormCannotNameAnotherUserAsTheIssuer() {
    WebappSession chengdu = login("sccdclerk");
    int before = jdbc.queryForObject("select count(*) from notice", Integer.class);
    // Tasklist's start form, as a Chengdu clerk fills it in the province's name, then adds a variable of its own
    String start = "{\"variables\": {\"docNumber\": {\"value\": \"成工发〔2099〕%d号\"}, \"issuedOn\": {\"value\": \""
        + LocalDate.now() + "\"}, \"title\": {\"value\": \"冒名发文\"}, \"issuerUnit\": {\"value\": \"sc\"},"
        + " \"summary\": {\"value\": \"请报告。\"}, \"addresseeUnits\": {\"value\": \"[\\\"scgz\\\"]\", \"type\": \"Json\"}, \"reportDueDate\":"
        + " {\"value\": \"" + CascadeDriver.dueDate() + "\"}, \"cascadeToGrassroots\": {\"value\": false},"
        + " \"signOffRequired\": {\"value\": false}%s}}";
    List<String> extras = List.of("", ", \"initiator\": {\"value\": \"scclerk\"}", ", \"initiator\": {\"value\": null}");
    for (int i = 0; i < extras.size(); i++) {
      ResponseEntity<String> r = chengdu.post(ENGINE_API + "/process-definition/key/noticeIssue/submit-form",
          start.formatted(i + 1, extras.get(i)));
      assertThat(r.getStatusCode()).as(extras.get(i)).isEqualTo(HttpStatus.BAD_REQUEST);
      // the start form has no field "initiator": naming one is refused before anything runs
      assertThat(json(r).get("message").asText())
          .contains(extras.get(i).isEmpty() ? "您不是发文单位 sc 的经办人" : "initiator：表单中没有此项");
    }
    assertThat(jdbc.queryForObject("select count(*) from notice", Integer.class)).isEqualTo(before);
  }
}
