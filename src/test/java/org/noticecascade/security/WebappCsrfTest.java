package org.noticecascade.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.noticecascade.security.WebappSession.ENGINE_API;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.noticecascade.testing.CascadeDriver;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * CSRF protection stays on for the webapps: Camunda's CsrfPreventionFilter wants the session's token in the
 * X-XSRF-TOKEN header of every state-changing call. Without it, or with another one, the call is refused with 403,
 * the session is ended, and the engine is untouched; with it the same call goes through. 宜宾's 签收 task is used.
 */
class WebappCsrfTest extends DemoNoticeFixture {

  private static final String CLAIM = "{\"userId\": \"scybclerk\"}";
  private static final String ACKNOWLEDGED = "{\"variables\": {\"acknowledgeNote\": {\"value\": \"已签收\"}}}";

  private String assignee(String task) {
    return engine.getTaskService().createTaskQuery().taskId(task).singleResult().getAssignee();
  }

  private String yibinsStatus() {
    return jdbc.queryForObject("select status from cascade_unit where notice_id = ? and unit_code = 'scyb'",
        String.class, noticeId);
  }

  /** Refused by the CSRF filter: 403, and the session it came with no longer answers. */
  private static void refused(WebappSession session, ResponseEntity<String> response) {
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(session.get(ENGINE_API + "/task/count").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void theTokenComesWithTheFirstReadAndEvenTheLoginFormWantsIt() {
    WebappSession browser = new WebappSession(anonymous);
    ResponseEntity<String> first = browser.get("/camunda/api/engine/engine/");
    assertThat(first.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(browser.csrfToken()).isNotBlank().isEqualTo(first.getHeaders().getFirst("X-XSRF-TOKEN"));
    assertThat(first.getHeaders().get("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("XSRF-TOKEN=")
        .contains("Path=/camunda").contains("SameSite=Lax"));
    // a login form posted from elsewhere (no token) is refused before the password is even looked at
    ResponseEntity<String> login = new WebappSession(anonymous).post(
        "/camunda/api/admin/auth/user/default/login/tasklist", "{}", null);
    assertThat(login.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(login.getHeaders().getFirst("X-XSRF-TOKEN")).isEqualTo("Required");
  }

  @Test
  void aClaimOrCompletionWithoutTheRightTokenIsRefusedAndChangesNothing() {
    String task = taskOf("scyb");
    String claim = ENGINE_API + "/task/" + task + "/claim";

    WebappSession noToken = WebappSession.login(anonymous, "scybclerk");
    ResponseEntity<String> missing = noToken.post(claim, CLAIM, null);
    assertThat(missing.getHeaders().getFirst("X-XSRF-TOKEN")).as(missing.getStatusCode() + " " + missing.getBody())
        .isEqualTo("Required");
    refused(noToken, missing);
    assertThat(assignee(task)).isNull();

    WebappSession wrongToken = WebappSession.login(anonymous, "scybclerk");
    refused(wrongToken, wrongToken.post(claim, CLAIM, "0123456789ABCDEF0123456789ABCDEF"));
    assertThat(assignee(task)).isNull();

    // the same user's token from another session does not count either
    WebappSession other = WebappSession.login(anonymous, "scybclerk");
    WebappSession borrowed = WebappSession.login(anonymous, "scybclerk");
    refused(borrowed, borrowed.post(claim, CLAIM, other.csrfToken()));
    assertThat(assignee(task)).isNull();

    WebappSession browser = WebappSession.login(anonymous, "scybclerk");
    assertThat(browser.post(claim, CLAIM).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(assignee(task)).isEqualTo("scybclerk");

    String submit = ENGINE_API + "/task/" + task + "/submit-form";
    refused(browser, browser.post(submit, ACKNOWLEDGED, null));
    assertThat(assignee(task)).isEqualTo("scybclerk");
    assertThat(yibinsStatus()).isEqualTo("received");

    WebappSession again = WebappSession.login(anonymous, "scybclerk");
    assertThat(again.post(submit, ACKNOWLEDGED).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(engine.getTaskService().createTaskQuery().taskId(task).count()).isZero();
    assertThat(yibinsStatus()).isEqualTo("acknowledged");
  }

  @Test
  void ourApiTakesNoChangeOnTheWebappSessionEvenWithTheToken() {
    WebappSession browser = WebappSession.login(anonymous, "scclerk");
    int before = jdbc.queryForObject("select count(*) from notice", Integer.class);
    // reading with the session is fine; a change needs HTTP Basic, which another site's page cannot send
    assertThat(browser.get("/api/notices").getStatusCode()).isEqualTo(HttpStatus.OK);
    String notice = "{\"docNumber\": \"川工发〔2099〕9号\", \"title\": \"借会话发文\", \"issuerUnit\": \"sc\","
        + " \"issuedOn\": \"" + LocalDate.now() + "\", \"summary\": \"请报告。\", \"addresseeKinds\": [\"LOCAL_FEDERATION\"],"
        + " \"reportDueDate\": \"" + CascadeDriver.dueDate() + "\"}";
    ResponseEntity<String> r = browser.post("/api/notices", notice);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(jdbc.queryForObject("select count(*) from notice", Integer.class)).isEqualTo(before);
  }
}
