package org.noticecascade.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.noticecascade.orgdirectory.OrgIds;
import org.noticecascade.support.EngineClock;
import org.noticecascade.testing.CascadeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * /actuator/prometheus and the health groups on the application as configured (demo org, H2): who may read them,
 * and the figures after a small cascade against the progress and the outbox. The dispatcher and the job executor
 * are off, so the outbox holds still and the test runs the jobs: the figures are exactly known.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.profiles.active=demo",
    "spring.datasource.url=jdbc:h2:mem:monitoring;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false",
    "notice-cascade.notification.dispatcher.enabled=false",
    // counted by the test itself (CascadeFigures.refresh), not by the schedule
    "notice-cascade.monitoring.refresh=1h"})
@DirtiesContext
class MonitoringTest {

  private static final String PASSWORD = "demo";
  private static final Pattern SAMPLE = Pattern.compile("^(notice_cascade_[a-z_]+)(\\{([^}]*)\\})? (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");

  @Autowired TestRestTemplate anonymous;
  @Autowired ProcessEngine engine;
  @Autowired JdbcTemplate jdbc;
  @Autowired CascadeFigures figures;

  @Test
  void metricsOnlyForAdministratorsAndTheMonitoringGroup() {
    assertThat(anonymous.getForEntity("/actuator/prometheus", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    // (a wrong password holds the user's logins back a few seconds: another user's)
    assertThat(anonymous.withBasicAuth("sccdclerk", "wrong").getForEntity("/actuator/prometheus", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    ResponseEntity<String> clerk = anonymous.withBasicAuth("scclerk", PASSWORD)
        .getForEntity("/actuator/prometheus", String.class);
    assertThat(clerk.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(clerk.getBody()).contains("monitoring");
    // a leader is no administrator either
    assertThat(anonymous.withBasicAuth("scleader", PASSWORD).getForEntity("/actuator/prometheus", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    figures.refresh();
    for (String user : List.of("monitor", "admin")) {
      ResponseEntity<String> r = anonymous.withBasicAuth(user, PASSWORD).getForEntity("/actuator/prometheus",
          String.class);
      assertThat(r.getStatusCode()).as(user).isEqualTo(HttpStatus.OK);
      assertThat(r.getBody()).as(user).contains("notice_cascade_units_reached_total", "notice_cascade_notices_open",
          "notice_cascade_engine_jobs_total{event=\"executed\"}", "jvm_memory_used_bytes", "hikaricp_connections");
    }
    // the rest of the actuator is not there, for anyone; nor may anyone change anything through it
    assertThat(anonymous.withBasicAuth("admin", PASSWORD).getForEntity("/actuator/env", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(anonymous.getForEntity("/actuator/env", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(anonymous.getForEntity("/actuator", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void theMonitoringGroupIsGrantedNothingElse() {
    IdentityService identity = engine.getIdentityService();
    assertThat(identity.createGroupQuery().groupId(OrgIds.MONITORING_GROUP).singleResult().getType())
        .isEqualTo("SYSTEM");
    // only what Camunda gives every new group: its members may see the group itself
    assertThat(engine.getAuthorizationService().createAuthorizationQuery().groupIdIn(OrgIds.MONITORING_GROUP).list())
        .allSatisfy(a -> assertThat(List.of(a.getResourceType(), a.getResourceId()))
            .containsExactly(Resources.GROUP.resourceType(), OrgIds.MONITORING_GROUP));
    String scraper = "scraper";
    if (identity.createUserQuery().userId(scraper).count() == 0) {
      User user = identity.newUser(scraper);
      user.setPassword("Scraper-pass-1");
      identity.saveUser(user);
      identity.createMembership(scraper, OrgIds.MONITORING_GROUP);
    }
    TestRestTemplate monitor = anonymous.withBasicAuth(scraper, "Scraper-pass-1");
    assertThat(monitor.getForEntity("/actuator/prometheus", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    CascadeDriver driver = new CascadeDriver(engine);
    driver.startNotice("测监〔2026〕1号", "sccdjj", List.of("TOWNSHIP_FEDERATION"), List.of(), false, false);
    // no task, no instance and no notice for it in the engine's API and ours
    assertThat(monitor.getForObject("/engine-rest/task", JsonNode.class)).isEmpty();
    assertThat(monitor.getForObject("/engine-rest/process-instance", JsonNode.class)).isEmpty();
    ResponseEntity<JsonNode> notices = monitor.getForEntity("/api/notices", JsonNode.class);
    assertThat(notices.getStatusCode().is2xxSuccessful() ? notices.getBody().findValues("id") : List.of()).isEmpty();
  }

  /** A unit's group is named by its code: a unit coded "monitoring" would make its clerks monitors. */
  @Test
  void noUnitMayTakeTheMonitoringGroupsName() {
    HttpHeaders csv = new HttpHeaders();
    csv.setContentType(MediaType.parseMediaType("text/csv"));
    ResponseEntity<String> r = anonymous.withBasicAuth("admin", PASSWORD).postForEntity("/api/units/import",
        new HttpEntity<>("code,name,kind,parentCode\nmonitoring,某监控公司工会,GRASSROOTS_UNION,sccdjj\n"
            .getBytes(StandardCharsets.UTF_8), csv), String.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(r.getBody()).contains("第2行", "系统保留");
    assertThat(jdbc.queryForObject("select count(*) from unit where code = 'monitoring'", Integer.class)).isZero();
    assertThat(engine.getIdentityService().createGroupQuery().groupId(OrgIds.MONITORING_GROUP).singleResult()
        .getType()).isEqualTo("SYSTEM");
  }

  @Test
  void figuresAfterASmallCascade() {
    TestRestTemplate admin = anonymous.withBasicAuth("admin", PASSWORD);
    figures.refresh();
    Map<String, Double> before = scrape(admin);

    CascadeDriver driver = new CascadeDriver(engine);
    ProcessInstance notice = driver.startNotice("测监〔2026〕2号", "sccdjj", List.of("TOWNSHIP_FEDERATION"), List.of(),
        false, false);
    long id = driver.noticeId(notice);
    driver.acknowledge(driver.unitInstance(id, "sccdjjcxl"));
    ProcessInstance reporting = driver.unitInstance(id, "sccdjjsyj");
    driver.acknowledge(reporting);
    driver.study(reporting, 30, false);
    driver.report(reporting, "书院街街道已组织学习");
    figures.refresh();
    Map<String, Double> after = scrape(admin);

    int units = jdbc.queryForObject("select count(*) from cascade_unit where notice_id = ?", Integer.class, id);
    assertThat(units).isGreaterThan(2);
    assertThat(delta(before, after, "notice_cascade_units_reached_total")).isEqualTo(units);
    assertThat(delta(before, after, "notice_cascade_notices_open")).isEqualTo(1);
    JsonNode totals = admin.getForObject("/api/notices/" + id + "/progress", JsonNode.class).get("totals");
    for (String status : List.of("reached", "acknowledged", "relayed", "reported", "accepted", "returned")) {
      assertThat(delta(before, after, "notice_cascade_units{status=\"" + status + "\"}")).as(status)
          .isEqualTo(totals.get(status).asInt());
    }
    assertThat(totals.get("acknowledged").asInt()).isEqualTo(2);
    assertThat(delta(before, after, "notice_cascade_reports_awaiting_review")).isEqualTo(1);
    assertThat(delta(before, after, "notice_cascade_units_overdue")).isZero();
    assertThat(delta(before, after, "notice_cascade_escalations_open")).isZero();
    // every unit's 收文 message waits on the log channel (the dispatcher is off), and its oldest for some time now
    int pending = jdbc.queryForObject("select count(*) from notification_delivery where channel = 'log'"
        + " and status = 'pending'", Integer.class);
    assertThat(pending).isGreaterThanOrEqualTo(units);
    assertThat(after.get("notice_cascade_outbox_backlog{channel=\"log\"}")).isEqualTo(pending);
    assertThat(after.get("notice_cascade_outbox_failed{channel=\"log\"}")).isZero();
    assertThat(after.get("notice_cascade_outbox_oldest_pending_age_seconds")).isGreaterThanOrEqualTo(0);
    assertThat(after.get("notice_cascade_engine_open_tasks"))
        .isEqualTo(engine.getTaskService().createTaskQuery().count());
    assertThat(after.get("notice_cascade_engine_incidents")).isZero();

    // labels: a status, a channel or an engine event, never a unit or a notice
    Set<String> labels = new HashSet<>();
    Set<String> values = new HashSet<>();
    after.keySet().forEach(series -> {
      Matcher m = LABEL.matcher(series);
      while (m.find()) {
        labels.add(m.group(1));
        values.add(m.group(2));
      }
    });
    assertThat(labels).containsExactlyInAnyOrder("status", "channel", "event");
    List<String> unitCodes = jdbc.queryForList("select code from unit", String.class);
    assertThat(values).doesNotContainAnyElementsOf(unitCodes).doesNotContain(String.valueOf(id));
  }

  @Test
  void readinessIsDownWhileANotificationWaitsUnsentTooLong() {
    TestRestTemplate monitor = anonymous.withBasicAuth("monitor", PASSWORD);
    new CascadeDriver(engine).startNotice("测监〔2026〕3号", "sccdjj", List.of(), List.of("sccdjjcxl"), false, false);
    long delivery = jdbc.queryForObject("select max(id) from notification_delivery where channel = 'log'"
        + " and status = 'pending'", Long.class);
    long outbox = jdbc.queryForObject("select outbox_id from notification_delivery where id = ?", Long.class,
        delivery);
    LocalDateTime written = jdbc.queryForObject("select created_at from notification_outbox where id = ?",
        LocalDateTime.class, outbox);
    try {
      assertThat(status(anonymous, "/actuator/health/readiness")).isEqualTo("UP");

      // due for an hour, and no dispatcher took it (the threshold is 10 minutes)
      LocalDateTime hourAgo = LocalDateTime.now(EngineClock.zone()).minusHours(1);
      jdbc.update("update notification_outbox set created_at = ? where id = ?", hourAgo, outbox);
      ResponseEntity<JsonNode> down = anonymous.getForEntity("/actuator/health/readiness", JsonNode.class);
      assertThat(down.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
      assertThat(down.getBody().get("status").asText()).isEqualTo("DOWN");
      // anonymous: the status alone; the monitoring user: which part and why
      assertThat(down.getBody().has("components")).isFalse();
      JsonNode detailed = monitor.getForEntity("/actuator/health/readiness", JsonNode.class).getBody();
      assertThat(detailed.at("/components/outbox/status").asText()).isEqualTo("DOWN");
      assertThat(detailed.at("/components/outbox/details/dispatcherLagSeconds").asLong()).isGreaterThanOrEqualTo(3600);
      assertThat(detailed.at("/components/db/status").asText()).isEqualTo("UP");
      assertThat(detailed.at("/components/jobExecutor/status").asText()).isEqualTo("UP");
      // the node lives on: liveness does not restart it for a stuck outbox
      assertThat(status(anonymous, "/actuator/health/liveness")).isEqualTo("UP");

      // the same message waiting for its next attempt after a failure (its channel is down): not the node's fault
      jdbc.update("update notification_delivery set attempts = 1, next_attempt_at = ? where id = ?",
          LocalDateTime.now(EngineClock.zone()).plusMinutes(30), delivery);
      assertThat(status(anonymous, "/actuator/health/readiness")).isEqualTo("UP");
      figures.refresh();
      assertThat(scrape(monitor).get("notice_cascade_outbox_oldest_pending_age_seconds")).isGreaterThanOrEqualTo(3600);
    } finally {
      jdbc.update("update notification_outbox set created_at = ? where id = ?", written, outbox);
      jdbc.update("update notification_delivery set attempts = 0, next_attempt_at = null where id = ?", delivery);
    }
    assertThat(status(anonymous, "/actuator/health/readiness")).isEqualTo("UP");
  }

  private static String status(TestRestTemplate http, String path) {
    return http.getForEntity(path, JsonNode.class).getBody().get("status").asText();
  }

  /** Our series and their values, as Prometheus reads them. */
  private static Map<String, Double> scrape(TestRestTemplate http) {
    ResponseEntity<String> r = http.getForEntity("/actuator/prometheus", String.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    Map<String, Double> series = new HashMap<>();
    for (String line : r.getBody().split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (m.matches()) {
        series.put(m.group(3) == null ? m.group(1) : m.group(1) + "{" + m.group(3) + "}", Double.valueOf(m.group(4)));
      }
    }
    return series;
  }

  private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
    assertThat(after).containsKey(series);
    return after.get(series) - before.getOrDefault(series, 0.0);
  }
}
