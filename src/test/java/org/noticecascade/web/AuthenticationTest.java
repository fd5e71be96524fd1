package org.noticecascade.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.noticecascade.testing.SharedApplication;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Nothing answers an anonymous caller: our API and Camunda's REST API want a login; health stays open. */
@SharedApplication
class AuthenticationTest {

  /**
   * A user of this test's own: a wrong password locks the user's logins for a few seconds, and the other tests of the
   * shared application log in as {@link ApiUsers#USER}.
   */
  private static final String USER = "authtester";

  @Autowired TestRestTemplate anonymous;
  @Autowired ProcessEngine engine;

  @ParameterizedTest
  @ValueSource(strings = {"/api/notices", "/api/units", "/api/notices/1/progress", "/engine-rest/task",
      "/engine-rest/process-instance", "/engine-rest/user"})
  void anonymousCallersGet401(String path) {
    ResponseEntity<String> r = anonymous.getForEntity(path, String.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(r.getHeaders().containsKey("WWW-Authenticate")).isFalse();
  }

  @Test
  void anonymousPostCreatesNothing() {
    ResponseEntity<String> r = anonymous.postForEntity("/api/notices", Map.of("docNumber", "x"), String.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(r.getBody()).contains("请先登录");
  }

  @Test
  void aWrongPasswordIsRefusedAndTheRightOneAccepted() {
    TestRestTemplate user = ApiUsers.login(anonymous, engine, USER);
    assertThat(user.getForEntity("/api/units", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(user.getForEntity("/engine-rest/task", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    // (Camunda throttles a user's logins for a few seconds after a wrong password, so the right one goes first)
    assertThat(anonymous.withBasicAuth(USER, "wrong").getForEntity("/api/units", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(anonymous.withBasicAuth(USER, "wrong").getForEntity("/engine-rest/task", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void healthAnswersAnonymouslyAndNothingElseOfActuatorDoes() {
    assertThat(anonymous.getForEntity("/actuator/health", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    // metrics want a login (monitoring.MonitoringTest), and what is not exposed is not there for anyone
    assertThat(anonymous.getForEntity("/actuator/prometheus", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(anonymous.getForEntity("/actuator/env", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }
}
