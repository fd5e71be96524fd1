package org.noticecascade.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.noticecascade.notice.NoticeProcess;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * What POST /api/notices and Tasklist's start form take, and what they refuse without creating anything:
 * <ul>
 *   <li>one issuer, one 文号, however its brackets, digits and spaces are typed (through the API, the start form,
 *       and in the database itself for registrations that race past the check);
 *   <li>a JSON body as sent or not at all: a field the API does not know is named rather than dropped, as is a
 *       value of the wrong type, while Camunda's own REST API keeps its own, lenient reading;
 *   <li>up to 3,000 units named by code (a generated directory of 3,001 units under 四川省总工会), kept in our tables
 *       rather than in a process variable, each of them reached; more, or unknown codes, refused briefly.
 * </ul>
 */
class NoticeIntegrityTest extends DemoApiOnPostgres {

  private static final String PREFIX = "scgen";
  private static final int LIMIT = 3000;

  @BeforeEach
  void directory() {
    importGeneratedUnits(PREFIX, LIMIT + 1);
  }

  // 文号

  @Test
  void variantsOfAUsedDocNumberAreRefusedThroughTheApi() {
    ResponseEntity<JsonNode> first = as("scclerk").postForEntity("/api/notices", notice(" 川工发〔2026〕9002号 "),
        JsonNode.class);
    assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    long id = first.getBody().get("id").asLong();
    // shown as typed, less the stray spaces around it
    assertThat(as("scclerk").getForObject("/api/notices/" + id, JsonNode.class).get("docNumber").asText())
        .isEqualTo("川工发〔2026〕9002号");

    int before = notices();
    long processes = noticeProcesses();
    for (String variant : new String[] {"川工发[2026]9002号", "川工发〔２０２６〕９００２号", "川工发［2026］9002号",
        "川工发【2026】9002号", "川工发 〔2026〕 9002 号", "川工发〔2026〕9002号"}) {
      ResponseEntity<JsonNode> again = as("scclerk").postForEntity("/api/notices", notice(variant), JsonNode.class);
      assertThat(again.getStatusCode()).as(variant).isEqualTo(HttpStatus.CONFLICT);
      assertThat(again.getBody().get("errors").findValuesAsText("field")).as(variant).containsExactly("docNumber");
      assertThat(again.getBody().get("detail").asText()).as(variant).startsWith("文号：").contains("川工发〔2026〕9002号");
    }
    assertThat(notices()).isEqualTo(before);
    assertThat(noticeProcesses()).isEqualTo(processes);

    // another issuer may use the same number: 文号 are unique per issuing unit
    Map<String, Object> chengdu = notice("川工发[2026]9002号");
    chengdu.put("issuerUnit", "sccd");
    chengdu.put("addresseeKinds", List.of("LOCAL_FEDERATION"));
    assertThat(as("sccdclerk").postForEntity("/api/notices", chengdu, JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
  }

  @Test
  void variantsOfAUsedDocNumberAreRefusedThroughTasklistsStartForm() {
    assertThat(as("scclerk").postForEntity("/api/notices", notice("川工发〔2026〕9003号"), JsonNode.class)
        .getStatusCode()).isEqualTo(HttpStatus.CREATED);
    int before = notices();
    long processes = noticeProcesses();
    for (String variant : new String[] {"川工发[2026]9003号", "川工发【２０２６】９００３号"}) {
      ResponseEntity<JsonNode> r = submitStartForm("scclerk", variant, "sccd");
      assertThat(r.getStatusCode()).as(variant).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(r.getBody().get("message").asText()).as(variant).contains("文号", "川工发〔2026〕9003号");
    }
    assertThat(notices()).isEqualTo(before);
    assertThat(noticeProcesses()).isEqualTo(processes);
    // a number of its own goes through the same form
    assertThat(submitStartForm("scclerk", "川工发[2026]9004号", "sccd").getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(notices()).isEqualTo(before + 1);
  }

  /** Two registrations that both passed the check cannot both be stored: the key is unique per issuer. */
  @Test
  void theDatabaseKeepsOneNoticePerIssuerAndKey() {
    assertThat(as("scclerk").postForEntity("/api/notices", notice("川工发[2026] 9005号"), JsonNode.class)
        .getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(jdbc.queryForObject("select doc_number_key from notice where doc_number = '川工发[2026] 9005号'",
        String.class)).isEqualTo("川工发〔2026〕9005号");
    int before = notices();
    assertThatThrownBy(() -> jdbc.update("insert into notice (doc_number, doc_number_key, title, issuer_unit,"
        + " issued_on, summary, report_due_date, cascade_to_grassroots, sign_off_required, status, created_at)"
        + " values ('川工发〔2026〕9005号', '川工发〔2026〕9005号', '抢先', 'sc', ?, '摘要', ?, false, false,"
        + " 'DISPATCHED', ?)", LocalDate.now(), LocalDate.now().plusDays(20), Timestamp.valueOf(LocalDateTime.now())))
        .isInstanceOf(DuplicateKeyException.class);
    assertThat(notices()).isEqualTo(before);
  }

  // JSON bodies

  private ResponseEntity<JsonNode> post(String json) {
    HttpHeaders h = new HttpHeaders();
    h.setContentType(MediaType.APPLICATION_JSON);
    return as("scclerk").postForEntity("/api/notices", new HttpEntity<>(json, h), JsonNode.class);
  }

  private static List<String> fields(ResponseEntity<JsonNode> r) {
    return r.getBody().get("errors").findValuesAsText("field");
  }

  /** The body is refused (400) with one problem, of the field named, saying so. */
  private void refused(String json, String field, String detail) {
    ResponseEntity<JsonNode> r = post(json);
    assertThat(r.getStatusCode()).as(json).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(fields(r)).as(json).containsExactly(field);
    assertThat(r.getBody().get("detail").asText()).as(json).contains(detail);
  }

  @Test
  void unknownFieldsAreRefusedAndNamedByOurApiOnly() {
    int before = notices();
    long processes = noticeProcesses();
    Map<String, Object> n = notice("川工发〔2026〕9101号");
    n.put("reportKinds", List.of("LOCAL_FEDERATION"));
    n.put("titel", "拼错的字段");
    ResponseEntity<JsonNode> r = as("scclerk").postForEntity("/api/notices", n, JsonNode.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(r.getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(fields(r)).containsExactlyInAnyOrder("reportKinds", "titel");
    assertThat(r.getBody().get("detail").asText()).contains("reportKinds：本接口没有这个字段", "titel：本接口没有这个字段");
    assertThat(notices()).isEqualTo(before);
    assertThat(noticeProcesses()).isEqualTo(processes);

    // Tasklist's calls go to Camunda's REST API, whose reading is Camunda's and stays as lenient as it was
    HttpHeaders h = new HttpHeaders();
    h.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<JsonNode> engine = as("scclerk").postForEntity("/engine-rest/task/count",
        new HttpEntity<>("{\"candidateGroup\": \"sc\", \"someWebappField\": true}", h), JsonNode.class);
    assertThat(engine.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(engine.getBody().get("count").isNumber()).isTrue();
  }

  @Test
  void wrongTypesAndBrokenJsonAreRefusedNamingTheField() {
    int before = notices();
    String valid = "\"docNumber\": \"川工发〔2026〕9102号\", \"title\": \"标题\", \"issuerUnit\": \"sc\", \"summary\": \"摘要\","
        + " \"addresseeKinds\": [\"LOCAL_FEDERATION\"], \"reportDueWorkingDays\": 10";

    refused("{" + valid + ", \"issuedOn\": \"2026/11/30\"}", "issuedOn", "成文日期：日期格式应为 YYYY-MM-DD");
    refused("{" + valid + ", \"issuedOn\": \"2026-11-30\", \"cascadeToGrassroots\": \"也许\"}", "cascadeToGrassroots",
        "应为 true 或 false");
    refused("{" + valid + ", \"issuedOn\": \"2026-11-30\", \"addresseeUnits\": {\"a\": 1}}", "addresseeUnits",
        "主送单位（指定）：应为列表");
    refused("{" + valid + ", \"issuedOn\": ", "body", "不是有效的 JSON");
    assertThat(notices()).isEqualTo(before);
  }

  // named addressees

  private Map<String, Object> naming(String docNumber, List<String> codes) {
    Map<String, Object> n = notice(docNumber);
    n.remove("addresseeKinds");
    n.put("addresseeUnits", codes);
    return n;
  }

  @Test
  void aNoticeNamingThreeThousandUnitsReachesEachOfThem() {
    List<String> codes = generatedCodes(PREFIX, LIMIT);
    ResponseEntity<JsonNode> created = as("scclerk").postForEntity("/api/notices",
        naming("川工发〔2026〕9201号", codes), JsonNode.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    long id = created.getBody().get("id").asLong();
    String pi = created.getBody().get("processInstanceId").asText();

    List<String> stored = new ArrayList<>();
    as("scclerk").getForObject("/api/notices/" + id, JsonNode.class).get("addresseeUnits")
        .forEach(c -> stored.add(c.asText()));
    assertThat(stored).containsExactlyElementsOf(codes);
    // the list went to our tables only: no process variable holds it
    assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(pi)
        .variableName(NoticeProcess.ADDRESSEE_UNITS).count()).isZero();

    // the fan-out: one async step, then one call per addressee
    Job fanOut = engine.getManagementService().createJobQuery().processInstanceId(pi)
        .activityId(NoticeProcess.CALL_UNIT_CASCADE + "#multiInstanceBody").singleResult();
    engine.getManagementService().executeJob(fanOut.getId());
    assertThat(engine.getManagementService().createJobQuery().processInstanceId(pi)
        .activityId(NoticeProcess.CALL_UNIT_CASCADE).count()).isEqualTo(LIMIT);
  }

  @Test
  void moreThanThreeThousandOrUnknownUnitsAreRefusedBriefly() {
    int before = notices();
    long processes = noticeProcesses();

    ResponseEntity<JsonNode> tooMany = as("scclerk").postForEntity("/api/notices",
        naming("川工发〔2026〕9202号", generatedCodes(PREFIX, LIMIT + 1)), JsonNode.class);
    assertThat(tooMany.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(tooMany.getBody().get("errors").findValuesAsText("field")).containsExactly("addresseeUnits");
    assertThat(tooMany.getBody().get("detail").asText()).contains("最多指定 3000 个单位，现为 3001 个");

    List<String> someUnknown = new ArrayList<>(generatedCodes(PREFIX, LIMIT - 2));
    someUnknown.add("nosuch1");
    someUnknown.add("nosuch2");
    ResponseEntity<JsonNode> unknown = as("scclerk").postForEntity("/api/notices",
        naming("川工发〔2026〕9203号", someUnknown), JsonNode.class);
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(unknown.getBody().get("detail").asText()).isEqualTo("主送单位（指定）：单位 nosuch1、nosuch2 不存在");

    List<String> manyUnknown = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      manyUnknown.add("nosuchunit" + i);
    }
    ResponseEntity<JsonNode> many = as("scclerk").postForEntity("/api/notices",
        naming("川工发〔2026〕9204号", manyUnknown), JsonNode.class);
    assertThat(many.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    String detail = many.getBody().get("detail").asText();
    assertThat(detail).contains("nosuchunit0、", "nosuchunit19 等 500 个").doesNotContain("nosuchunit20");
    assertThat(detail.length()).isLessThan(600);

    assertThat(notices()).isEqualTo(before);
    assertThat(noticeProcesses()).isEqualTo(processes);
  }

  /** Tasklist's picker names units too, five hundred of them here (5,000 characters, past V1's column). */
  @Test
  void aStartFormNamingFiveHundredUnitsIsRegistered() {
    List<String> codes = generatedCodes(PREFIX, 500);
    assertThat(String.join(",", codes).length()).isGreaterThan(4000);
    int before = notices();
    ResponseEntity<JsonNode> r = submitStartForm("scclerk", "川工发〔2026〕9205号", String.join(",", codes));
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(notices()).isEqualTo(before + 1);
    long id = jdbc.queryForObject("select id from notice where doc_number = '川工发〔2026〕9205号'", Long.class);
    List<String> stored = new ArrayList<>();
    as("scclerk").getForObject("/api/notices/" + id, JsonNode.class).get("addresseeUnits")
        .forEach(c -> stored.add(c.asText()));
    assertThat(stored).containsExactlyElementsOf(codes);
  }

  /** 文号 optional below county level (V18 on PostgreSQL: any number of notices without one), required above. */
  @Test
  void aDistrictIssuesWithoutADocNumberAProvinceMayNot() {
    for (int i = 0; i < 2; i++) {
      Map<String, Object> n = notice(null);
      n.put("issuerUnit", "sccdjj");
      n.put("addresseeKinds", List.of("TOWNSHIP_FEDERATION"));
      ResponseEntity<JsonNode> r = as("sccdjjclerk").postForEntity("/api/notices", n, JsonNode.class);
      assertThat(r.getStatusCode()).as(r.toString()).isEqualTo(HttpStatus.CREATED);
      JsonNode created = as("sccdjjclerk").getForObject("/api/notices/" + r.getBody().get("id").asLong(), JsonNode.class);
      assertThat(created.path("docNumber").isNull() || created.path("docNumber").isMissingNode()).isTrue();
    }
    int before = notices();
    ResponseEntity<JsonNode> refused = as("scclerk").postForEntity("/api/notices", notice(" "), JsonNode.class);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody().get("errors").findValuesAsText("field")).containsExactly("docNumber");
    assertThat(notices()).isEqualTo(before);
    // with 签发 the province drafts without one: the 文号 comes after it (编号)
    Map<String, Object> toSign = notice(null);
    toSign.put("signOffRequired", true);
    assertThat(as("scclerk").postForEntity("/api/notices", toSign, JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
  }

  /** Tasklist opens the start form through the engine gate; the 主送 picker comes with the clerk's units in it. */
  @Test
  void theStartFormComesWithTheUnitsTheClerkMayAddress() {
    ResponseEntity<JsonNode> form = as("scclerk").getForEntity(
        "/engine-rest/process-definition/key/noticeIssue/deployed-start-form", JsonNode.class);
    assertThat(form.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode picker = null;
    for (JsonNode c : form.getBody().get("components")) {
      if ("addresseeUnits".equals(c.path("key").asText())) {
        picker = c;
      }
    }
    assertThat(picker).isNotNull();
    List<String> labels = picker.get("values").findValuesAsText("label");
    assertThat(picker.get("values").findValuesAsText("value")).contains("sccd", "scjy", "sccdjj").doesNotContain("sc", "yn");
    assertThat(labels).contains("成都市总工会", "四川省教育工会", "锦江区总工会（成都市总工会）");
    // another unit's clerk sees its own subordinates only
    JsonNode chengdu = as("sccdclerk").getForObject(
        "/engine-rest/process-definition/key/noticeIssue/deployed-start-form", JsonNode.class);
    assertThat(chengdu.toString()).contains("\"sccdjj\"").doesNotContain("\"scjy\"");
  }
}
