package org.noticecascade.notice;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class NoticeRepository {

  private static final String SELECT = "select n.*, u.name as issuer_name from notice n join unit u on u.code = n.issuer_unit ";

  private final NamedParameterJdbcTemplate jdbc;

  NoticeRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  long insert(NoticeDraft d, boolean reserveDocNumber, NoticeStatus status, String processInstanceId, String createdBy) {
    MapSqlParameterSource p = new MapSqlParameterSource()
        .addValue("docNumber", d.docNumber())
        .addValue("docNumberKey", reserveDocNumber ? DocNumbers.key(d.docNumber()) : null)
        .addValue("title", d.title())
        .addValue("issuer", d.issuerUnit())
        .addValue("issuedOn", d.issuedOn())
        .addValue("summary", d.summary())
        .addValue("kinds", String.join(",", d.addresseeKinds()))
        .addValue("units", String.join(",", d.addresseeUnits()))
        .addValue("cc", String.join(",", d.ccUnits()))
        .addValue("reportingKinds", String.join(",", d.reportingKinds()))
        .addValue("reportingUnits", String.join(",", d.reportingUnits()))
        .addValue("due", d.reportDueDate())
        .addValue("grassroots", d.cascadeToGrassroots())
        .addValue("signOff", d.signOffRequired())
        .addValue("status", status.name())
        .addValue("pi", processInstanceId)
        .addValue("createdBy", createdBy)
        .addValue("ackDays", d.acknowledgeReminderDays())
        .addValue("dueSoonDays", d.dueSoonDays())
        .addValue("createdAt", Timestamp.valueOf(org.noticecascade.support.EngineClock.now()));
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    jdbc.update("insert into notice (doc_number, doc_number_key, title, issuer_unit, issued_on, summary, addressee_kinds,"
        + " addressee_units, report_due_date, cascade_to_grassroots, sign_off_required, status, process_instance_id,"
        + " created_by, created_at, acknowledge_reminder_days, due_soon_days, cc_units,"
        + " reporting_kinds, reporting_units) values (:docNumber,"
        + " :docNumberKey, :title, :issuer, :issuedOn, :summary, :kinds, :units, :due, :grassroots, :signOff, :status, :pi,"
        + " :createdBy, :createdAt, :ackDays, :dueSoonDays, :cc, :reportingKinds, :reportingUnits)", p, key,
        new String[] {"id"});
    return key.getKey().longValue();
  }

  /** Whether any of the units was reached by the notice. */
  boolean reachedAny(long noticeId, List<String> unitCodes) {
    if (unitCodes.isEmpty()) {
      return false;
    }
    Integer n = jdbc.queryForObject("select count(*) from cascade_unit where notice_id = :id and unit_code in (:codes)",
        new MapSqlParameterSource("id", noticeId).addValue("codes", unitCodes), Integer.class);
    return n != null && n > 0;
  }

  /**
   * The 文号, as typed, of the issuer's standing notice, or of a 转发 it relayed under its own 文号 (V21), whose 文号
   * has the same key as this one: a unit's notices and 转发 share one series of numbers.
   */
  Optional<String> docNumberHolding(String issuerUnit, String docNumber) {
    MapSqlParameterSource p = new MapSqlParameterSource("issuer", issuerUnit).addValue("key", DocNumbers.key(docNumber));
    return jdbc.queryForList("select doc_number from notice where issuer_unit = :issuer and doc_number_key = :key"
        + " union all select relay_doc_number from cascade_unit where unit_code = :issuer"
        + " and relay_doc_number_key = :key", p, String.class).stream().findFirst();
  }

  Optional<Notice> find(long id) {
    return jdbc.query(SELECT + "where n.id = :id", new MapSqlParameterSource("id", id), NoticeRepository::map)
        .stream().findFirst();
  }

  /** Newest first; with {@code scopePaths}, only notices issued in those subtrees or reaching their units. */
  List<Notice> list(String issuerUnit, List<String> scopePaths, int limit, int offset) {
    MapSqlParameterSource p = new MapSqlParameterSource("limit", limit).addValue("offset", offset);
    List<String> conditions = new java.util.ArrayList<>();
    if (issuerUnit != null) {
      conditions.add("n.issuer_unit = :issuer");
      p.addValue("issuer", issuerUnit);
    }
    if (scopePaths != null) {
      if (scopePaths.isEmpty()) {
        return List.of();
      }
      List<String> visible = new java.util.ArrayList<>();
      List<String> codes = new java.util.ArrayList<>();
      for (int i = 0; i < scopePaths.size(); i++) {
        visible.add("u.path like :scope" + i);
        p.addValue("scope" + i, scopePaths.get(i) + "%");
        String[] parts = scopePaths.get(i).split("/");
        codes.add(parts[parts.length - 1]);
      }
      p.addValue("codes", codes);
      visible.add("exists (select 1 from cascade_unit c where c.notice_id = n.id and c.unit_code in (:codes))");
      conditions.add("(" + String.join(" or ", visible) + ")");
    }
    String where = conditions.isEmpty() ? "" : "where " + String.join(" and ", conditions) + " ";
    return jdbc.query(SELECT + where + "order by n.created_at desc, n.id desc limit :limit offset :offset", p,
        NoticeRepository::map);
  }

  void setStatus(long id, NoticeStatus status) {
    jdbc.update("update notice set status = :status where id = :id",
        new MapSqlParameterSource("status", status.name()).addValue("id", id));
  }

  /** 编号: the 文号 confirmed after 签发, taken from now on (the unique index decides a race). */
  void assignDocNumber(long id, String docNumber) {
    jdbc.update("update notice set doc_number = :docNumber, doc_number_key = :key where id = :id",
        new MapSqlParameterSource("docNumber", docNumber).addValue("key", DocNumbers.key(docNumber)).addValue("id", id));
  }

  /** Not signed off: the notice stays on record, its 文号 becomes free for a new draft. */
  void releaseDocNumber(long id) {
    jdbc.update("update notice set doc_number_key = null where id = :id", new MapSqlParameterSource("id", id));
  }

  private static Notice map(ResultSet rs, int i) throws SQLException {
    return new Notice(rs.getLong("id"), rs.getString("doc_number"), rs.getString("title"), rs.getString("issuer_unit"),
        rs.getString("issuer_name"), rs.getDate("issued_on").toLocalDate(), rs.getString("summary"),
        split(rs.getString("addressee_kinds")), split(rs.getString("addressee_units")),
        rs.getDate("report_due_date").toLocalDate(), rs.getBoolean("cascade_to_grassroots"),
        rs.getBoolean("sign_off_required"), NoticeStatus.valueOf(rs.getString("status")),
        rs.getString("process_instance_id"), rs.getString("created_by"), rs.getTimestamp("created_at").toLocalDateTime(),
        rs.getObject("acknowledge_reminder_days", Integer.class), rs.getObject("due_soon_days", Integer.class),
        split(rs.getString("cc_units")),
        split(rs.getString("reporting_kinds")), split(rs.getString("reporting_units")), ending(rs));
  }

  private static Notice.Ending ending(ResultSet rs) throws SQLException {
    return new Notice.Ending(rs.getString("closed_by"), time(rs, "closed_at"), rs.getString("close_reason"),
        time(rs, "last_summary_at"), time(rs, "chase_ended_at"));
  }

  private static java.time.LocalDateTime time(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toLocalDateTime();
  }

  /** 办结: only a dispatched notice; false when it was not (already closed, or never dispatched). */
  boolean close(long id, String closedBy, String reason) {
    return jdbc.update("update notice set status = 'CLOSED', closed_by = :by, closed_at = :now, close_reason = :reason,"
        + " ended_at = :now where id = :id and status = 'DISPATCHED'", new MapSqlParameterSource("id", id).addValue("by", closedBy)
        .addValue("reason", reason).addValue("now", now())) > 0;
  }

  /** A notice that ended otherwise than by 办结 (completed, not signed off): from when its retention counts. */
  void endedWith(long id, NoticeStatus status) {
    jdbc.update("update notice set status = :status, ended_at = coalesce(ended_at, :now) where id = :id",
        new MapSqlParameterSource("status", status.name()).addValue("id", id).addValue("now", now()));
  }

  /** Ended notices whose end lies before {@code before}, oldest first (idx_notice_ended). */
  List<Long> endedBefore(java.time.LocalDateTime before, int limit) {
    return jdbc.queryForList("select id from notice where ended_at < :before"
        + " and status in ('CLOSED', 'COMPLETED', 'NOT_SIGNED_OFF') order by ended_at, id limit :limit",
        new MapSqlParameterSource("before", Timestamp.valueOf(before)).addValue("limit", limit), Long.class);
  }

  Optional<java.time.LocalDateTime> endedAt(long id) {
    return jdbc.query("select ended_at from notice where id = :id", new MapSqlParameterSource("id", id),
        (rs, i) -> time(rs, "ended_at")).stream().filter(java.util.Objects::nonNull).findFirst();
  }

  boolean archived(long id) {
    return !jdbc.queryForList("select 1 from notice where id = :id and archived_at is not null",
        new MapSqlParameterSource("id", id), Integer.class).isEmpty();
  }

  void markArchived(long id) {
    jdbc.update("update notice set archived_at = coalesce(archived_at, :now) where id = :id",
        new MapSqlParameterSource("id", id).addValue("now", now()));
  }

  /** The notice's own row, only once archived and ended; its other rows must be gone first. */
  boolean deleteArchived(long id) {
    return jdbc.update("delete from notice where id = :id and archived_at is not null and ended_at is not null",
        new MapSqlParameterSource("id", id)) > 0;
  }

  void summarized(long id) {
    jdbc.update("update notice set last_summary_at = :now where id = :id",
        new MapSqlParameterSource("id", id).addValue("now", now()));
  }

  void chaseEnded(long id) {
    jdbc.update("update notice set chase_ended_at = coalesce(chase_ended_at, :now) where id = :id",
        new MapSqlParameterSource("id", id).addValue("now", now()));
  }

  /** Whether a unit reported after {@code since} (idx_cascade_reported_at). */
  boolean reportedSince(long id, java.time.LocalDateTime since) {
    return !jdbc.queryForList("select 1 from cascade_unit where notice_id = :id and reported_at > :since limit 1",
        new MapSqlParameterSource("id", id).addValue("since", Timestamp.valueOf(since)), Integer.class).isEmpty();
  }

  private static Timestamp now() {
    return Timestamp.valueOf(org.noticecascade.support.EngineClock.now());
  }

  private static List<String> split(String csv) {
    return csv == null || csv.isBlank() ? List.of() : Arrays.asList(csv.split(","));
  }
}
