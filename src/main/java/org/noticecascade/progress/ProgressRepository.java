package org.noticecascade.progress;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.noticecascade.orgdirectory.UnitKind;
import org.noticecascade.support.EngineClock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes the progress read model; every call runs inside the engine step's transaction and tells
 * {@link ProgressRollup} which unit it changes.
 */
@Repository
public class ProgressRepository {

  private final NamedParameterJdbcTemplate jdbc;
  private final ProgressRollup rollup;
  /** Units reached on this node, counted once their step commits (a rolled-back step reached no one). */
  private final Counter reached;

  ProgressRepository(NamedParameterJdbcTemplate jdbc, ProgressRollup rollup, ObjectProvider<MeterRegistry> meters) {
    this.jdbc = jdbc;
    this.rollup = rollup;
    this.reached = Counter.builder("notice_cascade.units.reached")
        .description("通知到达的单位数（收文），本节点 Units reached by a notice on this node")
        // the fast engine tests have no registry: there it counts nowhere
        .register(meters.getIfAvailable(() -> Metrics.globalRegistry));
  }

  /** Records that a unit received the notice; false when it had already been reached by another route. */
  /** A notice reaching a unit: from which superior, at which level, with what deadline and instructions. */
  public record Arrival(long noticeId, String unitCode, String superiorCode, String path, int level,
                        LocalDate reportDueDate, String instructions, String processInstanceId,
                        boolean mustReport) {

    /** A unit that must report, as every unit did before the notice could say who must (V15). */
    public Arrival(long noticeId, String unitCode, String superiorCode, String path, int level,
        LocalDate reportDueDate, String instructions, String processInstanceId) {
      this(noticeId, unitCode, superiorCode, path, level, reportDueDate, instructions, processInstanceId, true);
    }
  }

  public boolean received(Arrival a) {
    long noticeId = a.noticeId();
    String unitCode = a.unitCode();
    String superiorCode = a.superiorCode();
    int level = a.level();
    MapSqlParameterSource p = key(noticeId, unitCode)
        .addValue("superior", superiorCode)
        .addValue("path", a.path())
        .addValue("level", level)
        .addValue("due", a.reportDueDate())
        .addValue("instructions", a.instructions())
        .addValue("pi", a.processInstanceId())
        .addValue("mustReport", a.mustReport())
        .addValue("status", UnitStatus.RECEIVED.key())
        .addValue("now", now());
    Integer existing = jdbc.queryForObject(
        "select count(*) from cascade_unit where notice_id = :notice and unit_code = :unit", p, Integer.class);
    if (existing != null && existing > 0) {
      return false;
    }
    // the superior's units at levels 1 to 4 (an addressee's superior is the issuer, which has no row), then its own
    String[] levelUnits = level == 1 ? new String[ProgressQueries.LEVEL_COLUMNS] : jdbc.query("select level1_unit,"
        + " level2_unit, level3_unit, level4_unit from cascade_unit"
        + " where notice_id = :notice and unit_code = :superior", p, (rs, i) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)})
        .stream().findFirst()
        .orElseThrow(() -> new IllegalStateException("上级单位 " + superiorCode + " 未收到通知 " + noticeId));
    if (level <= ProgressQueries.LEVEL_COLUMNS) {
      levelUnits[level - 1] = unitCode;
    }
    for (int k = 0; k < levelUnits.length; k++) {
      p.addValue("level" + (k + 1), levelUnits[k]);
    }
    rollup.touch(noticeId, unitCode);
    p.addValue("grassroots", Arrays.stream(UnitKind.values()).filter(UnitKind::isGrassroots).map(Enum::name).toList());
    // two branches reaching the same unit at once collide on the primary key: one job fails, its retry sees the row.
    // may_relay: it has children it may relay to, as the unit process decides when it offers 传达
    jdbc.update("insert into cascade_unit (notice_id, unit_code, superior_code, path, level, status, report_due_date,"
        + " instructions, process_instance_id, received_at, level1_unit, level2_unit, level3_unit, level4_unit,"
        + " must_report, may_relay) values (:notice, :unit, :superior, :path, :level, :status, :due, :instructions,"
        + " :pi, :now, :level1, :level2, :level3, :level4, :mustReport, case when exists (select 1 from unit s join notice n on n.id = :notice"
        + " where s.parent_code = :unit and s.active and (n.cascade_to_grassroots or s.kind not in (:grassroots)))"
        + " then true else false end)", p);
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCommit() {
        reached.increment();
      }
    });
    return true;
  }

  public void acknowledged(long noticeId, String unitCode) {
    update(noticeId, unitCode, UnitStatus.ACKNOWLEDGED, "acknowledged_at = :now", key(noticeId, unitCode));
  }

  public void relayed(long noticeId, String unitCode, LocalDate dueDate, String instructions, List<String> kinds,
      List<String> units, int count) {
    update(noticeId, unitCode, UnitStatus.RELAYED, "relayed_at = :now,"
        + " relay_seconds = floor(extract(epoch from cast(:now as timestamp)) - extract(epoch from received_at)),"
        + " relay_due_date = :due,"
        + " relay_instructions = :instructions, relay_kinds = :kinds, relay_units = :units, relay_count = :count",
        key(noticeId, unitCode).addValue("due", dueDate).addValue("instructions", instructions)
            .addValue("kinds", String.join(",", kinds)).addValue("units", String.join(",", units))
            .addValue("count", count));
  }

  /** 本单位学习，不再下发: the unit decided not to relay, and why; its status stays as it was. */
  public void kept(long noticeId, String unitCode, String reason) {
    MapSqlParameterSource p = key(noticeId, unitCode).addValue("reason", reason).addValue("now", now());
    rollup.touch(noticeId, unitCode);
    jdbc.update("update cascade_unit set relay_kept_at = :now, relay_keep_reason = :reason"
        + " where notice_id = :notice and unit_code = :unit", p);
  }

  public void studied(long noticeId, String unitCode, String taskId, String form, LocalDate date, int participants,
      String summary, String recordedBy) {
    MapSqlParameterSource p = key(noticeId, unitCode).addValue("task", taskId).addValue("form", form)
        .addValue("date", date).addValue("participants", participants).addValue("summary", summary)
        .addValue("by", recordedBy).addValue("now", now());
    jdbc.update("insert into study_activity (notice_id, unit_code, study_form, study_date, participants, summary,"
        + " recorded_by, recorded_at, task_id) values (:notice, :unit, :form, :date, :participants, :summary, :by, :now,"
        + " :task)", p);
    // the first activity moves the unit on; later ones leave its status
    rollup.touch(noticeId, unitCode);
    jdbc.update("update cascade_unit set status = case when status in ('received', 'acknowledged', 'relayed')"
        + " then 'studied' else status end, studied_at = coalesce(studied_at, :now),"
        + " study_activities = study_activities + 1, study_participants = study_participants + :participants"
        + " where notice_id = :notice and unit_code = :unit", p);
  }

  public void reported(long noticeId, String unitCode, String text, int activities, int participants) {
    update(noticeId, unitCode, UnitStatus.REPORTED, "reported_at = :now, report_text = :text,"
        + " report_activity_count = :activities, report_participant_count = :participants",
        key(noticeId, unitCode).addValue("text", text).addValue("activities", activities)
            .addValue("participants", participants));
  }

  public void accepted(long noticeId, String unitCode) {
    update(noticeId, unitCode, UnitStatus.ACCEPTED, "reviewed_at = :now, accepted_at = :now", key(noticeId, unitCode));
  }

  public void returned(long noticeId, String unitCode, String reason) {
    update(noticeId, unitCode, UnitStatus.RETURNED, "reviewed_at = :now, return_count = return_count + 1,"
        + " return_reason = :reason", key(noticeId, unitCode).addValue("reason", reason));
  }

  /** What a unit chose in 传达: kinds among its subordinates and single units. */
  public record RelayChoice(List<String> kinds, List<String> units) {
  }

  public RelayChoice relayChoice(long noticeId, String unitCode) {
    return jdbc.queryForObject("select relay_kinds, relay_units from cascade_unit"
        + " where notice_id = :notice and unit_code = :unit", key(noticeId, unitCode),
        (rs, i) -> new RelayChoice(split(rs.getString(1)), split(rs.getString(2))));
  }

  /** Units of the notice already reached among the children of {@code parentCode} in the org tree. */
  public List<String> reachedAmong(long noticeId, String parentCode) {
    return jdbc.queryForList("select c.unit_code from cascade_unit c join unit u on u.code = c.unit_code"
        + " where c.notice_id = :notice and u.parent_code = :unit", key(noticeId, parentCode), String.class);
  }

  private static List<String> split(String csv) {
    return csv == null || csv.isBlank() ? List.of() : List.of(csv.split(","));
  }

  /**
   * Activities and participants this unit recorded so far, to pre-fill its forms. Summed in 64 bits; a total beyond
   * an int (far above report.form's maxima) is given as Integer.MAX_VALUE, which the form then asks to correct.
   */
  /** A unit's study so far: how many activities it recorded and how many took part in them. */
  public record StudyTotals(int activities, int participants) {
  }

  public StudyTotals studyTotals(long noticeId, String unitCode) {
    return jdbc.queryForObject("select count(*), coalesce(sum(participants), 0) from study_activity"
        + " where notice_id = :notice and unit_code = :unit", key(noticeId, unitCode),
        (rs, i) -> new StudyTotals(saturated(rs.getLong(1)), saturated(rs.getLong(2))));
  }

  private static int saturated(long n) {
    return (int) Math.min(n, Integer.MAX_VALUE);
  }

  private void update(long noticeId, String unitCode, UnitStatus status, String set, MapSqlParameterSource p) {
    p.addValue("status", status.key()).addValue("now", now());
    rollup.touch(noticeId, unitCode);
    int n = jdbc.update("update cascade_unit set status = :status, " + set
        + " where notice_id = :notice and unit_code = :unit", p);
    if (n != 1) {
      throw new IllegalStateException("单位 " + unitCode + " 未收到通知 " + noticeId);
    }
  }

  private static MapSqlParameterSource key(long noticeId, String unitCode) {
    return new MapSqlParameterSource("notice", noticeId).addValue("unit", unitCode);
  }

  private static Timestamp now() {
    LocalDateTime now = EngineClock.now();
    return Timestamp.valueOf(now);
  }
}
