package org.noticecascade.progress;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.noticecascade.progress.ProgressService.Counts;
import org.noticecascade.progress.ProgressService.Figures;
import org.noticecascade.progress.ProgressService.RelayTime;

/**
 * Sums over part of a subtree: one unit's row, or a group the database counted. Added up the cascade into each unit
 * shown, so a subtree's figures are the same whichever way its parts were counted.
 */
final class Tally {

  /**
   * What is summed over a subtree: each measure's value for one unit, the same as an aggregate over rows in SQL,
   * and the column of {@code progress_rollup} that keeps it per subtree, side by side so that all three count alike.
   */
  enum Measure {
    REACHED("reached", "count(*)", u -> 1),
    ACKNOWLEDGED("acknowledged", "count(c.acknowledged_at)", u -> u.acknowledged() ? 1 : 0),
    RELAYED("relayed", "count(*) filter (where c.relayed_at is not null or c.relay_count is not null)", u -> u.relayed() ? 1 : 0),
    REPORTED("reported", "count(*) filter (where c.status in ('reported', 'accepted'))", u -> u.reportedNow() ? 1 : 0),
    ACCEPTED("accepted", "count(*) filter (where c.status = 'accepted')", u -> u.accepted() ? 1 : 0),
    RETURNED("returned", "count(*) filter (where c.status = 'returned')", u -> u.status() == UnitStatus.RETURNED ? 1 : 0),
    /** units with subordinates that have not decided to keep the notice to themselves (不再下发) */
    WITH_SUBORDINATES("with_subordinates", "count(*) filter (where c.may_relay and c.relay_kept_at is null)",
        u -> u.mayRelay() && !u.kept() ? 1 : 0),
    OVERDUE("overdue", "count(*) filter (where c.overdue_at is not null and c.reported_at is null)", u -> u.overdue() ? 1 : 0),
    REPORTED_LATE("reported_late", "count(*) filter (where c.reported_late)", u -> u.reportedLate() ? 1 : 0),
    ESCALATED("escalated", "count(*) filter (where c.escalated_at is not null and c.escalation_closed_at is null)",
        u -> u.escalated() ? 1 : 0),
    STUDY_ACTIVITIES("study_activities", "sum(c.study_activities)", UnitProgress::studyActivities),
    STUDY_PARTICIPANTS("study_participants", "sum(c.study_participants)", UnitProgress::studyParticipants),
    /** 应报告 */
    MUST_REPORT("must_report", "count(*) filter (where c.must_report)", u -> u.mustReport() ? 1 : 0),
    // 逾期未办结: among the overdue, those whose chase-days ran out without a report (V17)
    OVERDUE_UNCLOSED("overdue_unclosed", "count(*) filter (where c.chase_stopped_at is not null and c.reported_at is null)",
        u -> u.overdueUnclosed() ? 1 : 0);

    /** Its column in {@code progress_rollup}. */
    final String column;
    /** Over the rows of {@code cascade_unit c}. */
    final String sql;
    private final ToLongFunction<UnitProgress> value;

    Measure(String column, String sql, ToLongFunction<UnitProgress> value) {
      this.column = column;
      this.sql = sql;
      this.value = value;
    }
  }

  /** 64 bits: the study sums of a large subtree pass the range of an int (V11). */
  private final long[] sums = new long[Measure.values().length];
  /** Relay times by cascade level. */
  private final Map<Integer, Relays> relays = new TreeMap<>();

  /** The relay times of one level: how many relayed, their sum and maximum, and the slowest unit. */
  static final class Relays {
    private int count;
    private long sumSeconds;
    private long maxSeconds;
    private String slowestUnit;
    private String slowestUnitName;

    Relays(int count, long sumSeconds, long maxSeconds) {
      this.count = count;
      this.sumSeconds = sumSeconds;
      this.maxSeconds = maxSeconds;
    }

    /** The slowest unit; among equally slow ones, the first code in Java's order, the same on every database. */
    void slowest(String unit, String name) {
      if (slowestUnit == null || unit.compareTo(slowestUnit) < 0) {
        slowestUnit = unit;
        slowestUnitName = name;
      }
    }

    void add(Relays other) {
      count += other.count;
      sumSeconds += other.sumSeconds;
      if (other.maxSeconds > maxSeconds || slowestUnit == null) {
        maxSeconds = other.maxSeconds;
        slowestUnit = other.slowestUnit;
        slowestUnitName = other.slowestUnitName;
      } else if (other.maxSeconds == maxSeconds && other.slowestUnit != null) {
        slowest(other.slowestUnit, other.slowestUnitName);
      }
    }

    long maxSeconds() {
      return maxSeconds;
    }

    RelayTime at(int level) {
      return new RelayTime(level, count, Math.round((double) sumSeconds / count), maxSeconds, slowestUnit,
          slowestUnitName);
    }
  }

  static Tally of(UnitProgress u) {
    Tally t = new Tally();
    for (Measure m : Measure.values()) {
      t.sums[m.ordinal()] = m.value.applyAsLong(u);
    }
    Integer seconds = u.relaySeconds();
    if (seconds != null) {
      t.relays(u.level(), 1, seconds, seconds).slowest(u.unitCode(), u.unitName());
    }
    return t;
  }

  void set(Measure m, long sum) {
    sums[m.ordinal()] = sum;
  }

  private long get(Measure m) {
    return sums[m.ordinal()];
  }

  /** Records the relay times of one level counted elsewhere (by the database); returns them to name the slowest. */
  Relays relays(int level, int count, long sumSeconds, long maxSeconds) {
    Relays r = new Relays(count, sumSeconds, maxSeconds);
    relays.put(level, r);
    return r;
  }

  Relays relaysAt(int level) {
    return relays.get(level);
  }

  void add(Tally t) {
    for (int i = 0; i < sums.length; i++) {
      sums[i] += t.sums[i];
    }
    t.relays.forEach((level, r) -> relays.computeIfAbsent(level, l -> new Relays(0, 0, 0)).add(r));
  }

  Counts counts() {
    return new Counts(units(Measure.REACHED), units(Measure.ACKNOWLEDGED), units(Measure.RELAYED),
        units(Measure.REPORTED), units(Measure.ACCEPTED), units(Measure.RETURNED), units(Measure.MUST_REPORT));
  }

  /** A number of units: at most the rows of a notice, so an int; one beyond it would be a fault, not a figure. */
  private int units(Measure m) {
    return Math.toIntExact(get(m));
  }

  Figures figures() {
    List<RelayTime> times = relays.entrySet().stream().map(e -> e.getValue().at(e.getKey())).toList();
    return new Figures(units(Measure.WITH_SUBORDINATES), units(Measure.OVERDUE), units(Measure.REPORTED_LATE),
        units(Measure.ESCALATED), get(Measure.STUDY_ACTIVITIES), get(Measure.STUDY_PARTICIPANTS), times,
        units(Measure.OVERDUE_UNCLOSED));
  }
}
