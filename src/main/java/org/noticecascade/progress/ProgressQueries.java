package org.noticecascade.progress;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.noticecascade.orgdirectory.UnitKind;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads the progress read model; each query is served by an index on (notice_id, path), (notice_id, superior_code)
 * or (notice_id, unit_code).
 */
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

  /** One unit's row (the primary key), for the chain of superiors above an exported subtree. */
  Optional<UnitProgress> one(long noticeId, String unitCode) {
    return jdbc.query(SELECT + "where c.notice_id = :notice and c.unit_code = :unit",
        new MapSqlParameterSource("notice", noticeId).addValue("unit", unitCode), ProgressQueries::map).stream().findFirst();
  }

  /**
   * The units reached under {@code pathPrefix} that have subordinates they may relay to: those given a 传达 task,
   * the denominator of the relay rate. The org lookup uses unit(parent_code, kind).
   */
  List<String> relaying(long noticeId, String pathPrefix, boolean cascadeToGrassroots) {
    List<String> grassroots = Arrays.stream(UnitKind.values()).filter(UnitKind::isGrassroots).map(Enum::name).toList();
    return jdbc.queryForList("select c.unit_code from cascade_unit c where c.notice_id = :notice and c.path like :prefix"
        + " and exists (select 1 from unit s where s.parent_code = c.unit_code"
        + (cascadeToGrassroots ? "" : " and s.kind not in (:grassroots)") + ")",
        new MapSqlParameterSource("notice", noticeId).addValue("prefix", pathPrefix + "%")
            .addValue("grassroots", grassroots), String.class);
  }

  /** A study activity as 学习贯彻 recorded it. */
  record Study(String unitCode, String unitName, String form, LocalDate date, int participants, String summary,
               String recordedBy, LocalDateTime recordedAt) {
  }

  /** The study activities of the units reached under {@code pathPrefix}, in tree order, then by date. */
  List<Study> studies(long noticeId, String pathPrefix) {
    return jdbc.query("select s.*, u.name as unit_name from cascade_unit c"
        + " join study_activity s on s.notice_id = c.notice_id and s.unit_code = c.unit_code"
        + " join unit u on u.code = c.unit_code"
        + " where c.notice_id = :notice and c.path like :prefix order by c.path, s.study_date, s.id",
        new MapSqlParameterSource("notice", noticeId).addValue("prefix", pathPrefix + "%"),
        (rs, i) -> new Study(rs.getString("unit_code"), rs.getString("unit_name"), rs.getString("study_form"),
            rs.getDate("study_date").toLocalDate(), rs.getInt("participants"), rs.getString("summary"),
            rs.getString("recorded_by"), time(rs, "recorded_at")));
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

  private static LocalDateTime time(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toLocalDateTime();
  }
}
