package org.noticecascade.escalation;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.noticecascade.support.EngineClock;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The 逾期/催办/督办 columns of {@code cascade_unit}; every write runs in the engine step's transaction. */
@Repository
class EscalationRepository {

  /** What the reminders need to know of a unit: whether it still owes its report, and to whom. */
  record UnitState(String status, LocalDate reportDueDate, String superiorCode, boolean reported, boolean overdue) {
  }

  /** One line of the 督办 list. */
  record OverdueUnit(String unitCode, String unitName, String superiorCode, String superiorName, String path, int level,
                     LocalDate reportDueDate, LocalDateTime overdueAt, int remindersSent, LocalDateTime lastRemindedAt,
                     LocalDateTime escalatedAt, LocalDateTime escalationClosedAt, LocalDateTime issuerNotifiedAt,
                     LocalDateTime reportedAt) {
  }

  private final NamedParameterJdbcTemplate jdbc;

  EscalationRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  Optional<UnitState> state(long noticeId, String unitCode) {
    return jdbc.query("select status, report_due_date, superior_code, reported_at, overdue_at from cascade_unit"
        + " where notice_id = :notice and unit_code = :unit", key(noticeId, unitCode),
        (rs, i) -> new UnitState(rs.getString(1), rs.getDate(2).toLocalDate(), rs.getString(3),
            rs.getTimestamp(4) != null, rs.getTimestamp(5) != null)).stream().findFirst();
  }

  void reminded(long noticeId, String unitCode) {
    set(noticeId, unitCode, "reminders_sent = reminders_sent + 1, last_reminded_at = :now");
  }

  void markedOverdue(long noticeId, String unitCode) {
    set(noticeId, unitCode, "overdue_at = coalesce(overdue_at, :now), reminders_sent = reminders_sent + 1,"
        + " last_reminded_at = :now");
  }

  void escalated(long noticeId, String unitCode) {
    set(noticeId, unitCode, "escalated_at = :now, escalation_closed_at = null");
  }

  void escalationClosed(long noticeId, String unitCode) {
    set(noticeId, unitCode, "escalation_closed_at = coalesce(escalation_closed_at, :now)");
  }

  void issuerNotified(long noticeId, String unitCode) {
    set(noticeId, unitCode, "issuer_notified_at = :now");
  }

  /** The first report after the due date stays counted as late, whatever happens to it in review. */
  void reportArrived(long noticeId, String unitCode, LocalDate today) {
    jdbc.update("update cascade_unit set reported_late = true where notice_id = :notice and unit_code = :unit"
        + " and report_due_date < :today", key(noticeId, unitCode).addValue("today", today));
  }

  /** Units of the notice marked overdue, within a subtree (path prefix), latest due first; uses idx_cascade_overdue. */
  List<OverdueUnit> overdue(long noticeId, String pathPrefix, boolean includeReported, int limit) {
    return jdbc.query("select c.unit_code, u.name, c.superior_code, s.name, c.path, c.level, c.report_due_date,"
        + " c.overdue_at, c.reminders_sent, c.last_reminded_at, c.escalated_at, c.escalation_closed_at,"
        + " c.issuer_notified_at, c.reported_at"
        + " from cascade_unit c join unit u on u.code = c.unit_code left join unit s on s.code = c.superior_code"
        + " where c.notice_id = :notice and c.overdue_at is not null and c.path like :prefix"
        + (includeReported ? "" : " and c.reported_at is null")
        + " order by c.overdue_at, c.path limit :limit",
        new MapSqlParameterSource("notice", noticeId).addValue("prefix", pathPrefix + "%").addValue("limit", limit),
        (rs, i) -> new OverdueUnit(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getInt(6), rs.getDate(7).toLocalDate(), time(rs.getTimestamp(8)), rs.getInt(9), time(rs.getTimestamp(10)),
            time(rs.getTimestamp(11)), time(rs.getTimestamp(12)), time(rs.getTimestamp(13)), time(rs.getTimestamp(14))));
  }

  private static LocalDateTime time(Timestamp t) {
    return t == null ? null : t.toLocalDateTime();
  }

  private void set(long noticeId, String unitCode, String assignments) {
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
