package org.noticecascade.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.noticecascade.support.EngineClock;
import org.noticecascade.testing.SyntheticCascade;
import org.noticecascade.testing.SyntheticCascade.OrgUnit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The texts the report and summary forms show (下级单位报告, 汇总) are process variables: for a unit with 150
 * reporting subordinates they stay within the longest text a variable holds (20,000 characters) and say how many
 * units they leave out; a shorter list is whole. In the context ProgressApiTest uses (its own notice and units).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.profiles.active=test",
    "spring.datasource.url=jdbc:h2:mem:progressapitest;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false"})
class ProgressTextsTest {

  private static final Pattern LEFT_OUT = Pattern.compile("\n……另有 (\\d+) 个单位未列出，详见通知传达进度页面。$");

  @Autowired JdbcTemplate jdbc;
  @Autowired ProgressRepository repository;
  @Autowired ProgressService progress;
  @Autowired TransactionTemplate tx;

  @Test
  void textsOfManySubordinatesFitAVariableAndCountWhatTheyLeaveOut() {
    SyntheticCascade org = SyntheticCascade.org("many", "多下级测试总工会", 3, new int[][] {{150, 150}},
        new String[] {"LOCAL_FEDERATION"});
    org.insertOrg(jdbc);
    LocalDate due = EngineClock.today().plusDays(10);
    long id = org.insertNotice(jdbc, "多下级发〔2025〕1号", due);
    List<OrgUnit> subordinates = org.root.children;
    String report = "本单位组织专题学习会，传达学习会议精神，".repeat(15);
    tx.executeWithoutResult(s -> subordinates.forEach(u -> {
      repository.received(new ProgressRepository.Arrival(id, u.code, org.root.code, u.path, 1, due, null, null));
      repository.reported(id, u.code, report, 1, 30);
    }));

    String reports = progress.subordinateReportsText(id, org.root.code);
    assertThat(reports.length()).isLessThanOrEqualTo(20_000).isGreaterThan(19_000);
    assertThat(reports).startsWith("下级单位共 150 个：已签收 0，已报告 150，审核通过 0。\n· ");
    Matcher leftOut = LEFT_OUT.matcher(reports);
    assertThat(leftOut.find()).as(reports.substring(reports.length() - 100)).isTrue();
    long listed = reports.lines().filter(l -> l.startsWith("· ")).count();
    assertThat(listed + Long.parseLong(leftOut.group(1))).isEqualTo(150);
    // every unit listed whole, up to its report's first 200 characters
    assertThat(reports.lines().filter(l -> l.startsWith("· ")))
        .allSatisfy(l -> assertThat(l).endsWith("人次；" + report.substring(0, 200) + "…"));

    // the issuer's 汇总, one line per addressee, is far shorter and whole
    String rollUp = progress.rollUpText(id);
    assertThat(rollUp.lines().filter(l -> l.startsWith("· "))).hasSize(150);
    assertThat(rollUp).doesNotContain("未列出");
  }
}
