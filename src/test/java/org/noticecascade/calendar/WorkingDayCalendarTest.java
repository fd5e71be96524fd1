package org.noticecascade.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The calendar that every deadline and timer counts with: the published 2025 and 2026 arrangements, overrides. */
class WorkingDayCalendarTest {

  private static final WorkingDayCalendar CALENDAR = new WorkingDayCalendar();

  @TempDir
  Path dir;

  private static LocalDate d(String iso) {
    return LocalDate.parse(iso);
  }

  @Test
  void anOrdinaryWeekendIsSkipped() {
    assertThat(CALENDAR.isWorkingDay(d("2026-03-06"))).isTrue();
    assertThat(CALENDAR.isWorkingDay(d("2026-03-07"))).isFalse();
    assertThat(CALENDAR.isWorkingDay(d("2026-03-08"))).isFalse();
    assertThat(CALENDAR.plusWorkingDays(d("2026-03-06"), 1)).isEqualTo(d("2026-03-09"));
    assertThat(CALENDAR.plusWorkingDays(d("2026-03-05"), 5)).isEqualTo(d("2026-03-12"));
    assertThat(CALENDAR.minusWorkingDays(d("2026-03-09"), 1)).isEqualTo(d("2026-03-06"));
    assertThat(CALENDAR.nextWorkingDay(d("2026-03-07"))).isEqualTo(d("2026-03-09"));
  }

  @Test
  void springFestival2026WithItsTwoWorkingSaturdays() {
    // Friday before the holiday: the next working day is the adjusted Saturday, then nothing until 2/24
    assertThat(CALENDAR.plusWorkingDays(d("2026-02-13"), 1)).isEqualTo(d("2026-02-14"));
    assertThat(CALENDAR.plusWorkingDays(d("2026-02-13"), 2)).isEqualTo(d("2026-02-24"));
    assertThat(CALENDAR.plusWorkingDays(d("2026-02-14"), 1)).isEqualTo(d("2026-02-24"));
    for (LocalDate day = d("2026-02-15"); !day.isAfter(d("2026-02-23")); day = day.plusDays(1)) {
      assertThat(CALENDAR.isWorkingDay(day)).as(day.toString()).isFalse();
    }
    assertThat(CALENDAR.isWorkingDay(d("2026-02-28"))).isTrue();
    assertThat(CALENDAR.isWorkingDay(d("2026-03-01"))).isFalse();
    assertThat(CALENDAR.minusWorkingDays(d("2026-02-24"), 1)).isEqualTo(d("2026-02-14"));
    assertThat(CALENDAR.plusWorkingDays(d("2026-02-24"), -1)).isEqualTo(d("2026-02-14"));
  }

  @Test
  void nationalDayAndMidAutumn2026() {
    // 9/20 is a working Sunday before 国庆; 中秋 takes Friday 9/25
    assertThat(CALENDAR.plusWorkingDays(d("2026-09-18"), 1)).isEqualTo(d("2026-09-20"));
    assertThat(CALENDAR.isWorkingDay(d("2026-09-25"))).isFalse();
    assertThat(CALENDAR.plusWorkingDays(d("2026-09-24"), 1)).isEqualTo(d("2026-09-28"));
    assertThat(CALENDAR.plusWorkingDays(d("2026-09-30"), 1)).isEqualTo(d("2026-10-08"));
    assertThat(CALENDAR.isWorkingDay(d("2026-10-10"))).isTrue();
    assertThat(CALENDAR.plusWorkingDays(d("2026-10-09"), 1)).isEqualTo(d("2026-10-10"));
  }

  @Test
  void springFestival2025() {
    assertThat(CALENDAR.plusWorkingDays(d("2025-01-24"), 1)).isEqualTo(d("2025-01-26"));
    assertThat(CALENDAR.plusWorkingDays(d("2025-01-24"), 2)).isEqualTo(d("2025-01-27"));
    assertThat(CALENDAR.plusWorkingDays(d("2025-01-24"), 3)).isEqualTo(d("2025-02-05"));
    assertThat(CALENDAR.isWorkingDay(d("2025-02-08"))).isTrue();
    assertThat(CALENDAR.minusWorkingDays(d("2025-02-05"), 1)).isEqualTo(d("2025-01-27"));
    // 国庆 and 中秋 together: eight days, working on 9/28 and 10/11
    assertThat(CALENDAR.plusWorkingDays(d("2025-09-30"), 1)).isEqualTo(d("2025-10-09"));
    assertThat(CALENDAR.isWorkingDay(d("2025-10-11"))).isTrue();
  }

  @Test
  void zeroDaysIsTheDayItselfOrTheNextWorkingDay() {
    assertThat(CALENDAR.plusWorkingDays(d("2026-02-14"), 0)).isEqualTo(d("2026-02-14"));
    assertThat(CALENDAR.plusWorkingDays(d("2026-02-15"), 0)).isEqualTo(d("2026-02-24"));
  }

  @Test
  void workingDaysBetweenCountsEndButNotStart() {
    // 2/14, then 2/24 to 2/28 (a working Saturday)
    assertThat(CALENDAR.workingDaysBetween(d("2026-02-13"), d("2026-02-28"))).isEqualTo(6);
    // 10/1–10/8 off, then Thursday, Friday and the working Saturday 10/11
    assertThat(CALENDAR.workingDaysBetween(d("2025-09-30"), d("2025-10-11"))).isEqualTo(3);
    assertThat(CALENDAR.workingDaysBetween(d("2026-03-09"), d("2026-03-09"))).isZero();
    assertThat(CALENDAR.workingDaysBetween(d("2026-03-09"), d("2026-03-02"))).isZero();
  }

  @Test
  void yearsCoveredAnd2027Provisional() {
    assertThat(CALENDAR.coveredYears()).containsExactly(2025, 2026, 2027);
    assertThat(CALENDAR.covers(2026)).isTrue();
    assertThat(CALENDAR.covers(2028)).isFalse();
    assertThat(CALENDAR.isProvisional(2027)).isTrue();
    assertThat(CALENDAR.isProvisional(2026)).isFalse();
    // 除夕 2027-02-05 to 初三, then the weekday 补假 for the weekend days
    assertThat(CALENDAR.plusWorkingDays(d("2027-02-04"), 1)).isEqualTo(d("2027-02-11"));
    assertThat(CALENDAR.isWorkingDay(d("2027-10-05"))).isFalse();
    assertThat(CALENDAR.isWorkingDay(d("2027-10-06"))).isTrue();
  }

  @Test
  void anOperatorsFilesOverrideTheBuiltInDayByDay() throws IOException {
    Path first = write("first.csv", """
        date,type,name
        # 单位自定：春节后多放一天
        2026-02-24,holiday,单位春节加休
        2026-03-02,holiday,单位假日
        """);
    Path second = write("second.csv", """
        date,type,name,status
        2026-03-02,workday,撤销单位假日,official
        2028-01-03,holiday,测试年份,official
        """);
    WorkingDayCalendar calendar = new WorkingDayCalendar(List.of(first, second));
    assertThat(calendar.plusWorkingDays(d("2026-02-13"), 2)).isEqualTo(d("2026-02-25"));
    // the later file wins
    assertThat(calendar.isWorkingDay(d("2026-03-02"))).isTrue();
    // what the files do not mention stays as built in
    assertThat(calendar.isWorkingDay(d("2026-02-14"))).isTrue();
    assertThat(calendar.covers(2028)).isTrue();
    assertThat(calendar.isWorkingDay(d("2028-01-03"))).isFalse();
    // the built-in calendar itself is unchanged
    assertThat(CALENDAR.isWorkingDay(d("2026-02-24"))).isTrue();
  }

  @Test
  void publishingEveryProvisionalDayMakesTheYearOfficial() throws IOException {
    byte[] builtIn;
    try (var in = getClass().getClassLoader().getResourceAsStream(WorkingDayCalendar.BUILT_IN)) {
      builtIn = in.readAllBytes();
    }
    StringBuilder csv = new StringBuilder("date,type,name\n");
    CalendarFile.read("built-in", builtIn).stream().filter(CalendarFile.Day::provisional)
        .forEach(day -> csv.append(day.date()).append(day.working() ? ",workday," : ",holiday,").append(day.name()).append('\n'));
    Path published = write("2027.csv", csv.toString());
    WorkingDayCalendar calendar = new WorkingDayCalendar(List.of(published));
    assertThat(calendar.isProvisional(2027)).isFalse();
    assertThat(calendar.isWorkingDay(d("2027-02-05"))).isFalse();
  }

  @Test
  void excelSpellingsAreRead() throws IOException {
    Path gbk = dir.resolve("gbk.csv");
    Files.write(gbk, "date,type,name\n2026/3/2,放假,单位假日\n".getBytes(Charset.forName("GBK")));
    assertThat(new WorkingDayCalendar(List.of(gbk)).isWorkingDay(d("2026-03-02"))).isFalse();
  }

  @Test
  void aBadFileIsRefusedNamingFileAndLine() throws IOException {
    Path bad = write("bad.csv", """
        date,type,name
        2026-03-02,holiday,单位假日
        # a comment line still counts as a line
        2026-03-03,holidy,拼错
        2026-02-30,holiday,不存在的日子
        2026-03-02,workday,矛盾
        2026-03-02,holiday,重复但不矛盾
        """);
    assertThatThrownBy(() -> new WorkingDayCalendar(List.of(bad)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(bad.toString())
        .hasMessageContaining("第 4 行：未知类型 \"holidy\"")
        .hasMessageContaining("line 4: unknown type \"holidy\"")
        .hasMessageContaining("第 5 行：日期 \"2026-02-30\" 无法识别")
        .hasMessageContaining("line 6: 2026-03-02 contradicts " + bad + ":2")
        .hasMessageNotContaining("line 7");
  }

  @Test
  void aMissingFileOrHeaderIsRefused() throws IOException {
    Path missing = dir.resolve("missing.csv");
    assertThatThrownBy(() -> new WorkingDayCalendar(List.of(missing)))
        .hasMessageContaining("cannot read").hasMessageContaining(missing.toString());
    Path noHeader = write("noheader.csv", "2026-03-02,holiday,单位假日\n");
    assertThatThrownBy(() -> new WorkingDayCalendar(List.of(noHeader)))
        .hasMessageContaining("表头").hasMessageContaining(noHeader.toString());
  }

  @Test
  void theFilesComeFromThePropertyOrTheEnvironmentVariable() throws IOException {
    Path a = write("a.csv", "date,type,name\n2026-03-02,holiday,甲\n");
    Path b = write("b.csv", "date,type,name\n2026-03-03,holiday,乙\n");
    StandardEnvironment property = new StandardEnvironment();
    property.getPropertySources().addFirst(new MapPropertySource("test",
        Map.of(WorkingDayCalendar.FILES_PROPERTY, a + "," + b)));
    WorkingDayCalendar fromProperty = new WorkingDayCalendar(bound(property));
    assertThat(fromProperty.isWorkingDay(d("2026-03-02"))).isFalse();
    assertThat(fromProperty.isWorkingDay(d("2026-03-03"))).isFalse();

    StandardEnvironment variable = new StandardEnvironment();
    variable.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of("NOTICE_CASCADE_CALENDAR_FILES", b.toString())));
    WorkingDayCalendar fromVariable = new WorkingDayCalendar(bound(variable));
    assertThat(fromVariable.isWorkingDay(d("2026-03-02"))).isTrue();
    assertThat(fromVariable.isWorkingDay(d("2026-03-03"))).isFalse();
  }

  @Test
  void aDateOutsideTheCoveredYearsWarnsOncePerYear() {
    Logger logger = (Logger) LoggerFactory.getLogger(WorkingDayCalendar.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      WorkingDayCalendar calendar = new WorkingDayCalendar();
      // weekends only there
      assertThat(calendar.plusWorkingDays(d("2030-01-31"), 10)).isEqualTo(d("2030-02-14"));
      assertThat(calendar.isWorkingDay(d("2030-10-01"))).isTrue();
      assertThat(calendar.isWorkingDay(d("2031-01-01"))).isTrue();
      assertThat(calendar.isWorkingDay(d("2026-03-02"))).isTrue();
      List<String> warnings = appender.list.stream().filter(e -> e.getLevel() == Level.WARN)
          .map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(warnings).hasSize(2);
      assertThat(warnings.get(0)).contains("2030");
      assertThat(warnings.get(1)).contains("2031");
      assertThat(appender.list.stream().filter(e -> e.getLevel() == Level.INFO).map(ILoggingEvent::getFormattedMessage))
          .anySatisfy(m -> assertThat(m).contains("[2025, 2026, 2027]").contains("provisional: [2027]"));
    } finally {
      logger.detachAppender(appender);
    }
  }

  /** The calendar's properties as Spring Boot binds them from this environment. */
  private static CalendarProperties bound(StandardEnvironment environment) {
    return Binder.get(environment).bindOrCreate("notice-cascade.calendar", CalendarProperties.class);
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }
}
