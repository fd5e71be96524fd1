package org.noticecascade.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.noticecascade.support.EngineClock;
import org.noticecascade.testing.CascadeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.LinkedMultiValueMap;

/**
 * History and retention on the real application with the demo org (password "demo"), on a database of its own
 * (the retention job deletes every notice that ended long enough ago): the retention as the engine's time-to-live,
 * GET /api/notices/{id}/archive (contents, 403, 409), and the nightly job archiving then deleting an old notice's
 * rows while an open and a recently closed one keep theirs, the engine's cleanup removing its history, and an
 * archive that cannot be written stopping the deletion.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.profiles.active=demo",
    "spring.datasource.url=jdbc:h2:mem:history;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false",
    "notice-cascade.history.archive-dir=target/history-test/archive",
    // small batches, so that a notice's rows take several transactions
    "notice-cascade.history.batch-size=2"})
class HistoryRetentionTest {

  static final byte[] PDF = "%PDF-1.7\n% 通知正文 归档测试\n%%EOF\n".getBytes(StandardCharsets.UTF_8);
  static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 1, 2};

  /** Our tables holding a notice's rows, each with the query counting them. */
  static final Map<String, String> TABLES = new LinkedHashMap<>();

  static {
    TABLES.put("notice", "select count(*) from notice where id = ?");
    TABLES.put("cascade_unit", "select count(*) from cascade_unit where notice_id = ?");
    TABLES.put("study_activity", "select count(*) from study_activity where notice_id = ?");
    TABLES.put("progress_rollup", "select count(*) from progress_rollup where notice_id = ?");
    TABLES.put("notice_cc", "select count(*) from notice_cc where notice_id = ?");
    TABLES.put("audit_step", "select count(*) from audit_step where notice_id = ?");
    TABLES.put("attachment", "select count(*) from attachment where notice_id = ?");
    TABLES.put("attachment_chunk", "select count(*) from attachment_chunk c join attachment a"
        + " on a.id = c.attachment_id where a.notice_id = ?");
  }

  @Autowired TestRestTemplate anonymous;
  @Autowired ProcessEngine engine;
  @Autowired JdbcTemplate jdbc;
  @Autowired NoticeRetention retention;
  @Autowired HistoryProperties properties;

  @AfterEach
  void realTime() {
    ClockUtil.reset();
  }

  @Test
  void everyDeployedProcessKeepsItsHistoryForTheRetentionAndCleanupRunsAtNightBeijingTime() {
    List<ProcessDefinition> definitions = engine.getRepositoryService().createProcessDefinitionQuery().list();
    assertThat(definitions).extracting(ProcessDefinition::getKey)
        .contains("noticeIssue", "unitCascade", "unitRead");
    // the BPMN says 365 days; the setting (5 years) wins
    assertThat(definitions).allSatisfy(d -> assertThat(d.getHistoryTimeToLive()).isEqualTo(1825));
    ProcessEngineConfigurationImpl c = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    assertThat(c.getHistoryCleanupBatchWindowStartTime()).isEqualTo("01:00+0800");
    assertThat(c.getHistoryCleanupBatchWindowEndTime()).isEqualTo("05:00+0800");
    assertThat(c.getHistoryRemovalTimeStrategy()).isEqualTo("end");
    assertThat(c.getHistoryCleanupStrategy()).isEqualTo("removalTimeBased");
    assertThat(c.getHistoryCleanupBatchSize()).isEqualTo(500);
  }

  @Test
  void aClerkCannotShortenTheRetentionNorRunTheCleanupThroughTheEngineRestApi() {
    String definition = engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey("noticeIssue")
        .latestVersion().singleResult().getId();
    TestRestTemplate clerk = as("scclerk");
    ResponseEntity<String> ttl = clerk.exchange("/engine-rest/process-definition/" + definition
        + "/history-time-to-live", org.springframework.http.HttpMethod.PUT,
        new HttpEntity<>(Map.of("historyTimeToLive", 0)), String.class);
    assertThat(ttl.getStatusCode()).as(ttl.toString()).isEqualTo(HttpStatus.FORBIDDEN);
    ResponseEntity<String> cleanup = clerk.postForEntity("/engine-rest/history/cleanup?immediatelyDue=true", null,
        String.class);
    assertThat(cleanup.getStatusCode()).as(cleanup.toString()).isEqualTo(HttpStatus.FORBIDDEN);
    ResponseEntity<String> removal = clerk.postForEntity("/engine-rest/history/process-instance/set-removal-time",
        Map.of("absoluteRemovalTime", "2000-01-01T00:00:00.000+0800", "historicProcessInstanceQuery", Map.of()),
        String.class);
    assertThat(removal.getStatusCode()).as(removal.toString()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(engine.getRepositoryService().getProcessDefinition(definition).getHistoryTimeToLive()).isEqualTo(1825);
    assertThat(jdbc.queryForObject("select count(*) from ACT_HI_PROCINST where REMOVAL_TIME_ < ?", Integer.class,
        java.sql.Timestamp.from(java.time.Instant.parse("2001-01-01T00:00:00Z")))).isZero();
  }

  @Test
  void theIssuersLeaderTakesTheArchiveOfAnEndedNoticeOthersMayNot() throws Exception {
    long id = issue("川工发〔2026〕961号");
    long mainFile = upload("scclerk", "/api/notices/" + id + "/attachments?main=true", "正文.pdf", PDF);
    CascadeDriver driver = new CascadeDriver(engine);
    driver.acknowledge(driver.unitInstance(id, "sccd"));
    driver.relay(driver.unitInstance(id, "sccd"), List.of(), List.of("sccdjj"));
    long unitFile = upload("sccdclerk", "/api/notices/" + id + "/units/sccd/attachments", "转发.jpg", JPEG);

    // open: 409, whoever asks
    ResponseEntity<JsonNode> open = as("scleader").getForEntity("/api/notices/" + id + "/archive", JsonNode.class);
    assertThat(open.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(open.getBody().toString()).contains("尚未办结");
    close(id);

    // the issuer's clerk, another unit's leader, a clerk below: 403; an unknown notice: 404
    for (String user : List.of("scclerk", "sccdleader", "sccdclerk", "ynleader")) {
      ResponseEntity<JsonNode> refused = as(user).getForEntity("/api/notices/" + id + "/archive", JsonNode.class);
      assertThat(refused.getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(refused.getBody().get("detail").asText()).contains("发文单位负责人");
    }
    assertThat(as("scleader").getForEntity("/api/notices/987654/archive", JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(anonymous.getForEntity("/api/notices/" + id + "/archive", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);

    ResponseEntity<byte[]> zip = as("scleader").getForEntity("/api/notices/" + id + "/archive", byte[].class);
    assertThat(zip.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(zip.getHeaders().getContentType()).hasToString("application/zip");
    assertThat(zip.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION)).contains("notice-" + id + "-archive.zip");
    Map<String, byte[]> entries = unzip(zip.getBody());
    assertArchive(id, entries, Map.of(mainFile, PDF, unitFile, JPEG));
    // an administrator may too, and gets the same files
    ResponseEntity<byte[]> admin = as("admin").getForEntity("/api/notices/" + id + "/archive", byte[].class);
    assertThat(admin.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(unzip(admin.getBody()).keySet()).isEqualTo(entries.keySet());
  }

  @Test
  void aNoticeEndedLongerAgoThanTheRetentionIsArchivedThenDeletedAndItsHistoryCleaned() throws Exception {
    // five years and a day ago: issued, a unit's file and a step, then 办结
    ClockUtil.setCurrentTime(java.util.Date.from(java.time.Instant.now()
        .minus(java.time.Duration.ofDays(properties.retentionDays() + 1))));
    long old = issue("川工发〔2021〕971号");
    long oldFile = upload("scclerk", "/api/notices/" + old + "/attachments", "通知.pdf", PDF);
    CascadeDriver driver = new CascadeDriver(engine);
    driver.acknowledge(driver.unitInstance(old, "sccd"));
    driver.study(driver.unitInstance(old, "sccd"), 30, false);
    close(old);
    List<String> oldInstances = instancesOf(old);
    ClockUtil.reset();

    long open = issue("川工发〔2026〕972号");
    upload("scclerk", "/api/notices/" + open + "/attachments", "通知.pdf", PDF);
    long recent = issue("川工发〔2026〕973号");
    upload("scclerk", "/api/notices/" + recent + "/attachments", "通知.pdf", PDF);
    close(recent);
    Map<String, Integer> openRows = rows(open);
    Map<String, Integer> recentRows = rows(recent);
    assertThat(rows(old)).allSatisfy((table, n) -> assertThat(n).as(table)
        .isPositive());
    assertThat(openRows.get("cascade_unit")).isPositive();

    NoticeRetention.Result result = retention.run();

    assertThat(result.failed()).isZero();
    assertThat(result.archived()).isEqualTo(1);
    // every row of the old notice is gone, each table in batches of two
    assertThat(rows(old)).allSatisfy((table, n) -> assertThat(n).as(table).isZero());
    assertThat(result.rowsDeleted()).isGreaterThan(5);
    assertThat(rows(open)).isEqualTo(openRows);
    assertThat(rows(recent)).isEqualTo(recentRows);
    // its archive was written first
    Path file = properties.archiveDir().resolve("notice-" + old + ".zip");
    assertThat(file).exists();
    Map<String, byte[]> entries = unzip(Files.readAllBytes(file));
    assertThat(entries.keySet()).contains("manifest.json", "progress.xlsx", "audit.csv", "files.csv");
    assertThat(entries.get("files/notice/" + oldFile + "-通知.pdf")).isEqualTo(PDF);
    JsonNode manifest = new ObjectMapper().readTree(entries.get("manifest.json"));
    assertThat(manifest.at("/notice/docNumber").asText()).isEqualTo("川工发〔2021〕971号");
    assertThat(manifest.at("/notice/closedBy").asText()).isEqualTo("scclerk");
    assertThat(manifest.at("/counts/auditSteps").asLong()).isPositive();
    // a second run finds nothing more to do
    assertThat(retention.run().archived()).isZero();

    // the engine's cleanup removes the old notice's history (ended more than the retention ago), not the others'
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processInstanceIds(new java.util.HashSet<>(oldInstances)).count()).isEqualTo(oldInstances.size());
    runHistoryCleanup();
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processInstanceIds(new java.util.HashSet<>(oldInstances)).count()).isZero();
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processInstanceBusinessKey(String.valueOf(recent)).count()).isOne();
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processInstanceBusinessKey(String.valueOf(open)).count()).isOne();
  }

  @Test
  void anArchiveThatCannotBeWrittenStopsTheDeletion() throws Exception {
    ClockUtil.setCurrentTime(java.util.Date.from(java.time.Instant.now()
        .minus(java.time.Duration.ofDays(properties.retentionDays() + 3))));
    long old = issue("川工发〔2021〕981号");
    upload("scclerk", "/api/notices/" + old + "/attachments", "通知.pdf", PDF);
    close(old);
    ClockUtil.reset();
    Map<String, Integer> before = rows(old);

    // the archive directory's place is taken by a file: nothing can be written there
    Path dir = properties.archiveDir();
    Path moved = dir.resolveSibling("archive-moved");
    if (Files.exists(dir)) {
      deleteTree(moved);
      Files.move(dir, moved);
    }
    Files.createDirectories(dir.getParent());
    Files.writeString(dir, "not a directory");
    try {
      NoticeRetention.Result result = retention.run();
      assertThat(result.failed()).isPositive();
      assertThat(rows(old)).isEqualTo(before);
      assertThat(jdbc.queryForObject("select count(*) from notice where id = ? and archived_at is null",
          Integer.class, old)).isOne();
    } finally {
      Files.delete(dir);
      if (Files.exists(moved)) {
        Files.move(moved, dir);
      }
    }
    // once it can be written, the next night archives and deletes it
    retention.run();
    assertThat(rows(old)).allSatisfy((table, n) -> assertThat(n).as(table).isZero());
    assertThat(dir.resolve("notice-" + old + ".zip")).exists();
  }

  @Test
  void sentMessagesOlderThanTheSettingAreDeletedPendingAndFailedOnesKept() {
    java.time.LocalDateTime now = EngineClock.now();
    java.time.LocalDateTime old = now.minus(properties.sentNotifications()).minusDays(1);
    long oldSent = message("hist:old-sent", old, "sent", "sent");
    long oldPending = message("hist:old-pending", old, "sent", "pending");
    long oldFailed = message("hist:old-failed", old, "failed", "sent");
    long recentSent = message("hist:recent-sent", now.minusDays(1), "sent", "sent");
    jdbc.update("insert into notification_email_recipient (outbox_id, address, status, updated_at)"
        + " values (?, 'a@example.org', 'sent', ?)", oldSent, java.sql.Timestamp.valueOf(old));

    assertThat(retention.run().messagesDeleted()).isPositive();

    assertThat(messageRows(oldSent)).isZero();
    assertThat(jdbc.queryForObject("select count(*) from notification_email_recipient where outbox_id = ?",
        Integer.class, oldSent)).isZero();
    assertThat(messageRows(oldPending)).isEqualTo(3);
    assertThat(messageRows(oldFailed)).isEqualTo(3);
    assertThat(messageRows(recentSent)).isEqualTo(3);
  }

  /** A message with two deliveries in the given states; its id. */
  private long message(String key, java.time.LocalDateTime at, String first, String second) {
    jdbc.update("insert into notification_outbox (message_key, recipient_group, subject, body, created_at)"
        + " values (?, 'sc', '测试', '测试', ?)", key, java.sql.Timestamp.valueOf(at));
    long id = jdbc.queryForObject("select id from notification_outbox where message_key = ?", Long.class, key);
    jdbc.update("insert into notification_delivery (outbox_id, channel, status, attempts) values (?, 'log', ?, 1)",
        id, first);
    jdbc.update("insert into notification_delivery (outbox_id, channel, status, attempts) values (?, 'email', ?, 1)",
        id, second);
    return id;
  }

  /** The message's row and its deliveries. */
  private int messageRows(long id) {
    return jdbc.queryForObject("select count(*) from notification_outbox where id = ?", Integer.class, id)
        + jdbc.queryForObject("select count(*) from notification_delivery where outbox_id = ?", Integer.class, id);
  }

  /** The archive: manifest, a workbook POI opens with the notice, every 留痕 row, every file byte for byte. */
  private void assertArchive(long id, Map<String, byte[]> entries, Map<Long, byte[]> files) throws IOException {
    JsonNode manifest = new ObjectMapper().readTree(entries.get("manifest.json"));
    assertThat(manifest.at("/notice/id").asLong()).isEqualTo(id);
    assertThat(manifest.at("/notice/status").asText()).isEqualTo("CLOSED");
    assertThat(manifest.at("/notice/closedBy").asText()).isEqualTo("scclerk");
    assertThat(manifest.at("/notice/closeReason").asText()).isEqualTo("归档测试办结");
    assertThat(manifest.at("/notice/endedAt").isTextual()).isTrue();
    assertThat(manifest.at("/counts/files").asLong()).isEqualTo(files.size());
    assertThat(manifest.at("/progress/reached").asInt()).isEqualTo(
        jdbc.queryForObject("select count(*) from cascade_unit where notice_id = ?", Integer.class, id));

    try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(entries.get("progress.xlsx")))) {
      List<String> summary = new ArrayList<>();
      wb.getSheet("汇总").forEach(row -> summary.add(row.getCell(0) == null ? "" : row.getCell(0).toString()
          + "=" + (row.getCell(1) == null ? "" : row.getCell(1).toString())));
      assertThat(summary).anySatisfy(r -> assertThat(r).startsWith("通知状态=已办结（scclerk 于 "));
      assertThat(wb.getSheet("单位明细").getLastRowNum()).isPositive();
    }

    List<CSVRecord> audit = csv(entries.get("audit.csv"));
    int steps = jdbc.queryForObject("select count(*) from audit_step where notice_id = ?", Integer.class, id);
    assertThat(audit).hasSize(steps);
    assertThat(manifest.at("/counts/auditSteps").asInt()).isEqualTo(steps);
    assertThat(audit).extracting(r -> r.get("步骤")).contains("发文", "签收", "传达", "上传附件", "办结");

    List<CSVRecord> listed = csv(entries.get("files.csv"));
    assertThat(listed).hasSize(files.size());
    for (CSVRecord r : listed) {
      byte[] content = entries.get(r.get("归档路径"));
      assertThat(content).as(r.get("归档路径")).isNotNull();
      long fileId = Long.parseLong(r.get("归档路径").replaceAll(".*/(\\d+)-.*", "$1"));
      assertThat(content).isEqualTo(files.get(fileId));
      assertThat(Long.parseLong(r.get("字节数"))).isEqualTo(content.length);
    }
  }

  private static List<CSVRecord> csv(byte[] bytes) throws IOException {
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertThat(text).startsWith("\uFEFF");
    return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new java.io.StringReader(text.substring(1))).getRecords();
  }

  private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        entries.put(e.getName(), out.toByteArray());
      }
    }
    return entries;
  }

  private void runHistoryCleanup() {
    engine.getHistoryService().cleanUpHistoryAsync(true);
    for (Job job : engine.getHistoryService().findHistoryCleanupJobs()) {
      engine.getManagementService().executeJob(job.getId());
    }
  }

  private List<String> instancesOf(long noticeId) {
    List<String> ids = new ArrayList<>();
    engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(noticeId))
        .list().forEach(p -> ids.add(p.getId()));
    engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceBusinessKeyLike(noticeId + "/%")
        .list().forEach(p -> ids.add(p.getId()));
    assertThat(ids).hasSizeGreaterThan(1);
    return ids;
  }

  private Map<String, Integer> rows(long noticeId) {
    Map<String, Integer> rows = new LinkedHashMap<>();
    TABLES.forEach((table, sql) -> rows.put(table, jdbc.queryForObject(sql, Integer.class, noticeId)));
    return rows;
  }

  private long issue(String docNumber) {
    var notice = Map.of("docNumber", docNumber, "title", "关于做好归档工作的通知", "issuerUnit", "sc",
        "issuedOn", EngineClock.today().toString(), "summary", "请及时报告。",
        "addresseeUnits", List.of("sccd", "sczg"), "reportDueDate", CascadeDriver.dueDate().toString(),
        "ccUnits", List.of("scpzh"));
    ResponseEntity<JsonNode> created = as("scclerk").postForEntity("/api/notices", notice, JsonNode.class);
    assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
    new CascadeDriver(engine).runJobs();
    return created.getBody().get("id").asLong();
  }

  private void close(long id) {
    ResponseEntity<JsonNode> closed = as("scclerk").postForEntity("/api/notices/" + id + "/close",
        Map.of("reason", "归档测试办结"), JsonNode.class);
    assertThat(closed.getStatusCode()).as(String.valueOf(closed.getBody())).isEqualTo(HttpStatus.ACCEPTED);
    new CascadeDriver(engine).runJobs();
  }

  private long upload(String user, String url, String name, byte[] content) {
    LinkedMultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
    body.add("file", new ByteArrayResource(content) {
      @Override
      public String getFilename() {
        return name;
      }
    });
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    ResponseEntity<JsonNode> up = as(user).postForEntity(url, new HttpEntity<>(body, headers), JsonNode.class);
    assertThat(up.getStatusCode()).as(String.valueOf(up.getBody())).isEqualTo(HttpStatus.CREATED);
    return up.getBody().get("id").asLong();
  }

  private TestRestTemplate as(String user) {
    return anonymous.withBasicAuth(user, "demo");
  }

  private static void deleteTree(Path p) throws IOException {
    if (Files.exists(p)) {
      try (var walk = Files.walk(p)) {
        for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    }
  }
}
