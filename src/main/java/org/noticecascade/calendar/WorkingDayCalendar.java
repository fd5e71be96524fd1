package org.noticecascade.calendar;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Working days (工作日) in the Chinese calendar: weekends, public holidays and adjusted working days (调休).
 * Every deadline counted in working days, and every engine timer, goes through this one calendar.
 *
 * <p>The built-in file {@code calendar/cn-working-days.csv} lists the exceptions to the weekend rule; the files
 * named by {@code notice-cascade.calendar.files} are read after it, in order, and override it day by day. Outside
 * the years the files cover only the weekend rule applies (with one warning per year in the log).
 */
@Component
public class WorkingDayCalendar {

  /** Operator's files read after the built-in one (a list; env {@code NOTICE_CASCADE_CALENDAR_FILES}, comma-separated). */
  public static final String FILES_PROPERTY = "notice-cascade.calendar.files";
  static final String BUILT_IN = "calendar/cn-working-days.csv";

  private static final Logger LOG = LoggerFactory.getLogger(WorkingDayCalendar.class);

  private final Map<LocalDate, CalendarFile.Day> days;
  private final SortedSet<Integer> coveredYears;
  private final SortedSet<Integer> provisionalYears;
  private final Set<Integer> warnedYears = ConcurrentHashMap.newKeySet();

  /** The built-in calendar alone. */
  public WorkingDayCalendar() {
    this(List.of());
  }

  /** The built-in calendar, then each file in order; a later file's line replaces an earlier one for its day. */
  public WorkingDayCalendar(List<Path> overrideFiles) {
    Map<LocalDate, CalendarFile.Day> merged = new HashMap<>();
    for (CalendarFile.Day day : CalendarFile.read("classpath:" + BUILT_IN, builtIn())) {
      merged.put(day.date(), day);
    }
    for (Path file : overrideFiles) {
      for (CalendarFile.Day day : CalendarFile.read(file.toString(), read(file))) {
        merged.put(day.date(), day);
      }
    }
    this.days = Map.copyOf(merged);
    this.coveredYears = Collections.unmodifiableSortedSet(
        merged.keySet().stream().map(LocalDate::getYear).collect(Collectors.toCollection(TreeSet::new)));
    // a year stays provisional while any of its days still comes from a provisional line
    this.provisionalYears = Collections.unmodifiableSortedSet(merged.values().stream()
        .filter(CalendarFile.Day::provisional).map(d -> d.date().getYear())
        .collect(Collectors.toCollection(TreeSet::new)));
    LOG.info("工作日历覆盖年份 / working-day calendar covers {}; 暂定 / provisional: {}; 文件 / files: built-in{}",
        coveredYears, provisionalYears, overrideFiles.isEmpty() ? "" : ", " + overrideFiles);
  }

  @Autowired
  WorkingDayCalendar(CalendarProperties properties) {
    this(filesFrom(properties.files()));
  }

  private static List<Path> filesFrom(List<String> names) {
    List<Path> files = new ArrayList<>();
    for (String name : names) {
      if (!name.isBlank()) {
        files.add(Path.of(name.trim()));
      }
    }
    return files;
  }

  private static byte[] builtIn() {
    try (InputStream in = WorkingDayCalendar.class.getClassLoader().getResourceAsStream(BUILT_IN)) {
      if (in == null) {
        throw new IllegalStateException("缺少内置工作日历 / built-in calendar missing: " + BUILT_IN);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw CalendarFile.bad(file.toString(), List.of("无法读取 / cannot read: " + e));
    }
  }

  public boolean isWorkingDay(LocalDate day) {
    CalendarFile.Day listed = days.get(day);
    if (listed != null) {
      return listed.working();
    }
    int year = day.getYear();
    if (!coveredYears.contains(year) && warnedYears.add(year)) {
      LOG.warn("工作日历未收录 {} 年的节假日，该年只按周末计算；请在 {} 中补充 / the working-day calendar does not cover {}: "
          + "only weekends count as days off there; add the year with {}", year, FILES_PROPERTY, year, FILES_PROPERTY);
    }
    return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
  }

  /** The n-th working day after {@code from} (n ≥ 1); for n = 0, {@code from} itself if it is a working day, else the next one. */
  public LocalDate plusWorkingDays(LocalDate from, int n) {
    if (n < 0) {
      return minusWorkingDays(from, -n);
    }
    LocalDate day = from;
    if (n == 0) {
      while (!isWorkingDay(day)) {
        day = day.plusDays(1);
      }
      return day;
    }
    for (int left = n; left > 0; ) {
      day = day.plusDays(1);
      if (isWorkingDay(day)) {
        left--;
      }
    }
    return day;
  }

  /** The n-th working day before {@code from} (n ≥ 1). */
  public LocalDate minusWorkingDays(LocalDate from, int n) {
    LocalDate day = from;
    for (int left = n; left > 0; ) {
      day = day.minusDays(1);
      if (isWorkingDay(day)) {
        left--;
      }
    }
    return day;
  }

  /** How many working days d there are with {@code fromExclusive < d ≤ toInclusive}; 0 when to ≤ from. */
  public int workingDaysBetween(LocalDate fromExclusive, LocalDate toInclusive) {
    int count = 0;
    for (LocalDate d = fromExclusive.plusDays(1); !d.isAfter(toInclusive); d = d.plusDays(1)) {
      if (isWorkingDay(d)) {
        count++;
      }
    }
    return count;
  }

  /** The first working day strictly after {@code day} (the same as {@code plusWorkingDays(day, 1)}). */
  public LocalDate nextWorkingDay(LocalDate day) {
    return plusWorkingDays(day, 1);
  }

  /** Whether the calendar files list the year's holidays (else only weekends are days off in it). */
  public boolean covers(int year) {
    return coveredYears.contains(year);
  }

  /** The years the calendar files list, ascending. */
  public SortedSet<Integer> coveredYears() {
    return coveredYears;
  }

  /** Whether some of the year's days are still provisional (暂定: the State Council has not published the year yet). */
  public boolean isProvisional(int year) {
    return provisionalYears.contains(year);
  }
}
