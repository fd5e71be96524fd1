package org.noticecascade.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.noticecascade.e2e.Browser.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.noticecascade.notice.NoticeProcess;
import org.noticecascade.testing.CascadeDriver;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Tasklist's task tab 附件 in a real browser: the province's clerk attaches the notice's PDF as 正文 on 上传正文及附件
 * before anything is sent (拟稿 with attachBeforeDispatch); 成都市总工会's
 * clerk sees it on 签收通知 and downloads it with the session; on 学习贯彻 the clerk uploads a photo from the tab,
 * which the province then finds under the city's row in the /progress page (附件). 学习贯彻 done (through the
 * engine), the clerk attaches a photo to its 报告落实情况 from the tab, and the province's 汇总落实情况 lists it under
 * 各单位报告附件.
 * Screenshots go to target/e2e-screenshots/.
 */
@Tag("e2e")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.profiles.active=demo",
    "spring.datasource.url=jdbc:h2:mem:e2eattachments;DB_CLOSE_DELAY=-1"})
class AttachmentTabE2ETest {

  private static final String PDF_NAME = "川工发〔2023〕43号（正文）.pdf";
  private static Browser browser;

  @LocalServerPort int port;
  @Autowired TestRestTemplate anonymous;
  @Autowired JdbcTemplate jdbc;
  @Autowired ProcessEngine engine;

  @AfterAll
  static void close() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void theTabListsDownloadsAndUploads() throws Exception {
    TestRestTemplate province = anonymous.withBasicAuth("scclerk", "demo");
    // 拟稿 asks for 上传正文及附件 first: nothing is sent until the clerk has attached the 正文 in Tasklist
    var notice = Map.of("docNumber", "川工发〔2023〕43号", "title", "关于认真学习宣传贯彻的通知", "issuerUnit", "sc",
        "issuedOn", LocalDate.now().toString(), "summary", "请及时报告。", "addresseeUnits", List.of("sccd"),
        "reportDueDate", LocalDate.now().plusDays(30).toString(), "attachBeforeDispatch", true);
    long id = province.postForEntity("/api/notices", notice, JsonNode.class).getBody().get("id").asLong();
    browser = new Browser("http://localhost:" + port);
    Browser b = browser;
    b.login("tasklist", "scclerk");
    b.openTask("上传正文及附件");
    b.claim();
    b.click(By.xpath("//ul[contains(@class,'nav-tabs')]//a[normalize-space(.)='附件']"));
    Path pdf = Files.createTempDirectory("e2e").resolve(PDF_NAME);
    Files.write(pdf, "%PDF-1.7\n正文\n%%EOF\n".getBytes(StandardCharsets.UTF_8));
    b.find(By.cssSelector(".nc-attachments-upload input[type=file]")).sendKeys(pdf.toString());
    b.click(By.cssSelector(".nc-attachments-upload input[name=main]"));
    b.click(By.xpath("//form[contains(@class,'nc-attachments-upload')]//button[normalize-space(.)='上传']"));
    b.find(By.xpath("//a[contains(@class,'nc-attachment-link')][normalize-space(.)='" + PDF_NAME + "']"));
    b.screenshot("attachments-draft-upload");
    assertThat(jdbc.queryForObject("select count(*) from cascade_unit where notice_id = ?", Integer.class, id))
        .as("nothing is sent before the files are attached").isZero();
    b.click(By.xpath("//ul[contains(@class,'nav-tabs')]//a[normalize-space(.)='表单']"));
    b.click(By.xpath("//label[contains(normalize-space(.),'正文及附件已上传')]"));
    b.complete();
    assertThat(jdbc.queryForObject("select is_main from attachment where file_name = ?", Boolean.class, PDF_NAME))
        .isTrue();

    b.login("tasklist", "sccdclerk");
    b.openTask("签收通知");
    b.click(By.xpath("//ul[contains(@class,'nav-tabs')]//a[normalize-space(.)='附件']"));
    b.find(By.xpath("//a[contains(@class,'nc-attachment-link')][normalize-space(.)='" + PDF_NAME + "']"));
    b.find(text("td", "正文"));
    b.screenshot("attachments-acknowledge");
    // the district's clerk downloads it with the Tasklist session: an attachment with its Chinese name
    String href = b.find(By.cssSelector("a.nc-attachment-link")).getAttribute("href");
    Object answer = ((JavascriptExecutor) b.driver).executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "fetch(arguments[0]).then(r => done(r.status + ' ' + r.headers.get('content-disposition')"
        + " + ' ' + r.headers.get('x-content-type-options')));", href);
    assertThat(String.valueOf(answer)).startsWith("200 attachment;").contains("filename*=UTF-8''").endsWith("nosniff");
    // no upload control on 签收
    assertThat(b.driver.findElements(By.cssSelector(".nc-attachments-upload"))).isEmpty();

    b.click(By.xpath("//ul[contains(@class,'nav-tabs')]//a[normalize-space(.)='表单']"));
    b.claim();
    b.complete();

    b.openTask("学习贯彻");
    b.claim();
    b.click(By.xpath("//ul[contains(@class,'nav-tabs')]//a[normalize-space(.)='附件']"));
    Path photo = Files.createTempDirectory("e2e").resolve("专题学习会.jpg");
    Files.write(photo, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'});
    b.find(By.cssSelector(".nc-attachments-upload input[type=file]")).sendKeys(photo.toString());
    b.click(By.xpath("//form[contains(@class,'nc-attachments-upload')]//button[normalize-space(.)='上传']"));
    b.find(By.xpath("//a[contains(@class,'nc-attachment-link')][normalize-space(.)='专题学习会.jpg']"));
    b.find(text("*", "已上传：专题学习会.jpg"));
    b.screenshot("attachments-study-upload");
    assertThat(jdbc.queryForObject("select owner_kind from attachment where unit_code = 'sccd'", String.class))
        .isEqualTo("study");

    // the province's progress view lists the city's files under its row
    b.login("tasklist", "scclerk");
    b.driver.get("http://localhost:" + port + "/progress?notice=" + id);
    b.click(By.cssSelector("li[data-unit='sccd'] .ncp-files-button"));
    b.find(By.xpath("//ul[contains(@class,'ncp-files')]//a[normalize-space(.)='专题学习会.jpg']"));
    b.screenshot("attachments-progress");

    // 不再下发 and 学习贯彻 done through the engine; on 报告落实情况 the clerk attaches a photo to the report
    CascadeDriver driver = CascadeDriver.withJobExecutor(engine);
    ProcessInstance city = driver.unitInstance(id, "sccd");
    driver.keep(city, "本单位学习，不再下发");
    driver.study(city, 30, false);
    b.login("tasklist", "sccdclerk");
    b.openTask("报告落实情况");
    b.claim();
    b.click(By.xpath("//ul[contains(@class,'nav-tabs')]//a[normalize-space(.)='附件']"));
    Path reportPhoto = photo.resolveSibling("学习会现场.png");
    Files.write(reportPhoto, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D});
    b.find(By.cssSelector(".nc-attachments-upload input[type=file]")).sendKeys(reportPhoto.toString());
    b.click(By.xpath("//form[contains(@class,'nc-attachments-upload')]//button[normalize-space(.)='上传']"));
    b.find(text("*", "已上传：学习会现场.png"));
    b.screenshot("attachments-report-upload");
    assertThat(jdbc.queryForObject("select owner_kind from attachment where file_name = '学习会现场.png'",
        String.class)).isEqualTo("report");

    // the province's 汇总落实情况 lists it under 各单位报告附件 with the city's name, not the study photo
    ProcessInstance issuer = engine.getRuntimeService().createProcessInstanceQuery()
        .processDefinitionKey(NoticeProcess.KEY).variableValueEquals(NoticeProcess.NOTICE_ID, id).singleResult();
    driver.summarizeNow(issuer);
    b.login("tasklist", "scclerk");
    b.openTask("汇总落实情况");
    b.click(By.xpath("//ul[contains(@class,'nav-tabs')]//a[normalize-space(.)='附件']"));
    b.find(text("h4", "各单位报告附件"));
    b.find(By.xpath("//table[contains(@class,'nc-attachments-reports')]//a[contains(@class,'nc-attachment-link')]"
        + "[normalize-space(.)='学习会现场.png']"));
    b.find(By.xpath("//table[contains(@class,'nc-attachments-reports')]//td[normalize-space(.)='报告（成都市总工会）']"));
    assertThat(b.driver.findElements(By.xpath("//table[contains(@class,'nc-attachments-reports')]"
        + "//a[normalize-space(.)='专题学习会.jpg']"))).isEmpty();
    b.screenshot("attachments-summary-reports");
  }
}
