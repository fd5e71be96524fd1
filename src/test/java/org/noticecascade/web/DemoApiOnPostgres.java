package org.noticecascade.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.EmbeddedPostgresConfig;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The demo org and logins (every password "demo") on a real PostgreSQL, over real HTTP, with the job executor off
 * so a test runs the jobs it wants. The tests of a class share its context; each uses its own 文号 and units. Closed
 * after the class, in order (engine, pool, then database), not in a race with the database's own exit hook.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.profiles.active=demo",
    "camunda.bpm.job-execution.enabled=false"})
@Import(EmbeddedPostgresConfig.class)
@DirtiesContext
public abstract class DemoApiOnPostgres {

  @Autowired protected TestRestTemplate anonymous;
  @Autowired protected JdbcTemplate jdbc;
  @Autowired protected ProcessEngine engine;

  protected TestRestTemplate as(String user) {
    return anonymous.withBasicAuth(user, "demo");
  }

  protected int count(String sql, Object... args) {
    return jdbc.queryForObject(sql, Integer.class, args);
  }

  protected int notices() {
    return count("select count(*) from notice");
  }

  /** Issues started, whether or not they got as far as a notice. */
  protected long noticeProcesses() {
    return engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey("noticeIssue").count();
  }

  /** A notice of 四川省总工会 to its 市（州）总工会, as POST /api/notices takes it. */
  protected static Map<String, Object> notice(String docNumber) {
    Map<String, Object> n = new HashMap<>();
    n.put("docNumber", docNumber);
    n.put("title", "关于认真学习宣传贯彻的通知");
    n.put("issuerUnit", "sc");
    n.put("issuedOn", LocalDate.now().toString());
    n.put("summary", "学习宣传贯彻情况要及时报告省总工会办公室。");
    n.put("addresseeKinds", List.of("LOCAL_FEDERATION"));
    n.put("reportDueDate", CascadeDriver.dueDate().toString());
    return n;
  }

  /**
   * The same notice as Tasklist's start form submits it (through Camunda's REST API, as the clerk): the 主送 picker
   * (a taglist) as a Json list of the codes given comma-separated here.
   */
  protected ResponseEntity<JsonNode> submitStartForm(String user, String docNumber, String addresseeUnits) {
    String units = CascadeDriver.json(List.of(addresseeUnits.split(","))).replace("\"", "\\\"");
    String body = """
        {"variables": {"docNumber": {"value": "%s"}, "title": {"value": "关于认真学习宣传贯彻的通知"},
         "issuedOn": {"value": "%s"}, "summary": {"value": "请报告。"},
         "addresseeUnits": {"value": "%s", "type": "Json"},
         "reportDueDate": {"value": "%s"}, "cascadeToGrassroots": {"value": false},
         "signOffRequired": {"value": false}}}""".formatted(docNumber, LocalDate.now(), units,
        CascadeDriver.dueDate());
    HttpHeaders h = new HttpHeaders();
    h.setContentType(MediaType.APPLICATION_JSON);
    return as(user).postForEntity("/engine-rest/process-definition/key/noticeIssue/submit-form",
        new HttpEntity<>(body, h), JsonNode.class);
  }

  protected ResponseEntity<JsonNode> postCsv(TestRestTemplate who, byte[] csv) {
    HttpHeaders h = new HttpHeaders();
    h.setContentType(MediaType.parseMediaType("text/csv"));
    return who.postForEntity("/api/units/import", new HttpEntity<>(csv, h), JsonNode.class);
  }

  /**
   * {@code count} units {@code <prefix>0001 …} under a new unit {@code prefix} of 四川省总工会, made up so a test can
   * name thousands of real addressees.
   */
  protected void importGeneratedUnits(String prefix, int count) {
    if (count("select count(*) from unit where code = ?", prefix) > 0) {
      return;
    }
    StringBuilder csv = new StringBuilder("code,name,kind,parentCode\n");
    csv.append(prefix).append(",生成的测试总工会,LOCAL_FEDERATION,sc\n");
    for (String code : generatedCodes(prefix, count)) {
      csv.append(code).append(",生成的测试单位").append(code).append(",AFFILIATED_UNIT,").append(prefix).append('\n');
    }
    ResponseEntity<JsonNode> r = postCsv(as("admin"), csv.toString().getBytes(StandardCharsets.UTF_8));
    if (!r.getStatusCode().is2xxSuccessful()) {
      throw new IllegalStateException("the generated directory was not imported: " + r.getBody());
    }
  }

  protected static List<String> generatedCodes(String prefix, int count) {
    List<String> codes = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      codes.add(prefix + String.format("%04d", i));
    }
    return codes;
  }
}
