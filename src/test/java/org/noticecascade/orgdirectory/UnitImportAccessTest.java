package org.noticecascade.orgdirectory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.noticecascade.web.DemoApiOnPostgres;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;

/**
 * The org tree decides whom notices address: only an administrator may import it, an upload is bounded, and a
 * refused or bad import changes nothing.
 */
class UnitImportAccessTest extends DemoApiOnPostgres {

  private static final String DEMOTE_CHENGDU = "code,name,kind,parentCode\nsccd,成都市总工会,GRASSROOTS_UNION,sc\n";
  private static final int TEN_MB = 10 * 1024 * 1024;

  private ResponseEntity<JsonNode> upload(TestRestTemplate who, byte[] csv) {
    HttpHeaders part = new HttpHeaders();
    part.setContentType(MediaType.parseMediaType("text/csv"));
    var form = new LinkedMultiValueMap<String, Object>();
    form.add("file", new HttpEntity<>(new ByteArrayResource(csv) {
      @Override
      public String getFilename() {
        return "units.csv";
      }
    }, part));
    HttpHeaders h = new HttpHeaders();
    h.setContentType(MediaType.MULTIPART_FORM_DATA);
    return who.postForEntity("/api/units/import", new HttpEntity<>(form, h), JsonNode.class);
  }

  private String kindOf(String code) {
    return jdbc.queryForObject("select kind from unit where code = ?", String.class, code);
  }

  private int units() {
    return count("select count(*) from unit");
  }

  @Test
  void onlyAnAdministratorChangesTheOrgTreeAndABadFileChangesNothing() {
    int before = units();
    byte[] demote = DEMOTE_CHENGDU.getBytes(StandardCharsets.UTF_8);
    for (String user : new String[] {"sccdjjclerk", "sccdclerk", "scclerk", "scleader"}) {
      ResponseEntity<JsonNode> asBody = postCsv(as(user), demote);
      assertThat(asBody.getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(asBody.getBody().get("detail").asText()).contains("只有系统管理员");
      assertThat(upload(as(user), demote).getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
      // a new unit as well: creating its group is not what stops it
      assertThat(postCsv(as(user), "code,name,kind,parentCode\nsccdjjnew,新单位,GRASSROOTS_UNION,sccdjj\n"
          .getBytes(StandardCharsets.UTF_8)).getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
    }
    assertThat(kindOf("sccd")).isEqualTo("LOCAL_FEDERATION");
    assertThat(as("sccdclerk").getForObject("/api/units/sccd", JsonNode.class).get("kindLabel").asText())
        .isEqualTo("地方总工会");
    assertThat(units()).isEqualTo(before);
    assertThat(engine.getIdentityService().createGroupQuery().groupId("sccdjjnew").count()).isZero();

    // the administrator's file with one good change, one new unit and one bad line: none of it is kept
    ResponseEntity<JsonNode> bad = upload(as("admin"), """
        code,name,kind,parentCode
        sczg,自贡市总工会（改名）,LOCAL_FEDERATION,sc
        sczgnew,自贡新单位,GRASSROOTS_UNION,sczg
        sczgbad,坏单位,NO_SUCH_KIND,sczg
        """.getBytes(StandardCharsets.UTF_8));
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(bad.getBody().get("detail").asText()).contains("第4行", "NO_SUCH_KIND");
    assertThat(jdbc.queryForObject("select name from unit where code = 'sczg'", String.class)).isEqualTo("自贡市总工会");
    assertThat(units()).isEqualTo(before);
    assertThat(engine.getIdentityService().createGroupQuery().groupId("sczgnew").count()).isZero();

    ResponseEntity<JsonNode> good = upload(as("admin"), """
        code,name,kind,parentCode
        sczgnew,自贡新单位,GRASSROOTS_UNION,sczg
        """.getBytes(StandardCharsets.UTF_8));
    assertThat(good.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(good.getBody().get("created").asInt()).isEqualTo(1);
    assertThat(kindOf("sczgnew")).isEqualTo("GRASSROOTS_UNION");
    assertThat(engine.getIdentityService().createGroupQuery().groupId("sczgnew").singleResult().getName())
        .isEqualTo("自贡新单位");
  }

  /** Read as it arrives: a file whose encoding changes after its first 64 KB is refused whole when that comes. */
  @Test
  void aFileIsReadAsAStreamAndRefusedWholeWhereItTurnsBad() {
    int before = units();
    StringBuilder utf8 = new StringBuilder("code,name,kind,parentCode\n");
    for (int i = 1; i <= 2000; i++) {
      utf8.append("scmix").append(i).append(",混合编码测试单位").append(i).append(",AFFILIATED_UNIT,sc\n");
    }
    byte[] head = utf8.toString().getBytes(StandardCharsets.UTF_8);
    byte[] tail = "scmixgbk,国标编码单位,AFFILIATED_UNIT,sc\n".getBytes(java.nio.charset.Charset.forName("GBK"));
    byte[] file = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, file, head.length, tail.length);
    assertThat(head.length).isGreaterThan(64 * 1024);

    ResponseEntity<JsonNode> r = postCsv(as("admin"), file);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(r.getBody().get("detail").asText()).contains("文件前部为 UTF-8 编码", "同一种编码");
    assertThat(count("select count(*) from unit where code like 'scmix%'")).isZero();
    assertThat(units()).isEqualTo(before);
  }

  /**
   * A file of one new unit and padding (empty lines, which the reader skips), sized around the 10 MB limit: below
   * it the unit is imported, beyond it the upload is refused with 413 before anything is written.
   */
  @Test
  void uploadsAreBoundedAtTenMegabytes() {
    int before = units();
    for (boolean multipart : new boolean[] {true, false}) {
      String code = multipart ? "scbigpart" : "scbigbody";
      byte[] over = padded(code, TEN_MB + 4096);
      ResponseEntity<JsonNode> r = multipart ? upload(as("admin"), over) : postCsv(as("admin"), over);
      assertThat(r.getStatusCode()).as(code).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
      assertThat(r.getBody().get("detail").asText()).as(code).contains("不得超过 10 MB");
      assertThat(count("select count(*) from unit where code = ?", code)).isZero();
    }
    assertThat(units()).isEqualTo(before);

    byte[] under = padded("scbigok", TEN_MB - 4096);
    ResponseEntity<JsonNode> ok = postCsv(as("admin"), under);
    assertThat(ok.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(kindOf("scbigok")).isEqualTo("AFFILIATED_UNIT");
  }

  private static byte[] padded(String code, int size) {
    byte[] head = ("code,name,kind,parentCode\n" + code + ",测试大文件单位,AFFILIATED_UNIT,sc\n")
        .getBytes(StandardCharsets.UTF_8);
    byte[] file = new byte[size];
    Arrays.fill(file, (byte) '\n');
    System.arraycopy(head, 0, file, 0, head.length);
    return file;
  }
}
