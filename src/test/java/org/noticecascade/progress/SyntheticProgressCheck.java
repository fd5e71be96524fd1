package org.noticecascade.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;
import org.noticecascade.calendar.WorkingDayCalendar;
import org.noticecascade.progress.ProgressService.Counts;
import org.noticecascade.progress.ProgressService.Figures;
import org.noticecascade.progress.ProgressService.RelayTime;
import org.noticecascade.support.EngineClock;
import org.noticecascade.testing.SyntheticCascade;
import org.noticecascade.testing.SyntheticCascade.Reached;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The progress of a generated cascade seven levels deep, for roots at every level and every depth, against a plain
 * count of the generated rows: the database's grouped counting (down to level 4), the counting in Java (below), and
 * roots deeper than level 4 must all agree with it. Run on H2 and on PostgreSQL, so both give the same answers.
 * A second notice shares the tables.
 */
abstract class SyntheticProgressCheck {

  private static final String[] KINDS = {"LOCAL_FEDERATION", "LOCAL_FEDERATION", "LOCAL_FEDERATION",
      "TOWNSHIP_FEDERATION", "GRASSROOTS_UNION", "SECONDARY_UNION", "SECONDARY_UNION"};

  @Autowired ProgressService progress;
  @Autowired JdbcTemplate jdbc;
  @Autowired WorkingDayCalendar calendar;
  @Autowired ProgressRollup rollup;
  @Autowired TransactionTemplate tx;

  private final Map<String, Reached> byCode = new HashMap<>();
  private final Map<String, List<Reached>> subtrees = new HashMap<>();
  private final Map<String, String> names = new HashMap<>();
  private String issuer;

  @Test
  void everySubtreeAtEveryDepthAgreesWithACountOfItsRows() {
    SyntheticCascade org = SyntheticCascade.org("syn", "合成总工会", 11,
        new int[][] {{4, 4}, {2, 3}, {2, 3}, {2, 3}, {1, 3}, {1, 3}, {0, 2}}, KINDS);
    org.insertOrg(jdbc);
    org.units.forEach(u -> names.put(u.code, u.name));
    issuer = org.root.code;
    LocalDate due = EngineClock.today().minusDays(3);
    LocalDateTime start = EngineClock.now().withNano(0).minusDays(20);
    long id = org.insertNotice(jdbc, "合成发〔2025〕1号", due);
    long other = org.insertNotice(jdbc, "合成发〔2025〕2号", due);
    List<Reached> rows = org.cascade(1, due, start, new SyntheticCascade.Shape(0.8, 0.3, 4));
    // this notice's rows as the engine's steps write them, each unit touched first; the other's counted afterwards
    tx.executeWithoutResult(s -> {
      rows.forEach(r -> rollup.touch(id, r.unitCode()));
      SyntheticCascade.insertRows(jdbc, id, rows);
    });
    SyntheticCascade.insertRows(jdbc, other, org.cascade(2, due, start, new SyntheticCascade.Shape(0.9, 0.3, 2)));
    rollup.rebuild(other);
    assertThat(progress.progress(other, null, 2)).isEqualTo(progress.recounted(other, null, 2));
    index(rows);
    assertThat(rows.stream().mapToInt(Reached::level).max().orElse(0)).isEqualTo(7);
    Map<String, Integer> orgDepth = new HashMap<>();
    org.units.forEach(u -> orgDepth.put(u.code, u.depth));
    // addressed directly though they lie in an addressee's org subtree
    List<Reached> direct = rows.stream().filter(r -> r.level() == 1 && orgDepth.get(r.unitCode()) > 1).toList();
    assertThat(direct).hasSize(4);

    check(id, issuer, 0, null);
    for (int depth = 0; depth <= 7; depth++) {
      check(id, issuer, 0, depth);
    }
    for (int level = 1; level <= 7; level++) {
      int l = level;
      List<Reached> atLevel = rows.stream().filter(r -> r.level() == l)
          .sorted(Comparator.comparing(Reached::unitCode)).toList();
      // the first, one in the middle and the last of each level; the directly addressed ones come in at level 1
      for (Reached root : List.of(atLevel.get(0), atLevel.get(atLevel.size() / 2), atLevel.get(atLevel.size() - 1))) {
        for (Integer depth : new Integer[] {0, 1, 2, 3, null}) {
          check(id, root.unitCode(), level, depth);
        }
      }
    }
    direct.forEach(r -> check(id, r.unitCode(), 1, 2));
  }

  @Autowired ProgressRepository repository;

  /**
   * The write side on this database: a unit reached takes its superior's units at levels 1 to 4 and whether it may
   * relay (grassroots unions count only when the notice cascades to them); each study adds to its sums.
   */
  @Test
  void unitsReachedCarryTheirLevelUnitsWhetherTheyMayRelayAndTheirStudySums() {
    SyntheticCascade org = SyntheticCascade.org("rep", "写入测试总工会", 3,
        new int[][] {{2, 2}, {1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}}, KINDS);
    org.insertOrg(jdbc);
    LocalDate due = EngineClock.today().plusDays(10);
    long all = org.insertNotice(jdbc, "写入发〔2025〕1号", due, true);
    long notToGrassroots = org.insertNotice(jdbc, "写入发〔2025〕2号", due, false);
    // a chain six levels down, and 0201 addressed by name (level 1, two levels down the org tree)
    Map<String, String> paths = new HashMap<>();
    org.units.forEach(u -> paths.put(u.code, u.path));
    List<String> chain = List.of("rep01", "rep0101", "rep010101", "rep01010101", "rep0101010101", "rep010101010101");
    for (int level = 1; level <= chain.size(); level++) {
      String unit = chain.get(level - 1);
      String superior = level == 1 ? "rep" : chain.get(level - 2);
      int at = level;
      assertThat(inTx(() -> arrive(all, unit, superior, paths.get(unit), at, due))).isTrue();
      if (level <= 4) {
        inTx(() -> arrive(notToGrassroots, unit, superior, paths.get(unit), at, due));
      }
    }
    assertThat(inTx(() -> arrive(all, "rep0201", "rep", paths.get("rep0201"), 1, due)))
        .isTrue();
    assertThat(inTx(() -> arrive(all, "rep0201", "rep", paths.get("rep0201"), 1, due)))
        .isFalse();
    // received an hour and a half before relaying, to the second
    LocalDateTime received = LocalDateTime.now().withNano(0).minusHours(3);
    ClockUtil.setCurrentTime(Date.from(received.atZone(EngineClock.zone()).toInstant()));
    try {
      inTx(() -> arrive(all, "rep02", "rep", paths.get("rep02"), 1, due));
      ClockUtil.setCurrentTime(Date.from(received.plusMinutes(90).atZone(EngineClock.zone()).toInstant()));
      tx.executeWithoutResult(s -> repository.relayed(all, "rep02", due, "请传达", List.of("LOCAL_FEDERATION"),
          List.of(), 1));
    } finally {
      ClockUtil.reset();
    }
    tx.executeWithoutResult(s -> {
      repository.studied(all, "rep0101", "task-rep-1", "seminar", EngineClock.today(), 12, "学习", "clerk");
      repository.studied(all, "rep0101", "task-rep-2", "lecture", EngineClock.today(), 30, "辅导", "clerk");
    });

    List<String> rows = jdbc.query("select unit_code, level1_unit, level2_unit, level3_unit, level4_unit, may_relay,"
        + " study_activities, study_participants from cascade_unit where notice_id = ? order by level, unit_code",
        (rs, i) -> String.join(" ", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), String.valueOf(rs.getBoolean(6)), rs.getString(7), rs.getString(8)), all);
    assertThat(rows).containsExactly(
        "rep01 rep01 null null null true 0 0",
        "rep02 rep02 null null null true 0 0",
        "rep0201 rep0201 null null null true 0 0",
        "rep0101 rep01 rep0101 null null true 2 42",
        "rep010101 rep01 rep0101 rep010101 null true 0 0",
        "rep01010101 rep01 rep0101 rep010101 rep01010101 true 0 0",
        "rep0101010101 rep01 rep0101 rep010101 rep01010101 true 0 0",
        "rep010101010101 rep01 rep0101 rep010101 rep01010101 false 0 0");
    // without grassroots, the township (镇) has nothing to relay to
    assertThat(jdbc.queryForList("select may_relay from cascade_unit where notice_id = ? order by level",
        Boolean.class, notToGrassroots)).containsExactly(true, true, true, false);
    assertThat(jdbc.queryForObject("select relay_seconds from cascade_unit where notice_id = ? and unit_code = 'rep02'",
        Integer.class, all)).isEqualTo(5400);
    // and the deepest unit's progress is found through its level-4 unit
    ProgressService.Progress deepest = progress.progress(all, "rep0101010101", null);
    assertThat(deepest.units()).extracting(n -> n.unit().unitCode())
        .containsExactly("rep0101010101", "rep010101010101");
    assertThat(deepest.totals().reached()).isEqualTo(2);
    assertThat(progress.progress(all, "rep01", 1).figures().studyParticipants()).isEqualTo(42);
    for (String root : List.of("rep01", "rep02", "rep0101", "rep01010101", "rep0101010101")) {
      for (Integer depth : new Integer[] {0, 1, 2, null}) {
        assertThat(progress.progress(all, root, depth)).as(root + " " + depth)
            .isEqualTo(progress.recounted(all, root, depth));
      }
    }
    assertThat(progress.progress(all, null, 1).figures().relayTimes()).extracting(RelayTime::maxSeconds)
        .containsExactly(5400L);
    // a write outside a transaction would leave the kept totals behind: refused
    assertThatThrownBy(() -> repository.acknowledged(all, "rep02")).isInstanceOf(IllegalStateException.class);
  }

  private <T> T inTx(Supplier<T> work) {
    return tx.execute(s -> work.get());
  }

  private void index(List<Reached> rows) {
    rows.forEach(r -> byCode.put(r.unitCode(), r));
    for (Reached r : rows) {
      for (Reached at = r; at != null; at = byCode.get(at.superiorCode())) {
        subtrees.computeIfAbsent(at.unitCode(), c -> new ArrayList<>()).add(r);
      }
      subtrees.computeIfAbsent(issuer, c -> new ArrayList<>()).add(r);
    }
  }

  private void check(long id, String root, int rootLevel, Integer depth) {
    String what = root + " depth " + depth;
    ProgressService.Progress p = progress.progress(id, root, depth);
    assertThat(p).as(what + ", kept totals against a recount").isEqualTo(progress.recounted(id, root, depth));
    List<Reached> expected = subtrees.get(root).stream()
        .filter(r -> !r.unitCode().equals(issuer) && (depth == null || r.level() <= rootLevel + depth))
        .sorted(Comparator.comparing(Reached::path)).toList();
    assertThat(p.units()).as(what).extracting(n -> n.unit().unitCode())
        .containsExactlyElementsOf(expected.stream().map(Reached::unitCode).toList());
    assertThat(p.totals()).as(what).isEqualTo(counts(subtrees.get(root)));
    assertThat(p.figures()).as(what).isEqualTo(figures(subtrees.get(root)));
    for (ProgressService.Node n : p.units()) {
      Reached r = byCode.get(n.unit().unitCode());
      String unit = what + ": " + r.unitCode();
      assertThat(n.subtree()).as(unit).isEqualTo(counts(subtrees.get(r.unitCode())));
      assertThat(n.figures()).as(unit).isEqualTo(figures(subtrees.get(r.unitCode())));
      UnitProgress u = n.unit();
      assertThat(List.of(u.status().key(), u.level(), u.superiorCode(), u.overdue(), u.escalated(),
          u.remindersSent(), u.reportedLate())).as(unit).containsExactly(r.status(), r.level(), r.superiorCode(),
          r.overdueAt() != null && r.reportedAt() == null, r.escalatedAt() != null && r.escalationClosedAt() == null,
          r.remindersSent(), r.reportedLate());
      LocalDate until = r.reportedAt() == null ? EngineClock.today() : r.reportedAt().toLocalDate();
      assertThat(n.daysLate()).as(unit).isEqualTo(calendar.workingDaysBetween(r.reportDueDate(), until));
    }
  }

  private static Counts counts(List<Reached> rows) {
    return new Counts(rows.size(), count(rows, r -> r.acknowledgedAt() != null),
        count(rows, r -> r.relayedAt() != null || r.relayCount() != null),
        count(rows, r -> r.status().equals("reported") || r.status().equals("accepted")),
        count(rows, r -> r.status().equals("accepted")), count(rows, r -> r.status().equals("returned")),
        count(rows, Reached::mustReport));
  }

  private Figures figures(List<Reached> rows) {
    Map<Integer, List<Reached>> relayedByLevel = new TreeMap<>();
    rows.stream().filter(r -> r.relayedAt() != null)
        .forEach(r -> relayedByLevel.computeIfAbsent(r.level(), l -> new ArrayList<>()).add(r));
    List<RelayTime> times = new ArrayList<>();
    relayedByLevel.forEach((level, relayed) -> {
      long sum = relayed.stream().mapToLong(SyntheticProgressCheck::seconds).sum();
      Reached slowest = relayed.stream().sorted(Comparator.comparing(Reached::unitCode))
          .max(Comparator.comparingLong(SyntheticProgressCheck::seconds)).orElseThrow();
      times.add(new RelayTime(level, relayed.size(), Math.round((double) sum / relayed.size()), seconds(slowest),
          slowest.unitCode(), names.get(slowest.unitCode())));
    });
    return new Figures(count(rows, Reached::mayRelay),
        count(rows, r -> r.overdueAt() != null && r.reportedAt() == null), count(rows, Reached::reportedLate),
        count(rows, r -> r.escalatedAt() != null && r.escalationClosedAt() == null),
        rows.stream().mapToInt(Reached::studyActivities).sum(),
        rows.stream().mapToInt(Reached::studyParticipants).sum(), times,
        0); // 逾期未办结: the synthetic cascade stops no unit's chase
  }

  private static long seconds(Reached r) {
    return Duration.between(r.receivedAt(), r.relayedAt()).getSeconds();
  }

  private static int count(List<Reached> rows, Predicate<Reached> test) {
    return (int) rows.stream().filter(test).count();
  }

  private boolean arrive(long notice, String unit, String superior, String path, int level, java.time.LocalDate due) {
    return repository.received(new ProgressRepository.Arrival(notice, unit, superior, path, level, due, null, null));
  }
}
