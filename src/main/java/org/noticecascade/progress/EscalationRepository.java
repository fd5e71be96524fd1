package org.noticecascade.progress;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.noticecascade.support.EngineClock;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The 逾期/催办/督办 columns of {@code cascade_unit}, for the escalation package: this package owns the table, so
 * every statement on it lives here. Every write runs in the engine step's transaction and tells
 * {@link ProgressRollup} which unit it changes.
 */
@Repository
public class EscalationRepository {

  /** What the reminders need to know of a unit: whether it still owes its report, and to whom. */
  public record UnitState(String status, LocalDate reportDueDate, String superiorCode, boolean reported, boolean overdue) {
  }

  /** One line of the 督办 list. */
  public record OverdueUnit(String unitCode, String unitName, String superiorCode, String superiorName, String path, int level,
                     LocalDate reportDueDate, LocalDateTime overdueAt, int remindersSent, LocalDateTime lastRemindedAt,
                     LocalDateTime escalatedAt, LocalDateTime escalationClosedAt, LocalDateTime issuerNotifiedAt,
                     LocalDateTime reportedAt, LocalDateTime chaseStoppedAt) {
  }

  private final NamedParameterJdbcTemplate jdbc;
  private final ProgressRollup rollup;

  EscalationRepository(NamedParameterJdbcTemplate jdbc, ProgressRollup rollup) {
    this.jdbc = jdbc;
    this.rollup = rollup;
  }

  /**
   * Overdue units of the whole notice by cascade level (level, count), from the kept totals of its level-1 units
   * (progress_rollup): a few hundred rows whatever the size of the cascade.
   */
  public List<int[]> overdueByLevel(long noticeId) {
    // the level-1 units by idx_cascade_level, then each one's rows by progress_rollup's key
    return jdbc.query("select r.level, sum(r.overdue) from cascade_unit c join progress_rollup r"
        + " on r.notice_id = c.notice_id and r.unit_code = c.unit_code where c.notice_id = :notice and c.level = 1"
        + " group by r.level having sum(r.overdue) > 0 order by r.level",
        new MapSqlParameterSource("notice", noticeId), (rs, i) -> new int[] {rs.getInt(1), rs.getInt(2)});
  }

  public Optional<UnitState> state(long noticeId, String unitCode) {
    return jdbc.query("select status, report_due_date, superior_code, reported_at, overdue_at from cascade_unit"
        + " where notice_id = :notice and unit_code = :unit", key(noticeId, unitCode),
        (rs, i) -> new UnitState(rs.getString(1), rs.getDate(2).toLocalDate(), rs.getString(3),
            rs.getTimestamp(4) != null, rs.getTimestamp(5) != null)).stream().findFirst();
  }

  public void reminded(long noticeId, String unitCode) {
    set(noticeId, unitCode, "reminders_sent = reminders_sent + 1, last_reminded_at = :now");
  }

  public void markedOverdue(long noticeId, String unitCode) {
    set(noticeId, unitCode, "overdue_at = coalesce(overdue_at, :now), reminders_sent = reminders_sent + 1,"
        + " last_reminded_at = :now");
  }

  public void escalated(long noticeId, String unitCode) {
    set(noticeId, unitCode, "escalated_at = :now, escalation_closed_at = null");
  }

  public void escalationClosed(long noticeId, String unitCode) {
    set(noticeId, unitCode, "escalation_closed_at = coalesce(escalation_closed_at, :now)");
  }

  /** The daily reminders ended unanswered (逾期未办结); kept when a step is repeated. */
  public void chaseStopped(long noticeId, String unitCode) {
    set(noticeId, unitCode, "chase_stopped_at = coalesce(chase_stopped_at, :now)");
  }

  /** The first report after the due date stays counted as late, whatever happens to it in review. */
  public void reportArrived(long noticeId, String unitCode, LocalDate today) {
    rollup.touch(noticeId, unitCode);
    jdbc.update("update cascade_unit set reported_late = true where notice_id = :notice and unit_code = :unit"
        + " and report_due_date < :today", key(noticeId, unitCode).addValue("today", today));
  }

  /**
   * Units of the notice marked overdue, within the subtree of {@code root} (the whole notice when {@code whole}),
   * longest overdue first. A root at cascade levels 1 to 4 finds its subtree by equality on its level column (as
   * progress does, V5); a deeper one within its level-4 unit's subtree by its path.
   */
  public List<OverdueUnit> overdue(long noticeId, String root, boolean whole, boolean includeReported, int limit) {
    MapSqlParameterSource p = key(noticeId, root).addValue("limit", limit);
    String subtree = "";
    if (!whole) {
      List<Object[]> at = jdbc.query("select level, level4_unit, path from cascade_unit"
          + " where notice_id = :notice and unit_code = :unit", p,
          (rs, i) -> new Object[] {rs.getInt(1), rs.getString(2), rs.getString(3)});
      if (at.isEmpty()) {
        return List.of();
      }
      int level = (Integer) at.get(0)[0];
      if (level <= 4) {
        subtree = " and c.level" + level + "_unit = :unit";
      } else {
        subtree = " and c.level4_unit = :level4 and c.path like :prefix";
        p.addValue("level4", at.get(0)[1]).addValue("prefix", at.get(0)[2] + "%");
      }
    }
    return jdbc.query("select c.unit_code, u.name, c.superior_code, s.name, c.path, c.level, c.report_due_date,"
        + " c.overdue_at, c.reminders_sent, c.last_reminded_at, c.escalated_at, c.escalation_closed_at,"
        + " c.issuer_notified_at, c.reported_at, c.chase_stopped_at"
        + " from cascade_unit c join unit u on u.code = c.unit_code left join unit s on s.code = c.superior_code"
        + " where c.notice_id = :notice and c.overdue_at is not null" + subtree
        + (includeReported ? "" : " and c.reported_at is null")
        + " order by c.overdue_at, c.path limit :limit", p,
        (rs, i) -> new OverdueUnit(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getInt(6), rs.getDate(7).toLocalDate(), time(rs.getTimestamp(8)), rs.getInt(9), time(rs.getTimestamp(10)),
            time(rs.getTimestamp(11)), time(rs.getTimestamp(12)), time(rs.getTimestamp(13)), time(rs.getTimestamp(14)),
            time(rs.getTimestamp(15))));
  }

  private static LocalDateTime time(Timestamp t) {
    return t == null ? null : t.toLocalDateTime();
  }

  private void set(long noticeId, String unitCode, String assignments) {
    rollup.touch(noticeId, unitCode);
    int n = jdbc.update("update cascade_unit set " + assignments + " where notice_id = :notice and unit_code = :unit",
        key(noticeId, unitCode).addValue("now", Timestamp.valueOf(EngineClock.now())));
    if (n != 1) {
      // a unit the engine is chasing must be in the read model; failing lets the job retry and then raise an incident
      throw new IllegalStateException("通知 " + noticeId + " 的单位 " + unitCode + " 不在进度表中");
    }
  }

  private static MapSqlParameterSource key(long noticeId, String unitCode) {
    return new MapSqlParameterSource("notice", noticeId).addValue("unit", unitCode);
  }
}
