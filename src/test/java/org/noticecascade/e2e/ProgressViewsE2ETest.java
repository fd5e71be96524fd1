package org.noticecascade.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.noticecascade.e2e.Browser.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.noticecascade.cascade.UnitCascadeProcess;
import org.noticecascade.notice.NoticeProcess;
import org.noticecascade.support.EngineClock;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.RecountedRates;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The progress views in a real browser: a leader sees a notice's cascade as a tree of units in Cockpit (the tab
 * 传达进度 on the notice's instance and on a unit's instance, and the dashboard entry 通知传达进度) and on the
 * /progress page at a phone's size, with the same numbers as the API. The notice's title carries markup, which
 * must show as text. Screenshots go to target/e2e-screenshots/.
 */
@Tag("e2e")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.profiles.active=demo",
    "spring.datasource.url=jdbc:h2:mem:progress-e2e;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false"})
class ProgressViewsE2ETest {

  static final String TITLE = "关于认真学习宣传贯彻《论述摘编》的通知<img src=x onerror=alert(1)>";

  private static Browser browser;
  private static long noticeId;
  private static String noticeInstance;
  private static String sccdInstance;

  /** A failing step leaves a picture of the page behind (target/e2e-screenshots/…-failed-<test>.png). */
  @RegisterExtension
  static final TestWatcher PICTURE_ON_FAILURE = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      if (browser != null) {
        browser.screenshot("failed-" + context.getRequiredTestMethod().getName());
      }
    }
  };

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired TestRestTemplate anonymous;

  @AfterAll
  static void close() {
    ClockUtil.reset();
    if (browser != null) {
      browser.close();
    }
  }

  private Browser browser() {
    if (browser == null) {
      browser = new Browser(base());
    }
    return browser;
  }

  private String base() {
    return "http://localhost:" + port;
  }

  /**
   * 四川省总工会 sends the notice to its 市（州）总工会: 成都 relays to its districts and 锦江区 to its streets;
   * 绵阳 is accepted, 自贡 returned, 乐山 has reported, 阿坝 studied, 德阳 acknowledged; then the engine's clock
   * passes the report due date, so everyone who has not reported is overdue, reminded and chased.
   */
  private void scenario() {
    if (noticeId != 0) {
      return;
    }
    CascadeDriver d = new CascadeDriver(engine);
    ProcessInstance notice = d.startNotice("川工发〔2026〕7号", "sc", List.of("LOCAL_FEDERATION"), List.of(), true, false,
        Map.of(NoticeProcess.TITLE, TITLE));
    noticeId = d.noticeId(notice);
    noticeInstance = notice.getId();
    ProcessInstance sccd = d.unitInstance(noticeId, "sccd");
    sccdInstance = sccd.getId();
    d.acknowledge(sccd);
    d.relay(sccd, List.of("LOCAL_FEDERATION"), List.of());
    ProcessInstance jinjiang = d.unitInstance(noticeId, "sccdjj");
    d.acknowledge(jinjiang);
    d.relay(jinjiang, List.of("TOWNSHIP_FEDERATION"), List.of());
    d.study(jinjiang, 40, false);
    d.leafDone(d.unitInstance(noticeId, "scmy"));
    // 自贡's clerk and the province's, logged in as in Tasklist: its 留痕 names them
    ProcessInstance zigong = d.unitInstance(noticeId, "sczg");
    completeAs(d, "sczgclerk", zigong, UnitCascadeProcess.TASK_ACKNOWLEDGE, CascadeDriver.acknowledgeForm());
    completeAs(d, "sczgclerk", zigong, UnitCascadeProcess.TASK_STUDY, CascadeDriver.studyForm(20, false));
    completeAs(d, "sczgclerk", zigong, UnitCascadeProcess.TASK_REPORT, CascadeDriver.reportForm("已组织学习<b>全体职工</b>"));
    completeAs(d, "scclerk", zigong, UnitCascadeProcess.TASK_REVIEW, Map.of(UnitCascadeProcess.REVIEW_DECISION,
        UnitCascadeProcess.RETURN, UnitCascadeProcess.RETURN_REASON, "请补充<script>alert(2)</script>各区县情况"));
    ProcessInstance leshan = d.unitInstance(noticeId, "scls");
    d.acknowledge(leshan);
    d.study(leshan, 25, false);
    d.report(leshan, "已学习");
    ProcessInstance aba = d.unitInstance(noticeId, "scab");
    d.acknowledge(aba);
    d.study(aba, 15, false);
    d.acknowledge(d.unitInstance(noticeId, "scdy"));
    LocalDate due = CascadeDriver.dueDate();
    ClockUtil.setCurrentTime(Date.from(due.plusDays(8).atTime(10, 0).atZone(EngineClock.zone()).toInstant()));
    d.runJobs();
  }

  /** A clerk completes a task logged in; the jobs after it run as the job executor's, logged in as nobody. */
  private void completeAs(CascadeDriver d, String user, ProcessInstance pi, String taskKey, Map<String, Object> form) {
    String task = d.task(pi, taskKey).getId();
    // the demo's clerk of unit X is Xclerk, in the unit's group X
    engine.getIdentityService().setAuthentication(user, List.of(user.substring(0, user.length() - "clerk".length())));
    try {
      engine.getTaskService().complete(task, form);
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
    d.runJobs();
  }

  private JsonNode api(String user, String path) {
    ResponseEntity<JsonNode> r = anonymous.withBasicAuth(user, "demo").getForEntity(path, JsonNode.class);
    assertThat(r.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
    return r.getBody();
  }

  @Test
  void cockpitShowsTheCascadeAsATreeOfUnits() {
    scenario();
    Browser b = browser();
    b.desktop();
    b.login("cockpit", "scleader");

    // the dashboard lists the notice, its title as text
    WebElement item = b.find(By.cssSelector(".ncp-notice[data-notice='" + noticeId + "']"));
    assertThat(item.findElement(By.cssSelector(".ncp-notice-title")).getText()).isEqualTo(TITLE);
    assertThat(item.getText()).contains("川工发〔2026〕7号", "四川省总工会", "传达中");
    assertNoMarkupRendered(b);
    b.screenshot("progress-cockpit-dashboard");

    // … and links to the notice's progress inside Cockpit
    item.findElement(By.tagName("a")).click();
    b.find(By.cssSelector(".ncp-cockpit-page .ncp-progress"));
    assertThat(b.driver.getCurrentUrl()).endsWith("#/notice-progress/" + noticeId);
    assertSameAsApi(b, "scleader", "");

    // the tab 传达进度 on the notice's own instance
    openTab(b, noticeInstance, "sc");
    assertThat(b.find(By.cssSelector(".ncp-progress h2")).getText()).isEqualTo(TITLE);
    assertNoMarkupRendered(b);
    assertSameAsApi(b, "scleader", "");

    // opening 成都市总工会 loads its districts, opening 锦江区总工会 its streets
    expand(b, "sccd", "scleader");
    b.screenshot("progress-cockpit-tab");

    // 留痕 of 自贡 (its report returned): a panel under its row, oldest first, the reason as text
    b.click(By.cssSelector("li[data-unit='sczg'] > .ncp-row .ncp-audit-button"));
    By auditRows = By.cssSelector("li[data-unit='sczg'] > .ncp-audit tbody tr");
    b.find(auditRows);
    List<WebElement> rows = b.driver.findElements(auditRows);
    assertThat(rows.stream().map(r -> r.getAttribute("data-step")).toList())
        .containsExactly("acknowledge", "study", "report", "return");
    assertThat(rows.get(0).getText()).contains("签收", "自贡市总工会经办人（自贡市总工会）");
    assertThat(rows.get(3).getText()).contains("审核退回", "四川省总工会经办人（四川省总工会）",
        "退回修改：请补充<script>alert(2)</script>各区县情况");
    assertThat(rows.size()).isEqualTo(api("scleader", "/api/notices/" + noticeId + "/audit?unit=sczg")
        .get("entries").size());
    assertNoMarkupRendered(b);
    b.scrollTo(b.find(By.cssSelector("li[data-unit='sczg']")));
    b.screenshot("progress-audit-panel");
    b.click(By.cssSelector("li[data-unit='sczg'] > .ncp-row .ncp-audit-button"));
    assertThat(b.driver.findElements(By.cssSelector("li[data-unit='sczg'] > .ncp-audit"))).isEmpty();
    expand(b, "sccdjj", "scleader");
    b.scrollTo(b.find(By.cssSelector("li[data-unit='sccdjj']")));
    b.screenshot("progress-cockpit-tab-streets");

    // a unit's own instance shows that unit's subtree
    openTab(b, sccdInstance, "sccd");
    assertThat(b.find(By.cssSelector(".ncp-scope")).getText()).isEqualTo("显示范围：成都市总工会及其下级单位");
    assertSameAsApi(b, "scleader", "sccd");
    assertThat(b.driver.findElement(By.cssSelector(".ncp-export")).getAttribute("href"))
        .endsWith("/api/notices/" + noticeId + "/progress.xlsx?unit=sccd");
    b.screenshot("progress-cockpit-unit-tab");
  }

  @Test
  void theProgressPageAsksForALoginAndFitsAPhone() {
    scenario();
    Browser b = browser();
    b.driver.get(base() + "/progress");
    b.driver.manage().deleteAllCookies();
    b.phone();

    // no session: the page asks for a login, then comes back to the notice
    b.driver.get(base() + "/progress?notice=" + noticeId);
    b.find(By.id("login"));
    assertThat(b.driver.findElements(By.cssSelector(".ncp-progress"))).isEmpty();
    b.screenshot("progress-phone-login");
    logIn(b, "sccdclerk", "wrong");
    b.waitUpTo(Browser.PATIENCE).until(d -> !d.findElement(By.cssSelector(".login-error")).getText().isEmpty());
    assertThat(b.find(By.cssSelector(".login-error")).getText()).contains("用户名或密码错误");
    logIn(b, "scleader", "demo");
    b.find(By.cssSelector(".ncp-progress"));
    assertThat(b.driver.getCurrentUrl()).endsWith("/progress?notice=" + noticeId);
    assertThat(b.find(By.cssSelector(".ncp-progress h2")).getText()).isEqualTo(TITLE);
    assertNoMarkupRendered(b);
    assertSameAsApi(b, "scleader", "");
    b.screenshot("progress-phone-notice");
    expand(b, "sccd", "scleader");
    assertFitsTheScreen(b);
    b.fullScreenshot("progress-phone-notice-whole", 2600);
    WebElement overdue = b.find(By.cssSelector(".ncp-overdue-section"));
    b.scrollTo(overdue);
    b.screenshot("progress-phone-overdue");

    // the Excel export answers to the same session
    String href = b.driver.findElement(By.cssSelector(".ncp-export")).getAttribute("href");
    assertThat(href).endsWith("/api/notices/" + noticeId + "/progress.xlsx?unit=sc");
    Object download = ((JavascriptExecutor) b.driver).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "fetch(arguments[0]).then(r => done(r.status + ' ' + r.headers.get('Content-Type')));", href);
    assertThat(download).isEqualTo("200 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    // the list of notices
    b.click(By.cssSelector(".ncp-back"));
    WebElement item = b.find(By.cssSelector(".ncp-notice[data-notice='" + noticeId + "']"));
    assertThat(item.findElement(By.cssSelector(".ncp-notice-title")).getText()).isEqualTo(TITLE);
    assertNoMarkupRendered(b);
    assertFitsTheScreen(b);
    b.screenshot("progress-phone-list");

    // after 退出 the API no longer answers this browser; 成都's leader sees 成都's part only
    b.click(By.id("logout"));
    b.find(By.id("login"));
    Object status = ((JavascriptExecutor) b.driver).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "fetch('/api/notices', {headers: {'X-Requested-With': 'XMLHttpRequest'}}).then(r => done(r.status));");
    assertThat(((Number) status).intValue()).isEqualTo(401);
    logIn(b, "sccdleader", "demo");
    b.click(By.cssSelector(".ncp-notice[data-notice='" + noticeId + "'] a"));
    assertThat(b.find(By.cssSelector(".ncp-scope")).getText()).isEqualTo("显示范围：成都市总工会及其下级单位");
    assertSameAsApi(b, "sccdleader", "");
    b.desktop();
  }

  private void logIn(Browser b, String user, String password) {
    WebElement name = b.find(By.cssSelector("#login input[name=username]"));
    name.clear();
    name.sendKeys(user);
    WebElement secret = b.find(By.cssSelector("#login input[name=password]"));
    secret.clear();
    secret.sendKeys(password);
    b.click(By.cssSelector("#login button[type=submit]"));
    if ("demo".equals(password)) {
      b.waitUpTo(Browser.PATIENCE).until(d -> d.findElements(By.id("login")).isEmpty());
    }
  }

  /** Opens the tab 传达进度 of an instance; {@code root} is the unit its tree starts from. */
  private void openTab(Browser b, String processInstanceId, String root) {
    b.driver.get(base() + "/camunda/app/cockpit/default/#/process-instance/" + processInstanceId
        + "/runtime?tab=notice-progress-tab");
    // (a new hash, not a new page: wait for this instance's tab, not the view shown before)
    By view = By.cssSelector("div:not(.ncp-cockpit-page) > .ncp-progress[data-root='" + root + "']");
    b.find(view);
    // give the tabs the room of the diagram, as a reader would
    By hideDiagram = By.cssSelector("a.hide-collapsable.vertical-collapse");
    if (b.driver.findElement(hideDiagram).isDisplayed()) {
      b.click(hideDiagram);
      b.find(By.cssSelector("a.show-collapsable.vertical-collapse"));
    }
    b.find(By.cssSelector("div:not(.ncp-cockpit-page) > .ncp-progress[data-root='" + root + "'] .ncp-tree li[data-unit]"));
  }

  /** Opens a unit's node and checks that its subordinates are the API's, each with the API's status. */
  private void expand(Browser b, String unit, String user) {
    JsonNode progress = api(user, "/api/notices/" + noticeId + "/progress?unit=" + unit + "&depth=1");
    List<String> expected = new ArrayList<>();
    progress.get("units").forEach(u -> {
      if (u.get("superiorCode").asText().equals(unit)) {
        expected.add(u.get("unitCode").asText());
      }
    });
    assertThat(expected).isNotEmpty();
    By children = By.cssSelector("li[data-unit='" + unit + "'] > ul > li[data-unit]");
    if (b.driver.findElements(children).isEmpty()) {
      b.click(By.cssSelector("li[data-unit='" + unit + "'] > .ncp-row .ncp-toggle"));
    }
    b.waitUpTo(Browser.PATIENCE).until(d -> d.findElements(children).size() == expected.size());
    assertThat(b.driver.findElements(children).stream().map(e -> e.getAttribute("data-unit")).toList())
        .containsExactlyElementsOf(expected);
    List<String> late = late(api(user, "/api/notices/" + noticeId + "/overdue?unit=" + unit));
    progress.get("units").forEach(u -> {
      if (u.get("superiorCode").asText().equals(unit)) {
        assertNode(b, user, u, late);
      }
    });
  }

  /** The units late without a report, by the 督办 list. */
  private static List<String> late(JsonNode overdue) {
    List<String> late = new ArrayList<>();
    overdue.forEach(o -> {
      if (!o.hasNonNull("reportedAt")) {
        late.add(o.get("unitCode").asText());
      }
    });
    return late;
  }

  /** What the view shows equals what the API answers the same user: rates, totals, the top of the tree, overdue. */
  private void assertSameAsApi(Browser b, String user, String unit) {
    String query = unit.isEmpty() ? "" : "unit=" + unit + "&";
    JsonNode progress = api(user, "/api/notices/" + noticeId + "/progress?" + query + "depth=1");
    JsonNode overdue = api(user, "/api/notices/" + noticeId + "/overdue" + (unit.isEmpty() ? "" : "?unit=" + unit));
    JsonNode totals = progress.get("totals");
    b.waitUpTo(Browser.PATIENCE).until(d -> !d.findElements(By.cssSelector(".ncp-overdue-section .ncp-overdue, "
        + ".ncp-overdue-section .ncp-message")).isEmpty());

    assertThat(rate(b, "reached")).isEqualTo(totals.get("reached").asText());
    // the cards against a recount of every unit of the part shown (the answer above lists only its top)
    RecountedRates recount = RecountedRates.of(api(user, "/api/notices/" + noticeId + "/progress"
        + (unit.isEmpty() ? "" : "?unit=" + unit)).get("units"));
    assertThat(List.of(rate(b, "acknowledgedRate"), rate(b, "reportedRate"), rate(b, "acceptedRate"),
        rate(b, "completedRate"))).containsExactly(recount.acknowledgedRate(), recount.reportedRate(),
        recount.acceptedRate(), recount.completedRate());
    assertThat(detail(b, "completedRate")).isEqualTo("已通过 " + recount.accepted() + " / 应报告 "
        + recount.mustReport());
    for (String rate : List.of("acknowledgedRate", "reportedRate", "acceptedRate", "completedRate")) {
      assertThat(rate(b, rate)).as(rate).isEqualTo(progress.get(rate).asText());
    }
    if (progress.has("relayedRate")) {
      assertThat(rate(b, "relayedRate")).isEqualTo(progress.get("relayedRate").asText());
    }
    assertThat(rate(b, "returned")).isEqualTo(totals.get("returned").asText());
    List<String> late = late(overdue);
    assertThat(late).isNotEmpty();
    assertThat(rate(b, "overdue"))
        .isEqualTo(totals.has("overdue") ? totals.get("overdue").asText() : String.valueOf(late.size()));

    String root = progress.get("rootUnit").asText();
    int shown = 0;
    for (JsonNode u : progress.get("units")) {
      if (u.get("unitCode").asText().equals(root) || u.get("superiorCode").asText().equals(root)) {
        assertNode(b, user, u, late);
        shown++;
      }
    }
    assertThat(shown).isGreaterThan(1);

    List<WebElement> items = b.driver.findElements(By.cssSelector(".ncp-overdue-item"));
    assertThat(items).hasSize(overdue.size());
    for (JsonNode o : overdue) {
      WebElement entry = b.driver.findElement(By.cssSelector(".ncp-overdue-item[data-unit='"
          + o.get("unitCode").asText() + "']"));
      assertThat(entry.getAttribute("textContent")).contains(o.get("unitName").asText(),
          "逾期 " + o.get("daysLate").asInt() + " 天", "催办 " + o.get("remindersSent").asInt() + " 次");
    }
  }

  private void assertNode(Browser b, String user, JsonNode u, List<String> late) {
    String code = u.get("unitCode").asText();
    WebElement node = b.driver.findElement(By.cssSelector("li[data-unit='" + code + "']"));
    WebElement row = node.findElement(By.cssSelector(":scope > .ncp-row"));
    String shown = row.getAttribute("textContent");
    assertThat(row.findElement(By.cssSelector(".ncp-chip")).getAttribute("textContent")).as(code)
        .isEqualTo(u.get("statusLabel").asText());
    assertThat(shown).contains(u.get("unitName").asText());
    JsonNode s = u.get("subtree");
    if (s.get("reached").asInt() > 1) {
      assertThat(shown).as(code).contains(String.format("共 %d 个单位 · 签收 %d · 传达 %d · 报告 %d · 通过 %d",
          s.get("reached").asInt(), s.get("acknowledged").asInt(), s.get("relayed").asInt(),
          s.get("reported").asInt(), s.get("accepted").asInt()));
      // its bar's label: the subtree's rates, recounted from its units
      RecountedRates r = RecountedRates.of(api(user, "/api/notices/" + noticeId + "/progress?unit=" + code)
          .get("units"));
      assertThat(row.findElement(By.cssSelector(".ncp-bar")).getAttribute("aria-label")).as(code)
          .isEqualTo("报告率 " + r.reportedRate() + " · 审核通过率 " + r.acceptedRate() + " · 办结率 "
              + r.completedRate());
    }
    boolean overdue = u.has("overdue") ? u.get("overdue").asBoolean() : late.contains(code);
    assertThat(node.getAttribute("class").contains("ncp-late")).as(code + " overdue").isEqualTo(overdue);
  }

  private static String rate(Browser b, String key) {
    return b.driver.findElement(By.cssSelector(".ncp-rate[data-rate='" + key + "'] .ncp-rate-value"))
        .getAttribute("textContent");
  }

  private static String detail(Browser b, String key) {
    return b.driver.findElement(By.cssSelector(".ncp-rate[data-rate='" + key + "'] .ncp-rate-detail"))
        .getAttribute("textContent");
  }

  /** Markup in the title, a report or a reason shows as text: no element came of it, no script ran. */
  private static void assertNoMarkupRendered(Browser b) {
    assertThat(b.driver.findElements(By.cssSelector(".ncp img, .ncp b, .ncp script"))).isEmpty();
    assertThat(b.driver.findElements(text("*", "onerror=alert(1)>"))).isNotEmpty();
    assertThatThrownBy(() -> b.driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
  }

  private static void assertFitsTheScreen(Browser b) {
    Number overflow = (Number) ((JavascriptExecutor) b.driver).executeScript(
        "return document.documentElement.scrollWidth - window.innerWidth");
    assertThat(overflow.intValue()).as("horizontal overflow in CSS pixels").isLessThanOrEqualTo(0);
  }
}
