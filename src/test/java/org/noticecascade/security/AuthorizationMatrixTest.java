package org.noticecascade.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Who sees and does what, through Camunda's REST API, on the demo org: 四川省总工会 issues a notice to its 21
 * 市（州）总工会. A clerk sees and completes only their unit's tasks; a sibling's clerk sees nothing of it, not even
 * the count; the province's leader sees the instances below it but completes no task; Yunnan's leader sees none
 * of them; an administrator sees everything.
 */
class AuthorizationMatrixTest extends DemoNoticeFixture {

  private JsonNode tasks(String user) {
    return as(user).getForObject("/engine-rest/task", JsonNode.class);
  }

  @Test
  void aClerkSeesOnlyTheirOwnUnitsTasks() {
    JsonNode chengdu = tasks("sccdclerk");
    assertThat(chengdu).hasSize(1);
    assertThat(chengdu.get(0).get("name").asText()).isEqualTo("签收通知");
    assertThat(chengdu.get(0).get("id").asText()).isEqualTo(taskOf("sccd"));
    // a sibling sees its own task only, and not even the count of Chengdu's
    assertThat(tasks("scmyclerk")).extracting(t -> t.get("id").asText()).containsExactly(taskOf("scmy"));
    assertThat(as("scmyclerk").getForObject("/engine-rest/task/count?candidateGroup=sccd", JsonNode.class)
        .get("count").asInt()).isZero();
    // a district below has nothing until Chengdu relays
    assertThat(tasks("sccdjjclerk")).isEmpty();
    // 21 units' 签收通知 and the issuer's standing 通知办理跟踪
    assertThat(as("admin").getForObject("/engine-rest/task/count", JsonNode.class).get("count").asInt()).isEqualTo(22);
  }

  @Test
  void onlyTheUnitsClerkCompletesItsTask() {
    String task = taskOf("sczg");
    HttpHeaders h = new HttpHeaders();
    h.setContentType(MediaType.APPLICATION_JSON);
    HttpEntity<String> body = new HttpEntity<>("{\"variables\": {}}", h);
    assertThat(as("scmyclerk").exchange("/engine-rest/task/" + task + "/complete", HttpMethod.POST, body, String.class)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(as("scleader").exchange("/engine-rest/task/" + task + "/complete", HttpMethod.POST, body, String.class)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(as("sczgclerk").exchange("/engine-rest/task/" + task + "/complete", HttpMethod.POST, body, String.class)
        .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(jdbc.queryForObject("select status from cascade_unit where notice_id = ? and unit_code = 'sczg'",
        String.class, noticeId)).isEqualTo("acknowledged");
  }

  @Test
  void leadersSeeTheirSubtreesInstancesAndNoOneElses() {
    String chengdu = instanceOf("sccd");
    assertThat(as("scleader").getForEntity("/engine-rest/process-instance/" + chengdu + "/variables", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(as("scleader").getForObject("/engine-rest/process-instance/count?processDefinitionKey=unitCascade",
        JsonNode.class).get("count").asInt()).isEqualTo(21);
    assertThat(as("sccdleader").getForObject("/engine-rest/process-instance/count?processDefinitionKey=unitCascade",
        JsonNode.class).get("count").asInt()).isEqualTo(1);
    assertThat(as("ynleader").getForObject("/engine-rest/process-instance/count", JsonNode.class).get("count").asInt())
        .isZero();
    assertThat(as("ynleader").getForEntity("/engine-rest/process-instance/" + chengdu + "/variables", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(as("scmyclerk").getForEntity("/engine-rest/process-instance/" + chengdu + "/variables", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void taskFormValuesAreCheckedOnTheServerWhenSubmittedThroughRest() {
    HttpHeaders h = new HttpHeaders();
    h.setContentType(MediaType.APPLICATION_JSON);
    TestRestTemplate deyang = as("scdyclerk");
    String ack = taskOf("scdy");
    assertThat(deyang.exchange("/engine-rest/task/" + ack + "/submit-form", HttpMethod.POST,
        new HttpEntity<>("{\"variables\": {}}", h), String.class).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    String study = taskOf("scdy");
    String today = LocalDate.now().toString();
    var negative = deyang.exchange("/engine-rest/task/" + study + "/submit-form", HttpMethod.POST, new HttpEntity<>(
        "{\"variables\": {\"studyForm\": {\"value\": \"seminar\"}, \"studyDate\": {\"value\": \"" + today
            + "\"}, \"participants\": {\"value\": -3}, \"studySummary\": {\"value\": \"学习\"}}}", h), JsonNode.class);
    assertThat(negative.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(negative.getBody().get("message").asText()).contains("参加人数：不能为负数");
    var wrongType = deyang.exchange("/engine-rest/task/" + study + "/submit-form", HttpMethod.POST, new HttpEntity<>(
        "{\"variables\": {\"studyForm\": {\"value\": \"seminar\"}, \"studyDate\": {\"value\": \"" + today
            + "\"}, \"participants\": {\"value\": \"三十\"}}}", h), JsonNode.class);
    assertThat(wrongType.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(wrongType.getBody().get("message").asText()).contains("参加人数：应为数字", "活动情况：必填");
    // the task is still open, nothing was recorded
    assertThat(taskOf("scdy")).isEqualTo(study);
    assertThat(jdbc.queryForObject("select count(*) from study_activity where notice_id = ? and unit_code = 'scdy'",
        Integer.class, noticeId)).isZero();
    assertThat(jdbc.queryForObject("select status from cascade_unit where notice_id = ? and unit_code = 'scdy'",
        String.class, noticeId)).isEqualTo("acknowledged");
  }

  @Test
  void ourApiShowsEachUserOnlyTheirOwnSubtree() {
    String notice = "/api/notices/" + noticeId;
    // the issuing province's clerk and leader see the whole cascade
    assertThat(as("scclerk").getForObject(notice + "/progress", JsonNode.class).get("totals").get("reached").asInt())
        .isEqualTo(21);
    assertThat(as("scleader").getForObject(notice + "/progress", JsonNode.class).get("units")).hasSize(21);
    // a city's clerk sees the notice and its own part of the cascade, not its siblings' nor the province's
    assertThat(as("sccdclerk").getForEntity(notice, String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode chengdu = as("sccdclerk").getForObject(notice + "/progress", JsonNode.class);
    assertThat(chengdu.get("rootUnit").asText()).isEqualTo("sccd");
    assertThat(chengdu.get("units")).extracting(u -> u.get("unitCode").asText()).containsExactly("sccd");
    assertThat(as("sccdclerk").getForEntity(notice + "/progress?unit=scmy", String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(as("sccdclerk").getForEntity(notice + "/progress?unit=sc", String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(as("sccdclerk").getForObject("/api/notices", JsonNode.class)).hasSize(1);
    // another province sees nothing of it
    assertThat(as("ynleader").getForObject("/api/notices", JsonNode.class)).isEmpty();
    assertThat(as("ynleader").getForEntity(notice, String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(as("ynleader").getForEntity(notice + "/progress", String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(as("ynclerk").getForEntity(notice + "/progress?unit=sccd", String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    // a unit below Chengdu that the notice has not reached yet sees nothing either
    assertThat(as("sccdjjclerk").getForEntity(notice, String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(as("admin").getForObject(notice + "/progress", JsonNode.class).get("units")).hasSize(21);
  }
}
