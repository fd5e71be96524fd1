package org.noticecascade.form;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.noticecascade.cascade.UnitCascadeProcess.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricDetail;
import org.camunda.bpm.engine.history.HistoricFormField;
import org.camunda.bpm.engine.history.HistoricVariableUpdate;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.value.ObjectValue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.noticecascade.notice.NoticeProcess;
import org.noticecascade.orgdirectory.UnitImportService;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.EngineTestContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What process variables hold, through the running application: texts up to the longest form field (20,000
 * characters) in a notice and a unit's report, read back whole through the Java API, history and the REST API
 * Tasklist uses; one character more refused with 400 and nothing kept; object variables of a type outside the
 * allow-list never turned back into objects. Run on H2 and on PostgreSQL by the two subclasses.
 */
abstract class ProcessVariablesEndToEnd {

  private static final int MAX = 20_000;
  private static int notices;

  @Autowired ProcessEngine engine;
  @Autowired JdbcTemplate jdbc;
  @Autowired TestRestTemplate anonymous;
  @Autowired TransactionTemplate tx;
  @Autowired UnitImportService unitImport;
  CascadeDriver driver;

  /** An administrator's Basic credentials in this profile. */
  abstract TestRestTemplate admin();

  @BeforeEach
  void org() {
    driver = new CascadeDriver(engine);
    if (jdbc.queryForObject("select count(*) from unit where code = 'tprov'", Integer.class) == 0) {
      tx.executeWithoutResult(s -> unitImport.importCsv(EngineTestContext.ORG_CSV.getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** Chinese text of the given length, not one repeated character (so a cut or a shift shows). */
  static String chinese(int length) {
    String words = "各级工会要认真学习宣传贯彻会议精神，结合实际抓好落实，及时报告学习贯彻情况。";
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; sb.length() < length; i++) {
      sb.append(words.charAt(i % words.length())).append(i % 97 == 0 ? String.valueOf(i) : "");
    }
    return sb.substring(0, length);
  }

  /** A notice with the given summary to 办公室 (no subordinates), taken to its 报告 task. */
  private ProcessInstance atReport(String summary) {
    ProcessInstance issuer = driver.startNotice("长文测〔2026〕" + (++notices) + "号-" + System.nanoTime(), "tprov",
        List.of("INTERNAL_DEPARTMENT"), List.of(), false, false, Map.of(NoticeProcess.SUMMARY, summary));
    ProcessInstance dept = driver.unitInstance(driver.noticeId(issuer), "tdept");
    driver.acknowledge(dept);
    Map<String, Object> study = new HashMap<>(CascadeDriver.studyForm(30, false));
    study.put(STUDY_SUMMARY, chinese(5_000));
    driver.complete(dept, TASK_STUDY, study);
    return dept;
  }

  private long noticeId(ProcessInstance unit) {
    return ((Number) engine.getRuntimeService().getVariable(unit.getId(), NOTICE_ID)).longValue();
  }

  @Test
  void twentyThousandCharactersAreKeptWholeEverywhere() {
    String summary = chinese(MAX);
    ProcessInstance dept = atReport(summary);
    String report = chinese(MAX - 1) + "完";
    Task task = driver.task(dept, TASK_REPORT);
    engine.getTaskService().complete(task.getId(), Map.of(REPORT_TEXT, report, REPORT_ACTIVITY_COUNT, 1,
        REPORT_PARTICIPANT_COUNT, 30));
    driver.runJobs();
    Task review = driver.task(dept, TASK_REVIEW);
    assertThat(review).as("the report went on to review").isNotNull();

    RuntimeService runtime = engine.getRuntimeService();
    assertThat(runtime.getVariable(dept.getId(), REPORT_TEXT)).isEqualTo(report);
    // handed down from the notice into the unit's instance, and the study summary of 5,000
    assertThat(runtime.getVariable(dept.getId(), NoticeProcess.SUMMARY)).isEqualTo(summary);
    assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(dept.getId())
        .variableName(STUDY_SUMMARY).singleResult().getValue()).isEqualTo(chinese(5_000));
    // history: the variable and its update
    assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(dept.getId())
        .variableName(REPORT_TEXT).singleResult().getValue()).isEqualTo(report);
    List<HistoricDetail> updates = engine.getHistoryService().createHistoricDetailQuery().variableUpdates()
        .processInstanceId(dept.getId()).list();
    assertThat(updates).filteredOn(d -> REPORT_TEXT.equals(((HistoricVariableUpdate) d).getVariableName()))
        .extracting(d -> ((HistoricVariableUpdate) d).getValue()).containsExactly(report);
    // our own tables
    long id = noticeId(dept);
    assertThat(jdbc.queryForObject("select report_text from cascade_unit where notice_id = ? and unit_code = 'tdept'",
        String.class, id)).isEqualTo(report);
    assertThat(jdbc.queryForObject("select summary from notice where id = ?", String.class, id)).isEqualTo(summary);
    // the REST API Tasklist reads a task's form with
    ResponseEntity<JsonNode> form = admin().getForEntity("/engine-rest/task/" + review.getId() + "/form-variables",
        JsonNode.class);
    assertThat(form.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(form.getBody().at("/reportText/type").asText()).isEqualTo("String");
    assertThat(form.getBody().at("/reportText/value").asText()).isEqualTo(report);
    assertThat(form.getBody().at("/summary/type").asText()).isEqualTo("String");
    assertThat(form.getBody().at("/summary/value").asText()).isEqualTo(summary);
    // and the superior's acceptance ends the unit's work as usual
    driver.accept(dept);
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(dept.getId()).count()).isZero();
  }

  @Test
  void oneCharacterMoreIsRefusedWith400AndNothingIsKept() {
    ProcessInstance dept = atReport("请及时报告。");
    Task task = driver.task(dept, TASK_REPORT);
    String tooLong = chinese(MAX + 1);
    int byteArrays = count("act_ge_bytearray");
    int details = count("act_hi_detail");

    assertThatThrownBy(() -> engine.getTaskService().complete(task.getId(), Map.of(REPORT_TEXT, tooLong,
        REPORT_ACTIVITY_COUNT, 1, REPORT_PARTICIPANT_COUNT, 30)))
        .isInstanceOfSatisfying(InputException.class, e -> assertThat(e.problems())
            .extracting(FieldProblem::toString).containsExactly("落实情况报告：不得超过 20000 个字（现为 20001 个字）"));
    // through the REST API, as a task is completed and as Tasklist submits its form
    for (String how : List.of("complete", "submit-form")) {
      ResponseEntity<JsonNode> r = admin().postForEntity("/engine-rest/task/" + task.getId() + "/" + how,
          Map.of("variables", Map.of(REPORT_TEXT, Map.of("value", tooLong), REPORT_ACTIVITY_COUNT, Map.of("value", 1),
              REPORT_PARTICIPANT_COUNT, Map.of("value", 30))), JsonNode.class);
      assertThat(r.getStatusCode()).as(how).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(r.getBody().get("message").asText()).as(how).contains("落实情况报告：不得超过 20000 个字");
    }
    // any string variable, however set
    assertThatThrownBy(() -> engine.getRuntimeService().setVariable(dept.getId(), "note", tooLong))
        .isInstanceOf(InputException.class).hasMessageContaining("note：不得超过 20000 个字");

    assertThat(engine.getTaskService().createTaskQuery().taskId(task.getId()).count()).isOne();
    assertThat(engine.getRuntimeService().getVariable(dept.getId(), REPORT_TEXT)).isNull();
    assertThat(engine.getRuntimeService().getVariable(dept.getId(), "note")).isNull();
    assertThat(jdbc.queryForObject("select status from cascade_unit where notice_id = ? and unit_code = 'tdept'",
        String.class, noticeId(dept))).isEqualTo("studied");
    assertThat(count("act_ge_bytearray")).isEqualTo(byteArrays);
    assertThat(count("act_hi_detail")).isEqualTo(details);

    // Tasklist's own way with the longest text: the form field's history row is shortened, the variable is whole
    String report = chinese(MAX);
    ResponseEntity<String> submitted = admin().postForEntity("/engine-rest/task/" + task.getId() + "/submit-form",
        Map.of("variables", Map.of(REPORT_TEXT, Map.of("value", report), REPORT_ACTIVITY_COUNT, Map.of("value", 1),
            REPORT_PARTICIPANT_COUNT, Map.of("value", 30))), String.class);
    assertThat(submitted.getStatusCode()).as(submitted.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(engine.getRuntimeService().getVariable(dept.getId(), REPORT_TEXT)).isEqualTo(report);
    HistoricFormField field = (HistoricFormField) engine.getHistoryService().createHistoricDetailQuery().formFields()
        .taskId(task.getId()).list().stream().filter(d -> REPORT_TEXT.equals(((HistoricFormField) d).getFieldId()))
        .findFirst().orElseThrow();
    assertThat((String) field.getFieldValue()).hasSize(LongTextVariables.TEXT_COLUMN)
        .isEqualTo(report.substring(0, LongTextVariables.TEXT_COLUMN - 1) + "…");
  }

  @Test
  void onlyTextsTooLongForTheEnginesColumnChangeHowTheyAreStored() {
    ProcessInstance dept = atReport("请及时报告。");
    RuntimeService runtime = engine.getRuntimeService();
    String fits = "文".repeat(LongTextVariables.TEXT_COLUMN);
    // two UTF-16 units each, one character to the database: 2,001 characters, 4,002 units
    String supplementary = "𠀀".repeat(2_001);
    runtime.setVariable(dept.getId(), "fits", fits);
    runtime.setVariable(dept.getId(), "longer", fits + "字");
    runtime.setVariable(dept.getId(), "supplementary", supplementary);
    assertThat(row(dept, "fits")).containsEntry("type", "string").containsEntry("text", fits)
        .containsEntry("bytes", null);
    assertThat(row(dept, "longer")).containsEntry("type", LongTextVariables.SERIALIZER_NAME)
        .containsEntry("text", null);
    assertThat(runtime.getVariable(dept.getId(), "longer")).isEqualTo(fits + "字");
    assertThat(runtime.getVariable(dept.getId(), "supplementary")).isEqualTo(supplementary);
    assertThat(runtime.getVariableTyped(dept.getId(), "longer").getType().getName()).isEqualTo("string");
    // made short again: the engine's own row, and the byte array gone with the long value
    String bytes = (String) row(dept, "longer").get("bytes");
    runtime.setVariable(dept.getId(), "longer", "短");
    assertThat(row(dept, "longer")).containsEntry("type", "string").containsEntry("text", "短")
        .containsEntry("bytes", null);
    assertThat(jdbc.queryForObject("select count(*) from act_ge_bytearray where id_ = ?", Integer.class, bytes))
        .isZero();
    assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(dept.getId())
        .variableName("supplementary").singleResult().getValue()).isEqualTo(supplementary);
  }

  @Test
  void objectVariablesOfTypesOutsideTheAllowListAreNotDeserialized() {
    assertThat(((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
        .isDeserializationTypeValidationEnabled()).isTrue();
    ProcessInstance dept = atReport("请及时报告。");
    String url = "/engine-rest/process-instance/" + dept.getId() + "/variables/";
    // a map in JSON, once named as a type outside the allow-list and once as the plain map the engine allows
    for (String type : List.of("java.util.concurrent.ConcurrentHashMap", "java.util.HashMap")) {
      String name = type.substring(type.lastIndexOf('.') + 1);
      ResponseEntity<String> put = admin().exchange(url + name, HttpMethod.PUT, new HttpEntity<>(Map.of(
          "value", "{\"unit\":\"tdept\"}", "type", "Object",
          "valueInfo", Map.of("objectTypeName", type, "serializationDataFormat", "application/json"))), String.class);
      assertThat(put.getStatusCode()).as(put.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    }
    RuntimeService runtime = engine.getRuntimeService();
    assertThatThrownBy(() -> runtime.getVariable(dept.getId(), "ConcurrentHashMap"))
        .isInstanceOf(ProcessEngineException.class).hasMessageContaining("java.util.concurrent.ConcurrentHashMap");
    assertThat(admin().getForEntity(url + "ConcurrentHashMap", String.class).getStatusCode().is2xxSuccessful())
        .isFalse();
    // its text can still be read, as Tasklist and Cockpit read variables
    ObjectValue serialized = runtime.getVariableTyped(dept.getId(), "ConcurrentHashMap", false);
    assertThat(serialized.getValueSerialized()).isEqualTo("{\"unit\":\"tdept\"}");
    assertThat(admin().getForEntity(url + "ConcurrentHashMap?deserializeValue=false", String.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    // the same JSON as a type the engine allows becomes an object
    assertThat(runtime.getVariable(dept.getId(), "HashMap")).isEqualTo(Map.of("unit", "tdept"));
  }

  private int count(String table) {
    return jdbc.queryForObject("select count(*) from " + table, Integer.class);
  }

  /** The variable's row in ACT_RU_VARIABLE: its serializer, text and byte array. */
  private Map<String, Object> row(ProcessInstance pi, String name) {
    return jdbc.queryForObject("select type_, text_, bytearray_id_ from act_ru_variable where proc_inst_id_ = ?"
        + " and name_ = ?", (rs, i) -> {
          Map<String, Object> m = new HashMap<>();
          m.put("type", rs.getString(1));
          m.put("text", rs.getString(2));
          m.put("bytes", rs.getString(3));
          return m;
        }, pi.getId(), name);
  }
}
