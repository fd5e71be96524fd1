package org.noticecascade.progress;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads the progress read model; each query is served by an index on (notice_id, path) or (notice_id, superior_code). */
@Repository
class ProgressQueries {

  private static final String SELECT = "select c.*, u.name as unit_name from cascade_unit c"
      + " join unit u on u.code = c.unit_code ";

  private final NamedParameterJdbcTemplate jdbc;

  ProgressQueries(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Every unit reached whose org path lies under {@code pathPrefix}, in tree order. */
  List<UnitProgress> under(long noticeId, String pathPrefix) {
    return jdbc.query(SELECT + "where c.notice_id = :notice and c.path like :prefix order by c.path",
        new MapSqlParameterSource("notice", noticeId).addValue("prefix", pathPrefix + "%"), ProgressQueries::map);
  }

  List<UnitProgress> all(long noticeId) {
    return jdbc.query(SELECT + "where c.notice_id = :notice order by c.path",
        new MapSqlParameterSource("notice", noticeId), ProgressQueries::map);
  }

  List<UnitProgress> subordinates(long noticeId, String superiorCode) {
    return jdbc.query(SELECT + "where c.notice_id = :notice and c.superior_code = :superior order by c.path",
        new MapSqlParameterSource("notice", noticeId).addValue("superior", superiorCode), ProgressQueries::map);
  }

  static UnitProgress map(ResultSet rs, int i) throws SQLException {
    return new UnitProgress(rs.getString("unit_code"), rs.getString("unit_name"), rs.getString("superior_code"),
        rs.getString("path"), rs.getInt("level"), UnitStatus.ofKey(rs.getString("status")),
        rs.getDate("report_due_date").toLocalDate(), time(rs, "received_at"), time(rs, "acknowledged_at"),
        time(rs, "relayed_at"), time(rs, "studied_at"), time(rs, "reported_at"), time(rs, "accepted_at"),
        rs.getInt("return_count"), rs.getString("return_reason"), (Integer) rs.getObject("relay_count"),
        rs.getString("report_text"), (Integer) rs.getObject("report_activity_count"),
        (Integer) rs.getObject("report_participant_count"));
  }

  private static java.time.LocalDateTime time(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toLocalDateTime();
  }
}
