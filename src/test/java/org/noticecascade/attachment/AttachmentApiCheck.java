package org.noticecascade.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.noticecascade.testing.CascadeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.LinkedMultiValueMap;

/**
 * Attachments through the API with the demo org and logins (password "demo"): upload, list, download and refusals,
 * who may see which file, and a 50 MB file streamed through the store. The limit is lowered to 3 MB (the subclasses'
 * properties) so that "too big" costs little. Run on H2 and PostgreSQL by the subclasses; each test issues its own
 * notice.
 */
abstract class AttachmentApiCheck {

  static final byte[] PDF = "%PDF-1.7\n% 通知正文\n%%EOF\n".getBytes(StandardCharsets.UTF_8);
  static final byte[] DOCX = {0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0, 0, 'w', 'o', 'r', 'd'};
  static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'};
  static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D};

  @Autowired TestRestTemplate anonymous;
  @Autowired ProcessEngine engine;
  @Autowired JdbcTemplate jdbc;
  @Autowired AttachmentRepository repository;
  @Autowired TransactionTemplate tx;
  @Autowired Events events;

  /** The events published, for the 留痕 to come. */
  static class Events {
    final List<AttachmentAdded> added = java.util.Collections.synchronizedList(new ArrayList<>());

    @EventListener
    void on(AttachmentAdded e) {
      added.add(e);
    }
  }

  @Test
  void theIssuerAttachesTheNoticeAndTheUnitsReachedDownloadIt() throws Exception {
    long id = issue("川工发〔2026〕901号");
    String name = "川工发〔2026〕901号 关于学习的通知（正文）.pdf";
    ResponseEntity<JsonNode> up = upload(as("scclerk"), "/api/notices/" + id + "/attachments?main=true", name, PDF);
    assertThat(up.getStatusCode()).as(String.valueOf(up.getBody())).isEqualTo(HttpStatus.CREATED);
    JsonNode file = up.getBody();
    assertThat(file.get("fileName").asText()).isEqualTo(name);
    assertThat(file.has("unitName")).as("the notice's own file has no unit").isFalse();
    assertThat(file.get("contentType").asText()).isEqualTo("application/pdf");
    assertThat(file.get("size").asLong()).isEqualTo(PDF.length);
    assertThat(file.get("sha256").asText()).isEqualTo(sha256(PDF));
    assertThat(file.get("main").asBoolean()).isTrue();
    assertThat(file.get("uploadedBy").asText()).isEqualTo("scclerk");
    assertThat(events.added).contains(new AttachmentAdded(id, null, name, "scclerk", file.get("id").asLong(),
        "notice"));

    // a second 正文 takes the mark from the first
    long second = upload(as("scclerk"), "/api/notices/" + id + "/attachments?main=true", "正文（修订）.pdf", PDF)
        .getBody().get("id").asLong();
    JsonNode listed = as("sccdclerk").getForEntity("/api/notices/" + id + "/attachments", JsonNode.class).getBody();
    assertThat(listed).hasSize(2);
    assertThat(listed.get(0).get("id").asLong()).isEqualTo(second);
    assertThat(listed.get(1).get("main").asBoolean()).isFalse();

    // the city reached downloads it, with its Chinese name, as an attachment, never sniffed
    ResponseEntity<byte[]> download = as("sccdclerk").getForEntity(file.get("href").asText(), byte[].class);
    assertThat(download.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(download.getBody()).isEqualTo(PDF);
    HttpHeaders h = download.getHeaders();
    assertThat(h.getFirst(HttpHeaders.CONTENT_DISPOSITION)).startsWith("attachment;")
        .contains("filename*=UTF-8''" + java.net.URLEncoder.encode("川工发〔2026〕901号", StandardCharsets.UTF_8));
    assertThat(h.getContentDisposition().getFilename()).isEqualTo(name);
    assertThat(h.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(h.getContentType()).isEqualTo(MediaType.APPLICATION_PDF);

    // 云南省总工会 was not reached: 403 for the notice's list, 404 for the file
    assertThat(as("ynclerk").getForEntity("/api/notices/" + id + "/attachments", JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(as("ynclerk").getForEntity(file.get("href").asText(), JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(as("scclerk").getForEntity("/api/attachments/987654321", JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void refusalsStoreNothing() {
    long id = issue("川工发〔2026〕902号");
    String url = "/api/notices/" + id + "/attachments";
    int rows = count("select count(*) from attachment");
    int chunks = count("select count(*) from attachment_chunk");

    // a PNG named .pdf, a program named .pdf, a text file: refused by their bytes
    for (Object[] bad : new Object[][] {{"通知.pdf", PNG}, {"通知.pdf", "MZ\u0090\u0000program".getBytes(
        StandardCharsets.ISO_8859_1)}, {"说明.txt", "文本".getBytes(StandardCharsets.UTF_8)}, {"照片.png", PDF}}) {
      ResponseEntity<JsonNode> r = upload(as("scclerk"), url, (String) bad[0], (byte[]) bad[1]);
      assertThat(r.getStatusCode()).as((String) bad[0]).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
      assertThat(r.getBody().get("detail").asText()).contains("文件类型不受支持或与文件内容不符", "PDF、OFD");
    }
    // beyond the limit (3 MB here)
    byte[] big = Arrays.copyOf(PDF, 3 * 1024 * 1024 + 10);
    ResponseEntity<JsonNode> tooBig = upload(as("scclerk"), url, "大文件.pdf", big);
    assertThat(tooBig.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
    assertThat(tooBig.getBody().get("detail").asText()).contains("不得超过 3 MB");
    // no file at all
    assertThat(as("scclerk").postForEntity(url, multipart("other", "a.pdf", PDF), JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    // a city may read the notice but not add to it; an outsider neither
    ResponseEntity<JsonNode> city = upload(as("sccdclerk"), url, "a.pdf", PDF);
    assertThat(city.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(city.getBody().get("detail").asText()).contains("只有发文单位的经办人");
    assertThat(upload(as("ynclerk"), url, "a.pdf", PDF).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    // a unit without a task that takes files (only 签收 is open)
    ResponseEntity<JsonNode> early = upload(as("sccdclerk"), "/api/notices/" + id + "/units/sccd/attachments",
        "照片.jpg", JPEG);
    assertThat(early.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(early.getBody().get("detail").asText()).contains("没有待办");
    // a closed notice takes no more files
    assertThat(as("scclerk").postForEntity("/api/notices/" + id + "/close", Map.of("reason", "测试办结"),
        JsonNode.class).getStatusCode().is2xxSuccessful()).isTrue();
    new CascadeDriver(engine).runJobs();
    ResponseEntity<JsonNode> closed = upload(as("scclerk"), url, "a.pdf", PDF);
    assertThat(closed.getStatusCode()).as(String.valueOf(closed.getBody())).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(closed.getBody().get("detail").asText()).contains("已办结");

    assertThat(count("select count(*) from attachment")).isEqualTo(rows);
    assertThat(count("select count(*) from attachment_chunk")).isEqualTo(chunks);
  }

  @Test
  void aUnitsFilesAreSeenUpItsPathAndItsRelayBelowIt() {
    long id = issue("川工发〔2026〕903号");
    long notice = upload(as("scclerk"), "/api/notices/" + id + "/attachments", "通知.pdf", PDF).getBody()
        .get("id").asLong();
    CascadeDriver driver = new CascadeDriver(engine);
    ProcessInstance city = driver.unitInstance(id, "sccd");
    driver.acknowledge(city);
    String cityFiles = "/api/notices/" + id + "/units/sccd/attachments";
    ResponseEntity<JsonNode> relay = upload(as("sccdclerk"), cityFiles + "?kind=relay", "成都市总工会转发通知.docx", DOCX);
    assertThat(relay.getStatusCode()).as(String.valueOf(relay.getBody())).isEqualTo(HttpStatus.CREATED);
    assertThat(relay.getBody().get("ownerKind").asText()).isEqualTo("relay");
    assertThat(relay.getBody().get("taskId").asText()).isEqualTo(driver.task(city, "Task_Relay").getId());
    ResponseEntity<JsonNode> photo = upload(as("sccdclerk"), cityFiles + "?kind=study", "专题学习会.jpg", JPEG);
    assertThat(photo.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(photo.getBody().get("ownerKind").asText()).isEqualTo("study");
    assertThat(photo.getBody().get("contentType").asText()).isEqualTo("image/jpeg");
    assertThat(photo.getBody().get("unitName").asText()).isEqualTo("成都市总工会");
    // only the unit's clerks add to its files; a kind without its task open is refused
    assertThat(upload(as("scclerk"), cityFiles, "a.jpg", JPEG).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(upload(as("sccdclerk"), cityFiles + "?kind=report", "a.jpg", JPEG).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);

    // the issuer and the city's leader see the city's files; another city does not
    assertThat(as("scclerk").getForEntity(cityFiles, JsonNode.class).getBody()).hasSize(2);
    assertThat(as("sccdleader").getForEntity(cityFiles, JsonNode.class).getBody()).hasSize(2);
    assertThat(as("sczgclerk").getForEntity(cityFiles, JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(as("sczgclerk").getForEntity(href(relay), JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    // 留痕: each file added is a step of the unit, by its clerk; the notice's own file one of the issuer's
    JsonNode trail = as("scclerk").getForEntity("/api/notices/" + id + "/audit?unit=sccd", JsonNode.class).getBody()
        .get("entries");
    List<String> added = new ArrayList<>();
    trail.forEach(e -> {
      if (e.get("step").asText().equals("attachment")) {
        assertThat(e.get("actor").asText()).isEqualTo("sccdclerk");
        added.add(e.get("detail").asText());
      }
    });
    assertThat(added).containsExactly("成都市总工会转发通知.docx", "专题学习会.jpg");
    JsonNode issuerTrail = as("scclerk").getForEntity("/api/notices/" + id + "/audit?unit=sc", JsonNode.class)
        .getBody().get("entries");
    assertThat(issuerTrail.findValuesAsText("detail")).contains("通知.pdf");

    // relayed to 锦江区总工会: its task shows the notice's file and the city's 转发, not the city's photo
    driver.relay(city, List.of(), List.of("sccdjj"));
    driver.runJobs();
    JsonNode district = as("sccdjjclerk").getForEntity("/api/notices/" + id + "/attachments?unit=sccdjj",
        JsonNode.class).getBody();
    assertThat(district.findValues("id").stream().map(JsonNode::asLong).toList())
        .containsExactly(notice, relay.getBody().get("id").asLong());
    assertThat(as("sccdjjclerk").getForEntity(href(relay), byte[].class).getBody()).isEqualTo(DOCX);
    assertThat(as("sccdjjclerk").getForEntity(href(photo), JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(as("sccdjjclerk").getForEntity(cityFiles, JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
  }

  /** The issuer's 汇总 and 跟踪 list the direct addressees' report files (reports=1), and nobody else may. */
  @Test
  void theIssuerListsTheAddresseesReportFiles() {
    long id = issue("川工发〔2026〕906号");
    upload(as("scclerk"), "/api/notices/" + id + "/attachments", "通知.pdf", PDF);
    CascadeDriver driver = new CascadeDriver(engine);
    ProcessInstance city = driver.unitInstance(id, "sccd");
    driver.acknowledge(city);
    String cityFiles = "/api/notices/" + id + "/units/sccd/attachments";
    ResponseEntity<JsonNode> photo = upload(as("sccdclerk"), cityFiles + "?kind=study", "专题学习会.jpg", JPEG);
    assertThat(photo.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    driver.keep(city, "本单位学习，不再下发");
    driver.study(city, 30, false);
    ResponseEntity<JsonNode> report = upload(as("sccdclerk"), cityFiles + "?kind=report", "成都市落实情况报告.png",
        PNG);
    assertThat(report.getStatusCode()).as(String.valueOf(report.getBody())).isEqualTo(HttpStatus.CREATED);
    assertThat(report.getBody().get("ownerKind").asText()).isEqualTo("report");

    String reports = "/api/notices/" + id + "/attachments?reports=1";
    for (String user : List.of("scclerk", "scleader")) {
      ResponseEntity<JsonNode> listed = as(user).getForEntity(reports, JsonNode.class);
      assertThat(listed.getStatusCode()).as(user + " " + listed.getBody()).isEqualTo(HttpStatus.OK);
      // the city's report file with its unit's name; not its study photo, not the notice's own file
      assertThat(listed.getBody().findValues("id").stream().map(JsonNode::asLong).toList()).as(user)
          .containsExactly(report.getBody().get("id").asLong());
      assertThat(listed.getBody().get(0).get("unitName").asText()).isEqualTo("成都市总工会");
    }
    assertThat(as("scclerk").getForEntity(href(report), byte[].class).getBody()).isEqualTo(PNG);
    // an addressee, even the city itself, does not see the whole notice's reports
    for (String user : List.of("sczgclerk", "sccdclerk")) {
      assertThat(as(user).getForEntity(reports, JsonNode.class).getStatusCode()).as(user)
          .isEqualTo(HttpStatus.FORBIDDEN);
    }
  }

  /**
   * 先上传正文及附件再下发 with 签发: the issuer's clerk attaches the 正文 while the notice waits at 上传正文及附件, before
   * any unit is reached; the leader's 签发 lists it, and so does the city reached after 下发.
   */
  @Test
  void theIssuerAttachesTheTextBeforeDispatch() {
    var notice = new java.util.HashMap<String, Object>(Map.of("docNumber", "川工发〔2026〕905号",
        "title", "关于先传正文再下发的通知", "issuerUnit", "sc", "issuedOn", LocalDate.now().toString(),
        "summary", "请及时报告。", "addresseeUnits", List.of("sccd", "sczg"),
        "reportDueDate", CascadeDriver.dueDate().toString()));
    notice.put("signOffRequired", true);
    notice.put("attachBeforeDispatch", true);
    var created = as("scclerk").postForEntity("/api/notices", notice, JsonNode.class);
    assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
    CascadeDriver driver = new CascadeDriver(engine);
    driver.runJobs();
    long id = created.getBody().get("id").asLong();
    ProcessInstance pi = engine.getRuntimeService().createProcessInstanceQuery()
        .processInstanceId(created.getBody().get("processInstanceId").asText()).singleResult();
    assertThat(driver.task(pi, "Task_AttachFiles")).isNotNull();
    assertThat(driver.unitInstance(id, "sccd")).isNull();

    String name = "川工发〔2026〕905号（正文）.pdf";
    ResponseEntity<JsonNode> up = upload(as("scclerk"), "/api/notices/" + id + "/attachments?main=true", name, PDF);
    assertThat(up.getStatusCode()).as(String.valueOf(up.getBody())).isEqualTo(HttpStatus.CREATED);
    long text = up.getBody().get("id").asLong();
    // not yet reached: the city may neither add nor see
    assertThat(upload(as("sccdclerk"), "/api/notices/" + id + "/attachments", "a.pdf", PDF).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);

    driver.complete(pi, "Task_AttachFiles", Map.of("filesAttached", true));
    assertThat(driver.task(pi, "Task_SignOff")).isNotNull();
    // the leader's 签发 task lists the 正文
    JsonNode atSignOff = as("scleader").getForEntity("/api/notices/" + id + "/attachments", JsonNode.class)
        .getBody();
    assertThat(atSignOff.findValues("id").stream().map(JsonNode::asLong).toList()).containsExactly(text);
    // still open to the issuer's clerks while 签发 is pending
    assertThat(upload(as("scclerk"), "/api/notices/" + id + "/attachments", "附件1.docx", DOCX).getStatusCode())
        .isEqualTo(HttpStatus.CREATED);

    driver.signOff(pi);
    driver.assignDocNumber(pi, "川工发〔2026〕905号");
    driver.runJobs();
    assertThat(driver.unitInstance(id, "sccd")).isNotNull();
    JsonNode reached = as("sccdclerk").getForEntity("/api/notices/" + id + "/attachments?unit=sccd", JsonNode.class)
        .getBody();
    assertThat(reached).hasSize(2);
    assertThat(reached.findValues("id").stream().map(JsonNode::asLong).toList()).contains(text);
    assertThat(as("sccdclerk").getForEntity(href(up), byte[].class).getBody()).isEqualTo(PDF);
  }

  /**
   * 50 MB, generated as it is read, through the store and back: the source is read and the sink written in pieces
   * of at most one chunk (1 MB), so neither side ever holds the file. The digests match.
   */
  @Test
  void aFiftyMegabyteFileStreamsInChunks() throws Exception {
    long id = issue("川工发〔2026〕904号");
    long size = 50L * 1024 * 1024 + 123;
    Generated source = new Generated(size);
    long stored = tx.execute(s -> {
      long created = repository.insert(id, null, "notice", null, "大文件.pdf", "application/pdf", false, "scclerk",
          java.time.LocalDateTime.now());
      try {
        repository.finish(created, repository.writeContent(created, source), "-");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return created;
    });
    assertThat(source.largestRead).isLessThanOrEqualTo(AttachmentRepository.CHUNK);
    Attachment a = repository.find(stored).orElseThrow();
    assertThat(a.size()).isEqualTo(size);
    assertThat(a.chunkCount()).isEqualTo(51);
    MessageDigest back = MessageDigest.getInstance("SHA-256");
    long[] largestWrite = {0};
    long[] written = {0};
    repository.copyContent(a, new OutputStream() {
      @Override
      public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        back.update(b, off, len);
        largestWrite[0] = Math.max(largestWrite[0], len);
        written[0] += len;
      }
    });
    assertThat(written[0]).isEqualTo(size);
    assertThat(largestWrite[0]).isLessThanOrEqualTo(AttachmentRepository.CHUNK);
    assertThat(HexFormat.of().formatHex(back.digest())).isEqualTo(HexFormat.of().formatHex(source.sha.digest()));
  }

  /** Pseudo-random bytes made as they are read, digested on the way, remembering the largest read asked for. */
  static final class Generated extends InputStream {
    final MessageDigest sha;
    long left;
    int largestRead;
    long state = 42;

    Generated(long size) throws Exception {
      this.left = size;
      this.sha = MessageDigest.getInstance("SHA-256");
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      largestRead = Math.max(largestRead, len);
      if (left == 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      for (int i = 0; i < n; i++) {
        state = state * 6364136223846793005L + 1442695040888963407L;
        b[off + i] = (byte) (state >>> 56);
      }
      sha.update(b, off, n);
      left -= n;
      return n;
    }
  }

  long issue(String docNumber) {
    var notice = Map.of("docNumber", docNumber, "title", "关于认真学习宣传贯彻的通知", "issuerUnit", "sc",
        "issuedOn", LocalDate.now().toString(), "summary", "请及时报告。", "addresseeUnits", List.of("sccd", "sczg"),
        "reportDueDate", CascadeDriver.dueDate().toString());
    var created = as("scclerk").postForEntity("/api/notices", notice, JsonNode.class);
    assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
    new CascadeDriver(engine).runJobs();
    return created.getBody().get("id").asLong();
  }

  TestRestTemplate as(String user) {
    return anonymous.withBasicAuth(user, "demo");
  }

  static String href(ResponseEntity<JsonNode> uploaded) {
    return uploaded.getBody().get("href").asText();
  }

  static ResponseEntity<JsonNode> upload(TestRestTemplate http, String url, String name, byte[] content) {
    return http.postForEntity(url, multipart("file", name, content), JsonNode.class);
  }

  static HttpEntity<LinkedMultiValueMap<String, Object>> multipart(String field, String name, byte[] content) {
    LinkedMultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
    body.add(field, new ByteArrayResource(content) {
      @Override
      public String getFilename() {
        return name;
      }
    });
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    return new HttpEntity<>(body, headers);
  }

  int count(String sql) {
    return jdbc.queryForObject(sql, Integer.class);
  }

  static String sha256(byte[] content) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
  }
}
