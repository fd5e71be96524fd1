package org.noticecascade.progress;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The cascade's figures over every notice under way, for monitoring: read from the subtree totals of the level-1
 * units ({@code progress_rollup}, as the progress of a notice's root is), a few hundred rows per notice whatever its
 * size, never by counting {@code cascade_unit}.
 */
@Component
public class ProgressFigures {

  /**
   * The measures shown as {@code status}, as the progress page counts them: units that have got at least that far
   * (reached, acknowledged, relayed, reported …), and those whose report is returned now.
   */
  private static final Map<String, Tally.Measure> STATUSES = Map.of(
      "reached", Tally.Measure.REACHED, "acknowledged", Tally.Measure.ACKNOWLEDGED,
      "relayed", Tally.Measure.RELAYED, "reported", Tally.Measure.REPORTED,
      "accepted", Tally.Measure.ACCEPTED, "returned", Tally.Measure.RETURNED);

  /**
   * @param noticesOpen notices sent and not yet ended (status DISPATCHED)
   * @param units by status (the keys of {@link #STATUSES}), over the open notices
   * @param overdue units past their report due date without a report (逾期)
   * @param escalationsOpen 督办 open: units whose superior is chasing them
   * @param awaitingReview reports waiting for the superior's 审核
   */
  public record Open(long noticesOpen, Map<String, Long> units, long overdue, long escalationsOpen,
                     long awaitingReview) {
  }

  private final NamedParameterJdbcTemplate jdbc;

  ProgressFigures(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public Open open() {
    StringBuilder sums = new StringBuilder();
    STATUSES.values().forEach(m -> sums.append("coalesce(sum(r.").append(m.column).append("), 0), "));
    MapSqlParameterSource p = new MapSqlParameterSource("open", "DISPATCHED");
    // the level-1 units of each open notice by idx_cascade_level, then their rows by progress_rollup's key
    return jdbc.queryForObject("select " + sums + "coalesce(sum(r.overdue), 0), coalesce(sum(r.escalated), 0),"
        + " (select count(*) from notice where status = :open)"
        + " from notice n join cascade_unit c on c.notice_id = n.id and c.level = 1"
        + " join progress_rollup r on r.notice_id = c.notice_id and r.unit_code = c.unit_code"
        + " where n.status = :open", p, (rs, i) -> {
          Map<String, Long> units = new LinkedHashMap<>();
          int column = 1;
          for (String status : STATUSES.keySet()) {
            units.put(status, rs.getLong(column++));
          }
          long overdue = rs.getLong(column++);
          long escalated = rs.getLong(column++);
          long notices = rs.getLong(column);
          // reported counts the accepted too (Tally.Measure.REPORTED): the rest wait for review
          return new Open(notices, units, overdue, escalated, units.get("reported") - units.get("accepted"));
        });
  }
}
