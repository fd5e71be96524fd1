package org.noticecascade.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.noticecascade.e2e.Browser.field;
import static org.noticecascade.e2e.Browser.text;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.noticecascade.progress.UnitStatus;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The README's walk-through in a real browser, in Chinese: 四川省总工会's clerk issues 川工发〔2023〕43号 from the
 * Tasklist start form; 成都市总工会's clerk acknowledges, relays to its districts, records study and reports; the
 * provincial clerk returns the report once with a reason; it is fixed and accepted; a leader sees the instance and
 * its called instances in Cockpit. Screenshots go to target/e2e-screenshots/.
 */
@Tag("e2e")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.profiles.active=demo",
    "spring.datasource.url=jdbc:h2:mem:e2e;DB_CLOSE_DELAY=-1"})
class TasklistWalkThroughE2ETest {

  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy/MM/dd");
  private static Browser browser;

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired JdbcTemplate jdbc;


  @AfterAll
  static void close() {
    if (browser != null) {
      browser.close();
    }
  }

  private Browser browser() {
    if (browser == null) {
      browser = new Browser("http://localhost:" + port);
    }
    return browser;
  }

  @Test
  void aNoticeGoesDownAndItsReportComesBackUp() {
    Browser b = browser();
    LocalDate today = LocalDate.now();

    // 四川省总工会 issues the notice from the start form
    b.login("tasklist", "scclerk");
    b.find(text("*", "本单位待办"));
    b.screenshot("tasklist-zh");
    b.click(text("a", "发起流程"));
    b.click(By.xpath("//div[contains(@class,'modal')]//*[normalize-space(text())='通知发文与汇总']"));
    b.type("docNumber", "川工发〔2023〕43号");
    b.date("issuedOn", today.format(SHOWN));
    b.type("title", "四川省总工会关于认真学习宣传贯彻《习近平关于工人阶级和工会工作论述摘编》的通知");
    b.type("summary", "各单位学习宣传贯彻情况要及时报告省总工会办公室。");
    b.click(By.xpath("//label[normalize-space(.)='地方总工会']"));
    // 主送 one more unit by part of its name: the picker offers the units the clerk's unit may address
    WebElement addressees = b.find(By.cssSelector("[id$='Field_addresseeUnits'] .fjs-taglist-input, "
        + ".fjs-form-field-taglist .fjs-taglist-input"));
    addressees.click();
    addressees.sendKeys("教育");
    b.click(By.xpath("//*[contains(@class,'fjs-dropdownlist-item')][normalize-space(.)='四川省教育工会']"));
    b.find(By.xpath("//*[contains(@class,'fjs-taglist-tag')][contains(normalize-space(.),'四川省教育工会')]"));
    addressees.sendKeys(Keys.TAB);
    b.date("reportDueDate", today.plusDays(30).format(SHOWN));
    b.screenshot("start-form");
    b.click(By.cssSelector(".modal-footer .btn-primary"));
    b.waitUpTo(20).until(d -> jdbc.queryForObject("select count(*) from notice", Integer.class) == 1);
    long noticeId = jdbc.queryForObject("select id from notice", Long.class);
    assertThat(jdbc.queryForObject("select addressee_units from notice", String.class)).isEqualTo("scjy");
    b.waitUpTo(30).until(d -> status(noticeId, "scjy") != null);

    // 成都市总工会 acknowledges
    b.login("tasklist", "sccdclerk");
    b.openTask("签收通知");
    // the list's columns: the notice's 文号 and title on the task's card (the other two behind its arrow)
    b.find(By.xpath("//*[contains(@class,'tasks-list')]//*[normalize-space(text())='川工发〔2023〕43号']"));
    b.find(By.xpath("//*[contains(@class,'tasks-list')]//*[starts-with(normalize-space(text()),'四川省总工会关于认真学习')]"));
    b.screenshot("tasklist-columns");
    b.claim();
    assertThat(b.find(field("docNumber")).getAttribute("value")).isEqualTo("川工发〔2023〕43号");
    b.screenshot("acknowledge");
    b.complete();

    // … relays to its districts with an earlier deadline
    b.openTask("向下级传达");
    b.claim();
    b.click(By.xpath("//label[normalize-space(.)='地方总工会']"));
    // Camunda Forms' own words read in Chinese too (tasklist/scripts/form-zh.js): the unit picker …
    WebElement unitPicker = b.find(By.cssSelector(".fjs-taglist-input"));
    b.waitUpTo(10).until(d -> "输入名称检索".equals(unitPicker.getAttribute("placeholder")));
    unitPicker.click();
    unitPicker.sendKeys("没有这个单位");
    b.find(By.xpath("//*[contains(@class,'fjs-dropdownlist-empty')][normalize-space(.)='没有匹配的选项']"));
    b.screenshot("relay-unit-picker");
    for (int i = 0; i < "没有这个单位".length(); i++) {
      unitPicker.sendKeys(Keys.BACK_SPACE);
    }
    unitPicker.sendKeys(Keys.TAB);
    assertThat(b.find(By.cssSelector("[id$='Field_relayDueDate-date']")).getAttribute("placeholder")).isEqualTo("年/月/日");
    // … and the date picker's month and weekdays
    b.find(By.cssSelector("[id$='Field_relayDueDate-date']")).click();
    String month = today.getMonthValue() + "月";
    b.waitUpTo(10).until(d -> d.findElements(By.cssSelector(".flatpickr-calendar.open .flatpickr-monthDropdown-month"))
        .stream().anyMatch(o -> o.isSelected() && o.getText().trim().equals(month)));
    assertThat(b.driver.findElements(By.cssSelector(".flatpickr-calendar.open .flatpickr-weekday")))
        .extracting(e -> e.getText().trim()).containsExactly("日", "一", "二", "三", "四", "五", "六");
    b.screenshot("relay-date-picker");
    b.date("relayDueDate", today.plusDays(20).format(SHOWN));
    b.type("relayInstructions", "请各区（市）县总工会于截止日期前报告学习贯彻情况。");
    // the 转发 in the city's own name: its title comes prefilled from the notice, its own 文号 is typed
    assertThat(b.find(field("relayTitle")).getAttribute("value")).startsWith("转发川工发〔2023〕43号《");
    b.type("relayDocNumber", "成工发〔2023〕12号");
    b.screenshot("relay");
    b.complete();
    b.waitUpTo(30).until(d -> status(noticeId, "sccdjj") != null);
    assertThat(jdbc.queryForObject("select relay_doc_number from cascade_unit where notice_id = ? and unit_code = 'sccd'",
        String.class, noticeId)).isEqualTo("成工发〔2023〕12号");

    // 锦江区总工会 sees 成都市总工会's 转发 first and the notice beneath it as 依据
    b.login("tasklist", "sccdjjclerk");
    b.openTask("签收通知");
    b.claim();
    assertThat(b.find(field("forwardDocNumber")).getAttribute("value")).isEqualTo("成工发〔2023〕12号");
    assertThat(b.find(field("forwardUnitName")).getAttribute("value")).isEqualTo("成都市总工会");
    assertThat(b.find(field("docNumber")).getAttribute("value")).isEqualTo("川工发〔2023〕43号");
    b.find(By.xpath("//h4[normalize-space(.)='依据：原通知']"));
    b.screenshot("acknowledge-forward");
    b.login("tasklist", "sccdclerk");

    // … records a study activity; with a required field empty the form shows its error and nothing completes
    b.openTask("学习贯彻");
    b.claim();
    b.type("participants", "45");
    WebElement summary = b.find(field("studySummary"));
    summary.click();
    b.find(field("participants")).click();
    b.find(By.xpath("//*[contains(@class,'fjs-form-field-error')][normalize-space(.)='此项必填。']"));
    assertThat(b.completeButton().isEnabled()).isFalse();
    b.screenshot("study-required-field");
    assertThat(status(noticeId, "sccd")).isEqualTo(UnitStatus.RELAYED);
    b.type("studySummary", "市总党组召开专题学习会，原原本本学习《论述摘编》。");
    b.find(By.xpath("//*[contains(@class,'fjs-select-placeholder')][normalize-space(.)='请选择']"));
    b.click(By.cssSelector(".fjs-form-field-select .fjs-input-group"));
    b.click(By.xpath("//*[contains(@class,'fjs-dropdownlist')]//*[normalize-space(text())='专题学习会']"));
    b.date("studyDate", today.format(SHOWN));
    b.screenshot("study");
    b.complete();

    // … and reports
    b.openTask("报告落实情况");
    b.claim();
    assertThat(b.find(field("subordinateReports")).getAttribute("value")).contains("锦江区总工会");
    b.type("reportText", "成都市总工会已传达至各区（市）县总工会，并召开专题学习会。");
    b.screenshot("report");
    b.complete();

    // 四川省总工会 returns it once with a reason
    b.login("tasklist", "scclerk");
    b.openTask("审核下级报告");
    b.claim();
    b.click(By.xpath("//label[normalize-space(.)='退回修改']"));
    b.type("returnReason", "请补充各区（市）县总工会的传达情况。");
    b.screenshot("review-return");
    b.complete();
    assertThat(status(noticeId, "sccd")).isEqualTo(UnitStatus.RETURNED);

    // 成都市总工会 sees the reason and fixes the report
    b.login("tasklist", "sccdclerk");
    b.openTask("报告落实情况");
    b.claim();
    assertThat(b.find(field("returnReason")).getAttribute("value")).isEqualTo("请补充各区（市）县总工会的传达情况。");
    b.screenshot("report-returned");
    b.type("reportText", "成都市总工会已传达至全部 23 个区（市）县总工会，各区县正在组织学习。");
    b.complete();

    // … and it is accepted
    b.login("tasklist", "scclerk");
    b.openTask("审核下级报告");
    b.claim();
    b.click(By.xpath("//label[normalize-space(.)='通过']"));
    b.complete();
    assertThat(status(noticeId, "sccd")).isEqualTo(UnitStatus.ACCEPTED);

    // a leader watches in Cockpit: the notice's instance and the units' called instances
    String instance = jdbc.queryForObject("select process_instance_id from notice where id = ?", String.class, noticeId);
    b.login("cockpit", "scleader");
    b.driver.get(b.driver.getCurrentUrl().replaceAll("#.*", "") + "#/process-instance/" + instance
        + "/runtime?tab=called-process-instances-tab");
    b.find(text("td", "单位签收传达报告"));
    assertThat(b.driver.findElements(text("td", "单位签收传达报告")).size()).isGreaterThanOrEqualTo(10);
    b.screenshot("cockpit-called-instances");
  }

  private UnitStatus status(long noticeId, String unit) {
    var units = jdbc.queryForList("select status from cascade_unit where notice_id = ? and unit_code = ?",
        String.class, noticeId, unit);
    return units.isEmpty() ? null : UnitStatus.ofKey(units.get(0));
  }
}
