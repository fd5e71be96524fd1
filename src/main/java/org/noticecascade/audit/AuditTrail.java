package org.noticecascade.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.noticecascade.support.CurrentUser;
import org.noticecascade.support.EngineClock;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * 留痕: who did which step of a notice for which unit, when, and what they entered, kept in our own table
 * ({@code audit_step}, V19) so that it neither grows with the engine's history level nor goes with its cleanup.
 * Every write runs in the step's own transaction; a step's key (its activity instance or task, and the kind) makes a
 * step that runs again write nothing twice.
 */
@Repository
public class AuditTrail {

  /** The actor of a step no person took: timers, reminders, the roll-up. */
  public static final String SYSTEM = "系统";
  /** Texts are kept to this many characters (the column's width); the full text stays where the step keeps it. */
  static final int DETAIL_LENGTH = 2000;

  private final NamedParameterJdbcTemplate jdbc;

  AuditTrail(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * A step the current user took in a task (or a delegate they ran): keyed by the activity instance, so a study
   * round recorded in a loop writes one row per round.
   */
  public void byUser(DelegateExecution execution, long noticeId, String unitCode, AuditStep step, String actorUnit,
      String detail) {
    record(execution.getActivityInstanceId() + ":" + step.key(), noticeId, unitCode, step,
        CurrentUser.id(execution), actorUnit, detail);
  }

  /** A step the engine took by itself (a timer, a reminder), keyed by the caller (a task or activity instance). */
  public void bySystem(String key, long noticeId, String unitCode, AuditStep step, String detail) {
    record(key + ":" + step.key(), noticeId, unitCode, step, null, null, detail);
  }

  /**
   * 上传附件 (issue 22's attachments): for the upload's listener, keyed by the attachment so that a repeated event
   * writes once; the detail is the file's name.
   */
  public void attachmentAdded(String attachmentId, long noticeId, String unitCode, String userId, String actorUnit,
      String fileName) {
    record("attachment:" + attachmentId, noticeId, unitCode, AuditStep.ATTACHMENT, userId, actorUnit, fileName);
  }

  /** Any step: a null actor is the system. Nothing is written when a step with this key is recorded already. */
  public void record(String key, long noticeId, String unitCode, AuditStep step, String actorId, String actorUnit,
      String detail) {
    MapSqlParameterSource p = new MapSqlParameterSource("key", key)
        .addValue("notice", noticeId)
        .addValue("unit", unitCode)
        .addValue("step", step.key())
        .addValue("actor", actorId)
        .addValue("actorName", actorName(actorId))
        .addValue("actorUnit", actorUnit)
        .addValue("at", Timestamp.valueOf(EngineClock.now()))
        .addValue("detail", bounded(detail));
    Integer seen = jdbc.queryForObject("select count(*) from audit_step where step_key = :key", p, Integer.class);
    if (seen != null && seen > 0) {
      return;
    }
    jdbc.update("insert into audit_step (notice_id, unit_code, step, step_key, actor_id, actor_name, actor_unit,"
        + " acted_at, detail) values (:notice, :unit, :step, :key, :actor, :actorName, :actorUnit, :at, :detail)", p);
  }

  /**
   * The user's name as the identity service keeps it (the demo's 成都市总工会 + 经办人), read from its table in the
   * step's transaction: the identity service's own query would be filtered by the acting clerk's authorizations.
   */
  private String actorName(String actorId) {
    if (actorId == null) {
      return SYSTEM;
    }
    List<String> names = jdbc.query("select FIRST_, LAST_ from ACT_ID_USER where ID_ = :id",
        new MapSqlParameterSource("id", actorId), (rs, i) -> join(rs.getString(1), rs.getString(2)));
    return names.isEmpty() || names.get(0).isBlank() ? actorId : names.get(0);
  }

  private static String join(String first, String last) {
    return (first == null ? "" : first) + (last == null ? "" : last);
  }

  static String bounded(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.strip();
    return t.length() <= DETAIL_LENGTH ? t : t.substring(0, DETAIL_LENGTH - 1) + "…";
  }

  /** One step as the API, the 留痕 panel and the Excel sheet show it. */
  public record Entry(LocalDateTime at, String step, String stepLabel, String unitCode, String unitName,
                      String actor, String actorName, String actorUnit, String actorUnitName, String detail) {
  }

  private static final String SELECT = "select a.acted_at, a.step, a.unit_code, u.name unit_name, a.actor_id,"
      + " a.actor_name, a.actor_unit, au.name actor_unit_name, a.detail from audit_step a"
      + " left join unit u on u.code = a.unit_code left join unit au on au.code = a.actor_unit";

  /** One unit's steps, oldest first. */
  public List<Entry> ofUnit(long noticeId, String unitCode, int limit, int offset) {
    return jdbc.query(SELECT + " where a.notice_id = :notice and a.unit_code = :unit"
            + " order by a.acted_at, a.id limit :limit offset :offset",
        page(noticeId, limit, offset).addValue("unit", unitCode), AuditTrail::entry);
  }

  /** Every step of the notice, oldest first. */
  public List<Entry> ofNotice(long noticeId, int limit, int offset) {
    return jdbc.query(SELECT + " where a.notice_id = :notice order by a.acted_at, a.id limit :limit offset :offset",
        page(noticeId, limit, offset), AuditTrail::entry);
  }

  /** The steps of the units under a path of the org tree (a subtree root's own included), oldest first. */
  public List<Entry> ofSubtree(long noticeId, String rootPath, int limit, int offset) {
    return jdbc.query(SELECT + " where a.notice_id = :notice and u.path like :path"
            + " order by a.acted_at, a.id limit :limit offset :offset",
        page(noticeId, limit, offset).addValue("path", rootPath + "%"), AuditTrail::entry);
  }

  /** Rows read per query when a whole notice's steps are handed over one by one. */
  static final int PAGE = 2000;

  /**
   * Every step of the notice, oldest first, handed to {@code each} a page at a time (keyset pages on
   * idx_audit_at): an archive of a national notice never holds its steps in memory.
   *
   * @return how many steps there were
   */
  public long eachOfNotice(long noticeId, java.util.function.Consumer<Entry> each) {
    long count = 0;
    Timestamp at = null;
    long id = 0;
    while (true) {
      MapSqlParameterSource p = new MapSqlParameterSource("notice", noticeId).addValue("limit", PAGE)
          .addValue("at", at).addValue("id", id);
      String after = at == null ? "" : " and (a.acted_at > :at or a.acted_at = :at and a.id > :id)";
      List<Object[]> page = jdbc.query(SELECT.replace("select a.acted_at,", "select a.id, a.acted_at,")
              + " where a.notice_id = :notice" + after + " order by a.acted_at, a.id limit :limit", p,
          (rs, i) -> new Object[] {rs.getLong("id"), rs.getTimestamp("acted_at"), entry(rs, i)});
      for (Object[] row : page) {
        each.accept((Entry) row[2]);
      }
      count += page.size();
      if (page.size() < PAGE) {
        return count;
      }
      Object[] last = page.get(page.size() - 1);
      id = (Long) last[0];
      at = (Timestamp) last[1];
    }
  }

  /**
   * Deletes up to {@code limit} of the notice's steps (retention of a notice that ended long ago, after its archive
   * was written); the caller runs each call in a transaction of its own.
   *
   * @return the steps deleted; 0 once none is left
   */
  public int deleteBatch(long noticeId, int limit) {
    return jdbc.update("delete from audit_step where id in (select id from audit_step where notice_id = :notice"
        + " order by id limit :limit)", new MapSqlParameterSource("notice", noticeId).addValue("limit", limit));
  }

  private static MapSqlParameterSource page(long noticeId, int limit, int offset) {
    return new MapSqlParameterSource("notice", noticeId).addValue("limit", limit).addValue("offset", offset);
  }

  private static Entry entry(ResultSet rs, int row) throws SQLException {
    String step = rs.getString("step");
    Timestamp at = rs.getTimestamp("acted_at");
    return new Entry(at.toLocalDateTime(), step, AuditStep.of(step).map(AuditStep::label).orElse(step),
        rs.getString("unit_code"), rs.getString("unit_name"), rs.getString("actor_id"), rs.getString("actor_name"),
        rs.getString("actor_unit"), rs.getString("actor_unit_name"), rs.getString("detail"));
  }
}
