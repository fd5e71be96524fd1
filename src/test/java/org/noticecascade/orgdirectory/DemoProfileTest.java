package org.noticecascade.orgdirectory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.Date;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.calendar.BusinessCalendar;
import org.camunda.bpm.engine.impl.calendar.DurationBusinessCalendar;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.Test;
import org.noticecascade.calendar.WorkingDayCalendar;
import org.noticecascade.support.EngineClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The embedded default as `mvn spring-boot:run` starts it: the demo org tree, logins and Tasklist filters. */
@SpringBootTest(properties = {
    "spring.datasource.url=jdbc:h2:mem:demotest;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false",
    // an operator's file imported at start-up, after the demo tree
    "notice-cascade.units-csv=src/test/resources/extra-units.csv",
    // and an operator's working-day calendar file, read after the built-in one
    "notice-cascade.calendar.files=src/test/resources/calendar/extra-days.csv"})
class DemoProfileTest {

  @Autowired UnitRepository units;
  @Autowired UnitImportService importer;
  @Autowired IdentityService identity;
  @Autowired FilterService filters;
  @Autowired ProcessEngine engine;
  @Autowired WorkingDayCalendar calendar;

  @Test
  void demoOrgTreeFromTheSeedsIsLoaded() {
    Unit sichuan = units.find("sc").orElseThrow();
    assertThat(sichuan.name()).isEqualTo("四川省总工会");
    long cities = units.children("sc").stream().filter(u -> u.kind() == UnitKind.LOCAL_FEDERATION).count();
    assertThat(cities).isEqualTo(21);
    assertThat(units.children("sc")).extracting(Unit::kind)
        .contains(UnitKind.INDUSTRY_UNION, UnitKind.INTERNAL_DEPARTMENT, UnitKind.AFFILIATED_UNIT);
    assertThat(units.find("sccd").orElseThrow().name()).isEqualTo("成都市总工会");
    assertThat(units.children("sccd")).hasSizeGreaterThanOrEqualTo(20);
    assertThat(units.roots()).extracting(Unit::code).containsExactly("acftu");
    Unit yunnan = units.find("yn").orElseThrow();
    assertThat(yunnan.name()).isEqualTo("云南省总工会");
    assertThat(units.children("yn").stream().filter(u -> u.kind() == UnitKind.LOCAL_FEDERATION).count()).isEqualTo(16);
    // somewhere under 成都 the tree reaches a street federation and its grassroots unions
    assertThat(units.children("sccdjj")).extracting(Unit::kind).contains(UnitKind.TOWNSHIP_FEDERATION);
  }

  @Test
  void anOperatorsCsvFileIsImportedAtStartUp() {
    Unit extra = units.find("sccdjjtest").orElseThrow();
    assertThat(extra.name()).isEqualTo("锦江区某测试公司工会");
    assertThat(extra.parentCode()).isEqualTo("sccdjj");
    assertThat(extra.path()).isEqualTo("/acftu/sc/sccd/sccdjj/sccdjjtest/");
    assertThat(identity.createGroupQuery().groupId("sccdjjtest").singleResult().getName()).isEqualTo("锦江区某测试公司工会");
  }

  /** The embedded default's H2 runs the subtree's one-statement path rewrite as PostgreSQL does. */
  @Test
  void aUnitMovesWithItsSubtreeOnTheEmbeddedDatabase() {
    importer.importCsv("code,name,kind,parentCode\njsczwjxyaa,雪堰测试公司工会,基层工会,jsczwjxy\n"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    // the town moves; a unit added below its child in the same file gets the path after the move
    UnitImportService.Result r = importer.importCsv("""
        code,name,kind,parentCode
        jsczwjxyab,雪堰测试工会小组,工会小组,jsczwjxyaa
        jsczwjxy,雪堰镇总工会,乡镇（街道）总工会,jscz
        """.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(r.moved()).isOne();
    assertThat(r.created()).isOne();
    Unit moved = units.find("jsczwjxy").orElseThrow();
    assertThat(moved.path()).isEqualTo("/acftu/js/jscz/jsczwjxy/");
    assertThat(moved.depth()).isEqualTo(3);
    assertThat(moved.parentCode()).isEqualTo("jscz");
    assertThat(units.find("jsczwjxyaa").orElseThrow().path()).isEqualTo("/acftu/js/jscz/jsczwjxy/jsczwjxyaa/");
    assertThat(units.find("jsczwjxyaa").orElseThrow().depth()).isEqualTo(4);
    assertThat(units.find("jsczwjxyab").orElseThrow().path()).isEqualTo("/acftu/js/jscz/jsczwjxy/jsczwjxyaa/jsczwjxyab/");
    assertThat(units.children("jscz")).extracting(Unit::code).contains("jsczwj", "jsczwjxy");
  }

  @Test
  void everyUnitHasAClerkWhoLogsInWithDemo() {
    assertThat(identity.checkPassword("scclerk", "demo")).isTrue();
    assertThat(identity.checkPassword("sccdclerk", "demo")).isTrue();
    assertThat(identity.createUserQuery().memberOfGroup("sccd").list()).extracting("id").contains("sccdclerk");
    assertThat(identity.checkPassword("scleader", "demo")).isTrue();
    assertThat(identity.createUserQuery().memberOfGroup("scleaders").list()).extracting("id").contains("scleader");
    assertThat(identity.checkPassword("admin", "demo")).isTrue();
    assertThat(identity.createUserQuery().memberOfGroup("camunda-admin").list()).extracting("id").contains("admin");
    long unitCount = units.count();
    assertThat(identity.createUserQuery().count()).isGreaterThan(unitCount);
  }

  @Test
  void tasklistHasTheFiltersClerksNeed() {
    assertThat(filters.createFilterQuery().filterName("本单位待办").count()).isEqualTo(1);
    assertThat(filters.createFilterQuery().filterName("我的待办").count()).isEqualTo(1);
  }

  @Test
  void theEngineCountsWorkingDaysWithTheOperatorsCalendarFile() {
    assertThat(calendar.covers(2028)).isTrue();
    BusinessCalendar durations = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
        .getBusinessCalendarManager().getBusinessCalendar(DurationBusinessCalendar.NAME);
    // Friday 2027-12-31 + one working day: the weekend, then the operator's holiday on Monday
    assertThat(durations.resolveDuedate("P1D", at("2027-12-31T10:00"))).isEqualTo(at("2028-01-04T10:00"));
  }

  private static Date at(String localDateTime) {
    return Date.from(LocalDateTime.parse(localDateTime).atZone(EngineClock.zone()).toInstant());
  }
}
