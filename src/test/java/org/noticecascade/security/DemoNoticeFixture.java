package org.noticecascade.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.BeforeEach;
import org.noticecascade.testing.CascadeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The demo org with one notice from 四川省总工会 to its 21 市（州）总工会, issued once and shared by the authorization
 * tests (one Spring context, one H2 database). Tests that change tasks use units the others do not look at.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.profiles.active=demo",
    "spring.datasource.url=jdbc:h2:mem:authzmatrix;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false"})
abstract class DemoNoticeFixture {

  @Autowired TestRestTemplate anonymous;
  @Autowired ProcessEngine engine;
  @Autowired JdbcTemplate jdbc;

  long noticeId;

  TestRestTemplate as(String user) {
    return anonymous.withBasicAuth(user, "demo");
  }

  @BeforeEach
  void issue() {
    if (jdbc.queryForObject("select count(*) from notice", Integer.class) > 0) {
      noticeId = jdbc.queryForObject("select min(id) from notice", Long.class);
      return;
    }
    var notice = Map.of("docNumber", "川工发〔2023〕43号", "title", "关于认真学习宣传贯彻的通知", "issuerUnit", "sc",
        "issuedOn", LocalDate.now().toString(), "summary", "请及时报告。", "addresseeKinds", List.of("LOCAL_FEDERATION"),
        "reportDueDate", CascadeDriver.dueDate().toString());
    // a city's clerk may not issue in the province's name
    assertThat(as("sccdclerk").postForEntity("/api/notices", notice, JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    var created = as("scclerk").postForEntity("/api/notices", notice, JsonNode.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    noticeId = created.getBody().get("id").asLong();
    new CascadeDriver(engine).runJobs();
  }

  String taskOf(String unit) {
    return engine.getTaskService().createTaskQuery().taskCandidateGroup(unit).singleResult().getId();
  }

  String instanceOf(String unit) {
    return engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(noticeId + "/" + unit)
        .singleResult().getId();
  }
}
