package org.noticecascade.testing;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A cascade written straight into our tables with SQL, without the engine: an org tree shaped by fan-outs per
 * depth, then per notice one {@code cascade_unit} row for every unit reached, in states drawn from a seeded random
 * (every status, late and returned reports, overdue and escalated units, relay times from minutes to days).
 * For progress tests and benchmarks at national scale, where driving 100,000 units through the engine would take
 * hours.
 */
public final class SyntheticCascade {

  /** A unit of the generated org tree. */
  public static final class OrgUnit {
    public final String code;
    public final String name;
    public final String kind;
    public final OrgUnit parent;
    public final String path;
    public final int depth;
    public final List<OrgUnit> children = new ArrayList<>();

    OrgUnit(String code, String name, String kind, OrgUnit parent) {
      this.code = code;
      this.name = name;
      this.kind = kind;
      this.parent = parent;
      this.path = (parent == null ? "/" : parent.path) + code + "/";
      this.depth = parent == null ? 0 : parent.depth + 1;
    }
  }

  /** One unit reached by a notice: the columns of its {@code cascade_unit} row. */
  public record Reached(String unitCode, String superiorCode, String path, int level, String status,
                        LocalDate reportDueDate, LocalDateTime receivedAt, LocalDateTime acknowledgedAt,
                        LocalDateTime relayedAt, LocalDateTime studiedAt, LocalDateTime reportedAt,
                        LocalDateTime acceptedAt, Integer relayCount, int returnCount, boolean mayRelay,
                        int studyActivities, int studyParticipants, LocalDateTime overdueAt,
                        LocalDateTime escalatedAt, LocalDateTime escalationClosedAt, int remindersSent,
                        boolean reportedLate, List<String> levelUnits, boolean mustReport) {
  }

  /**
   * How far a notice has got: the shares (probabilities per unit) of units with subordinates that relayed, and of
   * units not reported that are overdue; and how many units deeper down the issuer addressed by name.
   */
  public record Shape(double relayShare, double overdueShare, int directAddressees) {

    /** A cascade a few days in: nearly every unit with subordinates has relayed, so nearly every unit is reached. */
    public static final Shape NATIONAL = new Shape(0.99, 0.3, 0);
  }

  private static final String[] NATIONAL_KINDS = {"LOCAL_FEDERATION", "LOCAL_FEDERATION", "LOCAL_FEDERATION",
      "TOWNSHIP_FEDERATION", "GRASSROOTS_UNION"};
  private static final String[] LEVEL_NAMES = {"省总工会", "市总工会", "区县总工会", "镇总工会", "基层工会", "二级工会", "分会"};

  public final OrgUnit root;
  /** Every unit, parents before children. */
  public final List<OrgUnit> units = new ArrayList<>();

  private SyntheticCascade(OrgUnit root) {
    this.root = root;
  }

  /**
   * An org tree under {@code rootCode}: at depth d each unit has between fanOut[d][0] and fanOut[d][1] children, of
   * kind kinds[d]. Codes append two digits per level to the parent's code.
   */
  public static SyntheticCascade org(String rootCode, String rootName, long seed, int[][] fanOut, String[] kinds) {
    Random random = new Random(seed);
    SyntheticCascade c = new SyntheticCascade(new OrgUnit(rootCode, rootName, "LOCAL_FEDERATION", null));
    c.units.add(c.root);
    Deque<OrgUnit> todo = new ArrayDeque<>(List.of(c.root));
    while (!todo.isEmpty()) {
      OrgUnit parent = todo.poll();
      if (parent.depth >= fanOut.length) {
        continue;
      }
      int[] range = fanOut[parent.depth];
      int n = range[0] + random.nextInt(range[1] - range[0] + 1);
      for (int i = 1; i <= n; i++) {
        String code = parent.code + String.format("%02d", i);
        OrgUnit child = new OrgUnit(code, code + LEVEL_NAMES[parent.depth % LEVEL_NAMES.length],
            kinds[parent.depth], parent);
        parent.children.add(child);
        c.units.add(child);
        todo.add(child);
      }
    }
    return c;
  }

  /** 全总 → 31 省 → 市 → 区县 → 镇 → 基层: about 100,000 units. */
  public static SyntheticCascade national(long seed) {
    return org("qg", "全国总工会", seed, new int[][] {{31, 31}, {6, 14}, {6, 10}, {3, 7}, {4, 10}}, NATIONAL_KINDS);
  }

  /** Writes the org tree (parents first, for the foreign key). */
  public void insertOrg(JdbcTemplate jdbc) {
    batches(jdbc, "insert into unit (code, name, kind, parent_code, path, depth) values (?, ?, ?, ?, ?, ?)", units,
        (ps, u) -> {
          ps.setString(1, u.code);
          ps.setString(2, u.name);
          ps.setString(3, u.kind);
          ps.setString(4, u.parent == null ? null : u.parent.code);
          ps.setString(5, u.path);
          ps.setInt(6, u.depth);
        });
  }

  /** A dispatched notice of the root unit to all its children, cascading to grassroots; returns its id. */
  public long insertNotice(JdbcTemplate jdbc, String docNumber, LocalDate reportDueDate) {
    return insertNotice(jdbc, docNumber, reportDueDate, true);
  }

  public long insertNotice(JdbcTemplate jdbc, String docNumber, LocalDate reportDueDate, boolean cascadeToGrassroots) {
    jdbc.update("insert into notice (doc_number, doc_number_key, title, issuer_unit, issued_on, summary,"
        + " addressee_kinds, report_due_date, cascade_to_grassroots, sign_off_required, status, created_at)"
        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, false, 'DISPATCHED', ?)", docNumber, docNumber,
        "关于认真学习宣传贯彻的通知", root.code, reportDueDate.minusDays(30), "请及时报告学习贯彻情况。",
        "LOCAL_FEDERATION", reportDueDate, cascadeToGrassroots, Timestamp.valueOf(LocalDateTime.now()));
    return jdbc.queryForObject("select id from notice where issuer_unit = ? and doc_number = ?", Long.class,
        root.code, docNumber);
  }

  /**
   * The units a notice of the root reaches, in the order they were reached. The root's children are its addressees;
   * with {@code shape.directAddressees()} some units deeper down are addressed as well (level 1, directly under the
   * issuer), so they lie in an addressee's org subtree without being in its cascade.
   */
  public List<Reached> cascade(long seed, LocalDate reportDueDate, LocalDateTime start, Shape shape) {
    Random random = new Random(seed);
    List<OrgUnit> deep = new ArrayList<>(units.stream().filter(u -> u.depth >= 2).toList());
    Collections.shuffle(deep, random);
    List<OrgUnit> addressees = new ArrayList<>(root.children);
    addressees.addAll(deep.subList(0, Math.min(shape.directAddressees(), deep.size())));
    Set<String> reached = new HashSet<>();
    Deque<Object[]> todo = new ArrayDeque<>();
    for (OrgUnit a : addressees) {
      reached.add(a.code);
      todo.add(new Object[] {a, root.code, 1, List.<String>of(), start.plusSeconds(random.nextInt(3600))});
    }
    List<Reached> rows = new ArrayList<>();
    while (!todo.isEmpty()) {
      Object[] next = todo.poll();
      OrgUnit u = (OrgUnit) next[0];
      int level = (Integer) next[2];
      @SuppressWarnings("unchecked")
      List<String> above = (List<String>) next[3];
      List<String> levelUnits = new ArrayList<>(above);
      if (level <= 4) {
        levelUnits.add(u.code);
      }
      Reached r = states(random, u, (String) next[1], level, levelUnits, (LocalDateTime) next[4],
          reportDueDate.minusDays(2L * (level - 1)), shape);
      rows.add(r);
      if (r.relayedAt() != null) {
        for (OrgUnit child : u.children) {
          if (reached.add(child.code)) {
            LocalDateTime received = r.relayedAt().plusSeconds(1 + random.nextInt(120));
            todo.add(new Object[] {child, u.code, level + 1, levelUnits, received});
          }
        }
      }
    }
    return rows;
  }

  private static Reached states(Random random, OrgUnit u, String superior, int level, List<String> levelUnits,
      LocalDateTime received, LocalDate due, Shape shape) {
    boolean mayRelay = !u.children.isEmpty();
    boolean relayed = mayRelay && random.nextDouble() < shape.relayShare();
    boolean acknowledged = relayed || random.nextDouble() < 0.92;
    boolean studied = acknowledged && random.nextDouble() < 0.75;
    boolean reported = studied && random.nextDouble() < 0.7;
    double outcome = random.nextDouble();
    boolean accepted = reported && outcome < 0.55;
    boolean returned = reported && !accepted && outcome < 0.65;
    LocalDateTime ackAt = acknowledged ? received.plusSeconds(60 + random.nextInt(2 * 86_400)) : null;
    // relay times from a minute to about five days
    LocalDateTime relayedAt = relayed ? ackAt.plusSeconds(60 + random.nextInt(5 * 86_400)) : null;
    LocalDateTime studiedAt = studied ? ackAt.plusSeconds(3600 + random.nextInt(4 * 86_400)) : null;
    LocalDateTime reportedAt = reported ? studiedAt.plusSeconds(3600 + random.nextInt(6 * 86_400)) : null;
    LocalDateTime acceptedAt = accepted ? reportedAt.plusSeconds(3600 + random.nextInt(86_400)) : null;
    String status = accepted ? "accepted" : returned ? "returned" : reported ? "reported" : studied ? "studied"
        : relayed ? "relayed" : acknowledged ? "acknowledged" : "received";
    int activities = studied ? 1 + random.nextInt(3) : 0;
    int participants = 0;
    for (int i = 0; i < activities; i++) {
      participants += 10 + random.nextInt(190);
    }
    boolean overdue = !reported && random.nextDouble() < shape.overdueShare();
    boolean late = reported && random.nextDouble() < 0.15;
    LocalDateTime overdueAt = overdue || late ? due.plusDays(1).atStartOfDay() : null;
    boolean escalated = overdue && random.nextDouble() < 0.5;
    LocalDateTime escalatedAt = escalated ? overdueAt.plusDays(2) : null;
    LocalDateTime escalationClosedAt = escalated && random.nextDouble() < 0.3 ? escalatedAt.plusDays(1) : null;
    if (late) {
      reportedAt = due.plusDays(1 + random.nextInt(6)).atTime(10, 0);
      acceptedAt = accepted ? reportedAt.plusHours(2) : null;
    }
    return new Reached(u.code, superior, u.path, level, status, due, received, ackAt, relayedAt, studiedAt,
        reportedAt, acceptedAt, relayed ? u.children.size() : null, returned ? 1 : 0, mayRelay, activities,
        participants, overdueAt, escalatedAt, escalationClosedAt, random.nextInt(4), late, List.copyOf(levelUnits),
        // about one in five of the units neither reported nor overdue need not report (仅学习), without using up the
        // random numbers the other columns are drawn from
        reportedAt != null || overdueAt != null || Math.floorMod(u.code.hashCode(), 5) != 0);
  }

  /** Writes a notice's rows; several notices' rows may be written in turns, as concurrent cascades would be. */
  public static void insertRows(JdbcTemplate jdbc, long noticeId, List<Reached> rows) {
    batches(jdbc, "insert into cascade_unit (notice_id, unit_code, superior_code, path, level, status, report_due_date,"
        + " received_at, acknowledged_at, relayed_at, studied_at, reported_at, reviewed_at, accepted_at, relay_count,"
        + " report_text, report_activity_count, report_participant_count, return_count, overdue_at, escalated_at,"
        + " escalation_closed_at, reminders_sent, reported_late, may_relay, study_activities, study_participants,"
        + " level1_unit, level2_unit, level3_unit, level4_unit, relay_seconds, must_report)"
        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows, (ps, r) -> {
          int i = 0;
          ps.setLong(++i, noticeId);
          ps.setString(++i, r.unitCode());
          ps.setString(++i, r.superiorCode());
          ps.setString(++i, r.path());
          ps.setInt(++i, r.level());
          ps.setString(++i, r.status());
          ps.setObject(++i, r.reportDueDate());
          time(ps, ++i, r.receivedAt());
          time(ps, ++i, r.acknowledgedAt());
          time(ps, ++i, r.relayedAt());
          time(ps, ++i, r.studiedAt());
          time(ps, ++i, r.reportedAt());
          LocalDateTime returned = r.status().equals("returned") ? r.reportedAt() : null;
          time(ps, ++i, r.acceptedAt() != null ? r.acceptedAt() : returned);
          time(ps, ++i, r.acceptedAt());
          ps.setObject(++i, r.relayCount(), Types.INTEGER);
          boolean reported = r.reportedAt() != null;
          ps.setString(++i, reported ? r.unitCode() + " 已组织学习贯彻" : null);
          ps.setObject(++i, reported ? r.studyActivities() : null, Types.INTEGER);
          ps.setObject(++i, reported ? r.studyParticipants() : null, Types.INTEGER);
          ps.setInt(++i, r.returnCount());
          time(ps, ++i, r.overdueAt());
          time(ps, ++i, r.escalatedAt());
          time(ps, ++i, r.escalationClosedAt());
          ps.setInt(++i, r.remindersSent());
          ps.setBoolean(++i, r.reportedLate());
          ps.setBoolean(++i, r.mayRelay());
          ps.setInt(++i, r.studyActivities());
          ps.setInt(++i, r.studyParticipants());
          for (int k = 0; k < 4; k++) {
            ps.setString(++i, k < r.levelUnits().size() ? r.levelUnits().get(k) : null);
          }
          ps.setObject(++i, r.relayedAt() == null ? null
              : (int) Duration.between(r.receivedAt(), r.relayedAt()).getSeconds(), Types.INTEGER);
          ps.setBoolean(++i, r.mustReport());
        });
  }

  private static void time(PreparedStatement ps, int i, LocalDateTime t) throws SQLException {
    ps.setTimestamp(i, t == null ? null : Timestamp.valueOf(t));
  }

  private interface Setter<T> {
    void set(PreparedStatement ps, T item) throws SQLException;
  }

  private static <T> void batches(JdbcTemplate jdbc, String sql, List<T> items, Setter<T> setter) {
    for (int from = 0; from < items.size(); from += 1000) {
      List<T> batch = items.subList(from, Math.min(from + 1000, items.size()));
      jdbc.batchUpdate(sql, batch, batch.size(), setter::set);
    }
  }
}
