package org.noticecascade.progress;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads the progress read model. A subtree is found by equality on (notice_id, levelk_unit, level), the whole
 * notice by (notice_id, level); a unit's subordinates by (notice_id, superior_code), one unit by its primary key.
 */
@Repository
class ProgressQueries {

  /** level1_unit … level4_unit (see V5__progress_scale.sql). */
  static final int LEVEL_COLUMNS = 4;

  private static final String SELECT = "select c.*, u.name as unit_name from cascade_unit c"
      + " join unit u on u.code = c.unit_code ";

  /** Each measure summed over a group of rows (as m0, m1, …), and the group's relay times. */
  static final String SUMS = Arrays.stream(Tally.Measure.values())
      .map(m -> m.sql + " as m" + m.ordinal() + ", ").collect(Collectors.joining())
      + "count(c.relay_seconds) as relays, sum(c.relay_seconds) as relay_sum, max(c.relay_seconds) as relay_max";

  /** Groups whose slowest units are looked up in one statement (three parameters each). */
  private static final int LOOKUPS_PER_STATEMENT = 500;

  private final NamedParameterJdbcTemplate jdbc;

  ProgressQueries(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Where a root's subtree lies: the whole notice for the issuer (level 0), else the units whose unit at the
   * root's level is the root. A root below level 4 is looked for within its level-4 unit's subtree.
   */
  record Subtree(long noticeId, int level, String unitCode) {

    Subtree {
      if (level < 0 || level > LEVEL_COLUMNS) {
        throw new IllegalArgumentException("level " + level);
      }
    }

    private String where() {
      return level == 0 ? "c.notice_id = :notice " : "c.notice_id = :notice and c." + column(level) + " = :root ";
    }

    private MapSqlParameterSource params() {
      return new MapSqlParameterSource("notice", noticeId).addValue("root", unitCode);
    }
  }

  private static String column(int level) {
    return "level" + level + "_unit";
  }

  /** The subtree's units down to {@code maxLevel} (all when null), in tree order. */
  List<UnitProgress> rows(Subtree subtree, Integer maxLevel) {
    return jdbc.query(SELECT + "where " + subtree.where() + (maxLevel == null ? "" : "and c.level <= :max ")
        + "order by c.path", subtree.params().addValue("max", maxLevel), ProgressQueries::map);
  }

  /** A group counted by the database: the units at one level under one unit at the grouping level. */
  record Group(String unitKey, int level, Tally tally) {
  }

  /**
   * The subtree's units from {@code groupLevel} down, counted in groups: by their unit at {@code groupLevel} and by
   * level, as {@code progress_rollup} keeps them (V6): one row per unit at the grouping level, level below it and
   * shard, so a national root reads a few hundred rows. Then the slowest unit of each group, found through the level
   * index by equality on its relay seconds.
   */
  List<Group> groups(Subtree subtree, int groupLevel) {
    String sums = Arrays.stream(Tally.Measure.values())
        .map(m -> "sum(r." + m.column + ") as m" + m.ordinal() + ", ").collect(Collectors.joining())
        + "sum(r.relays) as relays, sum(r.relay_sum) as relay_sum, max(r.relay_max) as relay_max";
    List<Group> groups = read("select r.unit_code as unit_key, r.level, " + sums + " from cascade_unit c"
        + " join progress_rollup r on r.notice_id = c.notice_id and r.unit_code = c.unit_code where " + subtree.where()
        + "and c.level = :group group by r.unit_code, r.level", subtree.params().addValue("group", groupLevel));
    nameSlowest(subtree, groupLevel, groups);
    return groups;
  }

  /**
   * The same groups counted from the units' rows, one pass over the subtree: what {@link #groups} must always equal
   * (tests compare them), and the way to check a notice's rollup by hand.
   */
  List<Group> recount(Subtree subtree, int groupLevel) {
    String key = "c." + column(groupLevel);
    List<Group> groups = read("select " + key + " as unit_key, c.level, " + SUMS + " from cascade_unit c where "
        + subtree.where() + "and c.level >= :group group by " + key + ", c.level",
        subtree.params().addValue("group", groupLevel));
    nameSlowest(subtree, groupLevel, groups);
    return groups;
  }

  private List<Group> read(String sql, MapSqlParameterSource params) {
    List<Group> groups = new ArrayList<>();
    jdbc.query(sql, params, rs -> {
      Tally t = new Tally();
      for (Tally.Measure m : Tally.Measure.values()) {
        t.set(m, rs.getLong("m" + m.ordinal()));
      }
      Group g = new Group(rs.getString("unit_key"), rs.getInt("level"), t);
      if (rs.getInt("relays") > 0) {
        t.relays(g.level(), rs.getInt("relays"), rs.getLong("relay_sum"), rs.getLong("relay_max"));
      }
      groups.add(g);
    });
    return groups;
  }

  /** Finds the slowest unit of each group that has relay times. */
  private void nameSlowest(Subtree subtree, int groupLevel, List<Group> groups) {
    String key = "c." + column(groupLevel);
    Map<String, Tally.Relays> relayed = new HashMap<>();
    List<Group> withRelays = new ArrayList<>();
    for (Group g : groups) {
      Tally.Relays r = g.tally().relaysAt(g.level());
      if (r != null) {
        relayed.put(g.unitKey() + "/" + g.level(), r);
        withRelays.add(g);
      }
    }
    // every unit as slow as the slowest comes back; Tally picks one of them the same way always. An OR of equalities,
    // not a row-value IN list, which H2's planner cannot take with an index.
    for (int from = 0; from < withRelays.size(); from += LOOKUPS_PER_STATEMENT) {
      List<Group> part = withRelays.subList(from, Math.min(from + LOOKUPS_PER_STATEMENT, withRelays.size()));
      MapSqlParameterSource p = subtree.params();
      List<String> equalities = new ArrayList<>();
      for (int i = 0; i < part.size(); i++) {
        Group g = part.get(i);
        equalities.add("(" + key + " = :unit" + i + " and c.level = :level" + i + " and c.relay_seconds = :seconds" + i
            + ")");
        p.addValue("unit" + i, g.unitKey()).addValue("level" + i, g.level())
            .addValue("seconds" + i, g.tally().relaysAt(g.level()).maxSeconds());
      }
      jdbc.query("select " + key + ", c.level, c.unit_code, u.name from cascade_unit c join unit u on u.code = c.unit_code"
          + " where c.notice_id = :notice and (" + String.join(" or ", equalities) + ")", p, rs -> {
            relayed.get(rs.getString(1) + "/" + rs.getInt(2)).slowest(rs.getString(3), rs.getString(4));
          });
    }
  }

  List<UnitProgress> subordinates(long noticeId, String superiorCode) {
    return jdbc.query(SELECT + "where c.notice_id = :notice and c.superior_code = :superior order by c.path",
        new MapSqlParameterSource("notice", noticeId).addValue("superior", superiorCode), ProgressQueries::map);
  }

  /** One unit's row (the primary key), for the root of a subtree and the chain of superiors above it. */
  Optional<UnitProgress> one(long noticeId, String unitCode) {
    return jdbc.query(SELECT + "where c.notice_id = :notice and c.unit_code = :unit",
        new MapSqlParameterSource("notice", noticeId).addValue("unit", unitCode), ProgressQueries::map).stream().findFirst();
  }

  /** A study activity as 学习贯彻 recorded it. */
  record Study(String unitCode, String unitName, String form, LocalDate date, int participants, String summary,
               String recordedBy, LocalDateTime recordedAt) {
  }

  /** The study activities of the subtree's units, in tree order, then by date. */
  List<Study> studies(Subtree subtree) {
    return jdbc.query("select s.*, u.name as unit_name from cascade_unit c"
        + " join study_activity s on s.notice_id = c.notice_id and s.unit_code = c.unit_code"
        + " join unit u on u.code = c.unit_code"
        + " where " + subtree.where() + "order by c.path, s.study_date, s.id", subtree.params(),
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
        (Integer) rs.getObject("report_participant_count"), time(rs, "overdue_at"), time(rs, "escalated_at"),
        time(rs, "escalation_closed_at"), rs.getInt("reminders_sent"), rs.getBoolean("reported_late"),
        rs.getBoolean("may_relay"), rs.getLong("study_activities"), rs.getLong("study_participants"),
        (Integer) rs.getObject("relay_seconds"), rs.getBoolean("must_report"), time(rs, "relay_kept_at"),
        rs.getString("relay_keep_reason"), time(rs, "chase_stopped_at"), rs.getString("relay_doc_number"),
        rs.getString("relay_title"));
  }

  private static LocalDateTime time(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toLocalDateTime();
  }
}
