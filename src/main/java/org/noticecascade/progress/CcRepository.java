package org.noticecascade.progress;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;
import org.noticecascade.support.EngineClock;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The 抄送 units of a notice ({@code notice_cc}): written in the engine step's transaction when a copied unit
 * receives the notice and when its clerk has read it; read for the progress views. Apart from {@code cascade_unit}
 * on purpose, so that the cascade's counts never include them.
 */
@Repository
public class CcRepository {

  /** A copied unit, and when (and by whom) it read the notice; null while it has not. */
  public record CcUnit(String unitCode, String unitName, String path, LocalDateTime receivedAt,
                       LocalDateTime readAt, String readBy) {
  }

  private final NamedParameterJdbcTemplate jdbc;

  CcRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The copied unit's 阅知 instance started; false when the unit was already recorded (a repeated start). */
  public boolean received(long noticeId, String unitCode, String path, String processInstanceId) {
    MapSqlParameterSource p = key(noticeId, unitCode).addValue("path", path).addValue("pi", processInstanceId)
        .addValue("now", Timestamp.valueOf(EngineClock.now()));
    Integer existing = jdbc.queryForObject(
        "select count(*) from notice_cc where notice_id = :notice and unit_code = :unit", p, Integer.class);
    if (existing != null && existing > 0) {
      return false;
    }
    jdbc.update("insert into notice_cc (notice_id, unit_code, path, received_at, process_instance_id)"
        + " values (:notice, :unit, :path, :now, :pi)", p);
    return true;
  }

  /** The unit's clerk completed 阅知通知; the first reading counts. */
  public void read(long noticeId, String unitCode, String readBy) {
    jdbc.update("update notice_cc set read_at = :now, read_by = :by"
        + " where notice_id = :notice and unit_code = :unit and read_at is null",
        key(noticeId, unitCode).addValue("by", readBy).addValue("now", Timestamp.valueOf(EngineClock.now())));
  }

  /**
   * The copied units of a notice at or below the unit at {@code path} ('/acftu/sc/'), or all of them for null: a
   * notice names at most a few thousand, found through (notice_id, path). Unit codes are letters and digits, so
   * the path needs no escaping in LIKE.
   */
  List<CcUnit> within(long noticeId, String path) {
    MapSqlParameterSource p = new MapSqlParameterSource("notice", noticeId);
    String where = "c.notice_id = :notice";
    if (path != null) {
      where += " and c.path like :prefix";
      p.addValue("prefix", path + "%");
    }
    return jdbc.query("select c.unit_code, u.name, c.path, c.received_at, c.read_at, c.read_by from notice_cc c"
        + " join unit u on u.code = c.unit_code where " + where + " order by c.path", p,
        (rs, i) -> new CcUnit(rs.getString(1), rs.getString(2), rs.getString(3), time(rs.getTimestamp(4)),
            time(rs.getTimestamp(5)), rs.getString(6)));
  }

  private static LocalDateTime time(Timestamp t) {
    return t == null ? null : t.toLocalDateTime();
  }

  private static MapSqlParameterSource key(long noticeId, String unitCode) {
    return new MapSqlParameterSource("notice", noticeId).addValue("unit", unitCode);
  }
}
