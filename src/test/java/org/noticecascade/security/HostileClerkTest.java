package org.noticecascade.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.noticecascade.security.WebappSession.ENGINE_API;
import static org.noticecascade.security.WebappSession.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.noticecascade.testing.CascadeDriver;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A clerk who wants to forge, skip or silence the cascade, with an ordinary demo login, through Camunda's REST API
 * (HTTP Basic at /engine-rest) and through the webapps' own engine API (session and CSRF token, as Tasklist calls
 * it). Each attack is refused with 4xx, never 5xx, and each test then checks that nothing changed. 泸州, 攀枝花, 遂宁,
 * 内江 and 广安 are this class's units; the other authorization tests do not look at them.
 */
class HostileClerkTest extends DemoNoticeFixture {

  private ResponseEntity<String> send(TestRestTemplate http, HttpMethod method, String path, String json) {
    HttpHeaders h = new HttpHeaders();
    h.setContentType(MediaType.APPLICATION_JSON);
    return http.exchange(path, method, new HttpEntity<>(json, h), String.class);
  }

  private ResponseEntity<String> post(String user, String path, String json) {
    return send(as(user), HttpMethod.POST, path, json);
  }

  private static void refused(ResponseEntity<String> r, HttpStatus status, String what) {
    assertThat(r.getStatusCode()).as(what + ": " + r.getBody()).isEqualTo(status);
  }

  private String status(String unit) {
    return jdbc.queryForObject("select status from cascade_unit where notice_id = ? and unit_code = ?", String.class,
        noticeId, unit);
  }

  private Object variable(String unit, String name) {
    return engine.getRuntimeService().getVariable(instanceOf(unit), name);
  }

  @Test
  void aClerkCannotStartANoticePartWayWithMadeUpVariables() {
    // 四川's clerk drafts a notice that waits for its leader's 签发
    var draft = Map.of("docNumber", "川工发〔2026〕9101号", "title", "须经签发的通知", "issuerUnit", "sc",
        "issuedOn", LocalDate.now().toString(), "summary", "请学习。", "addresseeUnits", List.of("sclz"),
        "reportDueDate", CascadeDriver.dueDate().toString(), "signOffRequired", true);
    ResponseEntity<JsonNode> created = as("scclerk").postForEntity("/api/notices", draft, JsonNode.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    long waiting = created.getBody().get("id").asLong();
    String forged = "{\"businessKey\": \"" + waiting + "\", \"startInstructions\": [{\"type\": \"startBeforeActivity\","
        + " \"activityId\": \"%s\"}], \"variables\": {\"noticeId\": {\"value\": " + waiting + ", \"type\": \"Long\"},"
        + " \"title\": {\"value\": \"伪造的标题\"}, \"issuerUnit\": {\"value\": \"sc\"}, \"reportDueDate\": {\"value\": \""
        + CascadeDriver.dueDate() + "\"}}}";
    for (String activity : List.of("Task_Dispatch", "Task_Summary", "End_NoticeClosed")) {
      refused(post("ynclerk", "/engine-rest/process-definition/key/noticeIssue/start", forged.formatted(activity)),
          HttpStatus.FORBIDDEN, activity);
    }
    // the same through the webapps' door, and without instructions but with variables the start form lacks
    WebappSession yunnan = WebappSession.login(anonymous, "ynclerk");
    refused(yunnan.post(ENGINE_API + "/process-definition/key/noticeIssue/start", forged.formatted("Task_Dispatch")),
        HttpStatus.FORBIDDEN, "webapp start");
    refused(yunnan.post(ENGINE_API + "/process-definition/key/noticeIssue/submit-form",
        "{\"variables\": {\"noticeId\": {\"value\": " + waiting + ", \"type\": \"Long\"}}}"), HttpStatus.BAD_REQUEST,
        "start form with a variable it lacks");
    assertThat(jdbc.queryForObject("select status from notice where id = ?", String.class, waiting))
        .isEqualTo("AWAITING_SIGN_OFF");
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKeyLike(waiting + "/%")
        .count()).isZero();
    assertThat(jdbc.queryForObject("select count(*) from cascade_unit where notice_id = ?", Integer.class, waiting))
        .isZero();
  }

  @Test
  void aCompletionCannotCarryTheSystemsFactsOrChangeWhatTheFormShows() {
    String task = taskOf("sclz");
    Object title = variable("sclz", "title");
    Object due = variable("sclz", "reportDueDate");
    String forged = "{\"variables\": {\"acknowledgeNote\": {\"value\": \"已签收\"}, \"title\": {\"value\": \"伪造的标题\"},"
        + " \"reportDueDate\": {\"value\": \"2099-12-31\"}, \"reportSubmitted\": {\"value\": true},"
        + " \"markOverdueDelegate\": {\"value\": \"x\"}}}";
    for (String door : List.of("/complete", "/submit-form")) {
      ResponseEntity<String> r = post("sclzclerk", "/engine-rest/task/" + task + door, forged);
      refused(r, HttpStatus.BAD_REQUEST, door);
      assertThat(json(r).get("message").asText()).contains("通知标题：为只读项，不能修改", "报告截止日期：为只读项，不能修改",
          "reportSubmitted：表单中没有此项", "markOverdueDelegate：表单中没有此项");
    }
    WebappSession luzhou = WebappSession.login(anonymous, "sclzclerk");
    refused(luzhou.post(ENGINE_API + "/task/" + task + "/submit-form", forged), HttpStatus.BAD_REQUEST, "Tasklist");
    // too long for the form, and a whole number past the form's maximum
    String note = "{\"variables\": {\"acknowledgeNote\": {\"value\": \"" + "注".repeat(2001) + "\"}}}";
    refused(post("sclzclerk", "/engine-rest/task/" + task + "/submit-form", note), HttpStatus.BAD_REQUEST, "long note");
    assertThat(taskOf("sclz")).isEqualTo(task);
    assertThat(status("sclz")).isEqualTo("received");
    assertThat(variable("sclz", "title")).isEqualTo(title);
    assertThat(variable("sclz", "reportDueDate")).isEqualTo(due);
    assertThat(variable("sclz", "reportSubmitted")).isEqualTo(false);
    assertThat(variable("sclz", "markOverdueDelegate")).isNull();
  }

  @Test
  void aClerkCannotEndItsInstanceWithABpmnErrorNorRewriteOrModifyIt() {
    String task = taskOf("scpzh");
    String instance = instanceOf("scpzh");
    List<String[]> attacks = new ArrayList<>();
    attacks.add(new String[] {"POST", "/task/" + task + "/bpmnError", "{\"errorCode\": \"x\"}"});
    attacks.add(new String[] {"POST", "/task/" + task + "/bpmnEscalation", "{\"escalationCode\": \"x\"}"});
    attacks.add(new String[] {"POST", "/task/" + task + "/variables",
        "{\"modifications\": {\"reportSubmitted\": {\"value\": true}}}"});
    attacks.add(new String[] {"PUT", "/task/" + task + "/variables/reportSubmitted", "{\"value\": true}"});
    attacks.add(new String[] {"PUT", "/task/" + task + "/localVariables/title", "{\"value\": \"伪造\"}"});
    attacks.add(new String[] {"PUT", "/process-instance/" + instance + "/variables/reportDueDate",
        "{\"value\": \"2099-12-31\"}"});
    attacks.add(new String[] {"POST", "/process-instance/" + instance + "/modification",
        "{\"instructions\": [{\"type\": \"startBeforeActivity\", \"activityId\": \"End_UnitDone\"}]}"});
    attacks.add(new String[] {"DELETE", "/process-instance/" + instance, null});
    attacks.add(new String[] {"POST", "/task/" + task + "/delegate", "{\"userId\": \"ynclerk\"}"});
    attacks.add(new String[] {"POST", "/task/" + task + "/identity-links", "{\"groupId\": \"yn\", \"type\": \"candidate\"}"});
    attacks.add(new String[] {"PUT", "/task/" + task, "{\"name\": \"改名\", \"due\": null}"});
    attacks.add(new String[] {"POST", "/message", "{\"messageName\": \"x\"}"});
    attacks.add(new String[] {"POST", "/signal", "{\"name\": \"x\"}"});
    attacks.add(new String[] {"POST", "/deployment/create", ""});
    attacks.add(new String[] {"GET", "/metrics/activity-instance-start/sum", null});
    attacks.add(new String[] {"POST", "/execution/" + instance + "/localVariables",
        "{\"modifications\": {\"x\": {\"value\": 1}}}"});
    WebappSession panzhihua = WebappSession.login(anonymous, "scpzhclerk");
    for (String[] a : attacks) {
      ResponseEntity<String> rest = send(as("scpzhclerk"), HttpMethod.valueOf(a[0]), "/engine-rest" + a[1], a[2]);
      refused(rest, HttpStatus.FORBIDDEN, a[0] + " /engine-rest" + a[1]);
      if ("POST".equals(a[0])) {
        refused(panzhihua.post(ENGINE_API + a[1], a[2] == null ? "{}" : a[2]), HttpStatus.FORBIDDEN, "webapp " + a[1]);
      }
    }
    ProcessInstance still = engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(instance)
        .singleResult();
    assertThat(still).isNotNull();
    assertThat(taskOf("scpzh")).isEqualTo(task);
    assertThat(status("scpzh")).isEqualTo("received");
    assertThat(variable("scpzh", "reportSubmitted")).isEqualTo(false);
    assertThat(engine.getTaskService().createTaskQuery().taskId(task).singleResult().getName()).isEqualTo("签收通知");
    assertThat(engine.getTaskService().getIdentityLinksForTask(task)).extracting(l -> l.getGroupId())
        .containsExactly("scpzh");
  }

  @Test
  void aTaskIsClaimedOnlyForSomeoneOfItsUnit() {
    String task = taskOf("scsn");
    refused(post("scsnclerk", "/engine-rest/task/" + task + "/claim", "{\"userId\": \"ynclerk\"}"),
        HttpStatus.FORBIDDEN, "claim for an outsider");
    refused(post("scsnclerk", "/engine-rest/task/" + task + "/assignee", "{\"userId\": \"ynclerk\"}"),
        HttpStatus.FORBIDDEN, "assign to an outsider");
    assertThat(engine.getTaskService().createTaskQuery().taskId(task).singleResult().getAssignee()).isNull();
    assertThat(as("ynclerk").getForEntity("/engine-rest/task/" + task, String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    // for oneself it works, as Tasklist's claim button does
    assertThat(post("scsnclerk", "/engine-rest/task/" + task + "/claim", "{\"userId\": \"scsnclerk\"}")
        .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(engine.getTaskService().createTaskQuery().taskId(task).singleResult().getAssignee())
        .isEqualTo("scsnclerk");
  }

  @Test
  void aClerkSeesThePeopleItWorksWithNotTheCountrysAndTestsNoOnesPassword() {
    refused(post("scnjclerk", "/engine-rest/identity/verify", "{\"username\": \"admin\", \"password\": \"demo\"}"),
        HttpStatus.FORBIDDEN, "verify");
    WebappSession neijiang = WebappSession.login(anonymous, "scnjclerk");
    refused(neijiang.post(ENGINE_API + "/identity/verify", "{\"username\": \"admin\", \"password\": \"demo\"}"),
        HttpStatus.FORBIDDEN, "webapp verify");
    List<String> seen = new ArrayList<>();
    as("scnjclerk").getForObject("/engine-rest/user?maxResults=1000", JsonNode.class)
        .forEach(u -> seen.add(u.get("id").asText()));
    // its own unit, its superior 四川, not a sibling city, not 云南, not the administrator
    assertThat(seen).contains("scnjclerk", "scclerk", "scleader").doesNotContain("sccdclerk", "ynclerk", "admin");
    assertThat(as("scnjclerk").getForObject("/engine-rest/user/count", JsonNode.class).get("count").asInt())
        .isEqualTo(seen.size());
    assertThat(as("scnjclerk").getForObject("/engine-rest/user?idIn=ynclerk,scclerk", JsonNode.class))
        .extracting(u -> u.get("id").asText()).containsExactly("scclerk");
    assertThat(as("scnjclerk").getForEntity("/engine-rest/user/ynclerk/profile", String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(as("scnjclerk").getForEntity("/engine-rest/user/scclerk/profile", String.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(as("scnjclerk").getForEntity("/engine-rest/identity/groups?userId=ynclerk", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    // the province's clerk sees its cities' people; an administrator sees everyone
    assertThat(as("scclerk").getForObject("/engine-rest/user?idIn=scnjclerk,ynclerk", JsonNode.class))
        .extracting(u -> u.get("id").asText()).containsExactly("scnjclerk");
    assertThat(as("admin").getForObject("/engine-rest/user?idIn=scnjclerk,ynclerk", JsonNode.class)).hasSize(2);
  }

  @Test
  void whatTasklistNeedsStillWorksForAClerk() {
    String task = taskOf("scga");
    WebappSession guangan = WebappSession.login(anonymous, "scgaclerk");
    for (String path : List.of("/task/" + task, "/task/" + task + "/form-variables", "/task/" + task + "/deployed-form",
        "/task/" + task + "/identity-links", "/filter?resourceType=Task",
        "/process-definition?latest=true&startableInTasklist=true", "/user/scgaclerk/profile",
        "/history/user-operation?taskId=" + task)) {
      assertThat(guangan.get(ENGINE_API + path).getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
    }
    assertThat(as("scgaclerk").exchange("/engine-rest/filter", HttpMethod.OPTIONS, null, String.class)
        .getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(guangan.post(ENGINE_API + "/task/" + task + "/submit-form",
        "{\"variables\": {\"acknowledgeNote\": {\"value\": \"已签收\"}, \"title\": {\"value\": \""
            + variable("scga", "title") + "\"}}}").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(status("scga")).isEqualTo("acknowledged");
  }

  @Test
  void tooLongATextAnswers400NeverA500EvenForAnAdministrator() {
    String instance = instanceOf("scga");
    String tooLong = "{\"value\": \"" + "长".repeat(20_001) + "\", \"type\": \"String\"}";
    ResponseEntity<String> r = send(as("admin"), HttpMethod.PUT,
        "/engine-rest/process-instance/" + instance + "/variables/note", tooLong);
    refused(r, HttpStatus.BAD_REQUEST, "a 20,001-character variable");
    assertThat(json(r).get("message").asText()).contains("note：不得超过 20000 个字");
    assertThat(engine.getRuntimeService().getVariable(instance, "note")).isNull();
  }

  @Test
  void theOrgTreeIsTheAdministratorsAndNotFromAnotherSite() {
    String demoteChengdu = "code,name,kind,parentCode\nsccd,成都市总工会,GRASSROOTS_UNION,sc\n";
    HttpHeaders csv = new HttpHeaders();
    csv.setContentType(MediaType.parseMediaType("text/csv;charset=UTF-8"));
    refused(as("sccdjjclerk").exchange("/api/units/import", HttpMethod.POST, new HttpEntity<>(demoteChengdu, csv),
        String.class), HttpStatus.FORBIDDEN, "import by a grassroots clerk");
    // the administrator's password, typed once into a browser, sent by another site's page
    csv.set("Origin", "http://evil.example");
    refused(as("admin").exchange("/api/units/import", HttpMethod.POST, new HttpEntity<>(demoteChengdu, csv),
        String.class), HttpStatus.FORBIDDEN, "cross-site import");
    assertThat(jdbc.queryForObject("select kind from unit where code = 'sccd'", String.class))
        .isEqualTo("LOCAL_FEDERATION");
  }

  @Test
  void aNoticeTakesEveryTextUpToItsFormsLimitAndNoSecondNumberInDisguise() {
    String summary = "通".repeat(4_001);
    var notice = new java.util.HashMap<String, Object>(Map.of("docNumber", "川工发〔2026〕9201号", "title", "长摘要的通知",
        "issuerUnit", "sc", "issuedOn", LocalDate.now().toString(), "summary", summary,
        "addresseeUnits", List.of("scbz"), "reportDueDate", CascadeDriver.dueDate().toString()));
    ResponseEntity<JsonNode> created = as("scclerk").postForEntity("/api/notices", notice, JsonNode.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(jdbc.queryForObject("select summary from notice where id = ?", String.class,
        created.getBody().get("id").asLong())).isEqualTo(summary);
    notice.put("summary", "通".repeat(20_001));
    notice.put("docNumber", "川工发〔2026〕9202号");
    refused(send(as("scclerk"), HttpMethod.POST, "/api/notices", body(notice)), HttpStatus.BAD_REQUEST, "20,001");
    int before = jdbc.queryForObject("select count(*) from notice", Integer.class);
    for (String variant : List.of("川工发[2026]9201号", "川工发〔２０２６〕９２０１号", "川工发 【2026】 9201号")) {
      notice.put("summary", "请学习。");
      notice.put("docNumber", variant);
      ResponseEntity<String> r = send(as("scclerk"), HttpMethod.POST, "/api/notices", body(notice));
      assertThat(r.getStatusCode().is4xxClientError()).as(variant + ": " + r.getBody()).isTrue();
    }
    notice.put("docNumber", "川工发〔2026〕9203号");
    notice.put("reportKinds", List.of("LOCAL_FEDERATION"));
    refused(send(as("scclerk"), HttpMethod.POST, "/api/notices", body(notice)), HttpStatus.BAD_REQUEST,
        "a field the API does not know");
    assertThat(jdbc.queryForObject("select count(*) from notice", Integer.class)).isEqualTo(before);
  }

  private static String body(Object value) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** 拟稿 → 签发 → 编号 → 印发 through Tasklist's doors: the 文号 is the clerk's to give after 签发, once. */
  @Test
  void afterSignOffTheIssuersClerkNumbersTheNoticeAndATakenNumberLeavesTheTaskOpen() {
    assertThat(as("scclerk").postForEntity("/api/notices", Map.of("docNumber", "川工发〔2026〕9120号", "title", "已用文号",
        "issuerUnit", "sc", "issuedOn", LocalDate.now().toString(), "summary", "请学习。", "addresseeUnits",
        List.of("sclz"), "reportDueDate", CascadeDriver.dueDate().toString()), JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    ResponseEntity<JsonNode> created = as("scclerk").postForEntity("/api/notices", Map.of("title", "先签发后编号",
        "issuerUnit", "sc", "issuedOn", LocalDate.now().toString(), "summary", "请学习。", "addresseeUnits",
        List.of("sclz"), "reportDueDate", CascadeDriver.dueDate().toString(), "signOffRequired", true), JsonNode.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    long id = created.getBody().get("id").asLong();
    String pi = created.getBody().get("processInstanceId").asText();
    var tasks = engine.getTaskService();
    String signOff = tasks.createTaskQuery().processInstanceId(pi).taskDefinitionKey("Task_SignOff").singleResult().getId();
    refused(post("scleader", "/engine-rest/task/" + signOff + "/complete",
        "{\"variables\": {\"signOffDecision\": {\"value\": \"approve\"}}}"), HttpStatus.NO_CONTENT, "签发");
    String number = tasks.createTaskQuery().processInstanceId(pi).taskDefinitionKey("Task_AssignDocNumber")
        .singleResult().getId();
    assertThat(tasks.getIdentityLinksForTask(number)).extracting(l -> l.getGroupId()).containsExactly("sc");
    assertThat(jdbc.queryForObject("select status from notice where id = ?", String.class, id))
        .isEqualTo("AWAITING_DOC_NUMBER");
    // the leader signs, the clerks number: another unit's clerk cannot
    refused(post("sclzclerk", "/engine-rest/task/" + number + "/complete",
        "{\"variables\": {\"docNumber\": {\"value\": \"川工发〔2026〕9121号\"}}}"), HttpStatus.FORBIDDEN, "other unit");
    ResponseEntity<String> taken = post("scclerk", "/engine-rest/task/" + number + "/complete",
        "{\"variables\": {\"docNumber\": {\"value\": \"川工发[2026]9120号\"}}}");
    refused(taken, HttpStatus.BAD_REQUEST, "taken 文号");
    assertThat(json(taken).get("message").asText()).contains("与本单位已使用的文号 川工发〔2026〕9120号 相同");
    assertThat(tasks.createTaskQuery().taskId(number).count()).isOne();
    assertThat(jdbc.queryForObject("select doc_number from notice where id = ?", String.class, id)).isNull();
    refused(post("scclerk", "/engine-rest/task/" + number + "/complete",
        "{\"variables\": {\"docNumber\": {\"value\": \"川工发〔2026〕9121号\"}}}"), HttpStatus.NO_CONTENT, "free 文号");
    assertThat(jdbc.queryForObject("select doc_number from notice where id = ?", String.class, id))
        .isEqualTo("川工发〔2026〕9121号");
    assertThat(jdbc.queryForObject("select status from notice where id = ?", String.class, id)).isEqualTo("DISPATCHED");
  }
}
