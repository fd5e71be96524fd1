package org.noticecascade.progress;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.noticecascade.calendar.WorkingDayCalendar;
import org.noticecascade.audit.AuditTrail;
import org.noticecascade.notice.Notice;
import org.noticecascade.notice.NoticeService;
import org.noticecascade.orgdirectory.UnitRepository;
import org.noticecascade.support.EngineClock;
import org.noticecascade.form.LongTextVariables;
import org.noticecascade.support.NotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The progress of a notice, by unit and by subtree, and the texts that summarise it for clerks. */
@Service
public class ProgressService {

  /** Between the unit names of a path from the issuer down (单位明细's 路径). */
  static final String PATH_SEPARATOR = " / ";

  /**
   * Counts over a subtree of the cascade (the unit itself included). mustReport, 应报告: the units that must report
   * (the notice's or the relaying unit's choice), the whole of 报告率 and 办结率.
   */
  public record Counts(int reached, int acknowledged, int relayed, int reported, int accepted, int returned,
                       int mustReport) {
  }

  /**
   * The relay times of one level of a subtree (relay time: from receiving the notice to relaying it), over the
   * units of that level that relayed: how many, their average and maximum, and the slowest unit.
   */
  public record RelayTime(int level, int relayed, long averageSeconds, long maxSeconds, String slowestUnit,
                          String slowestUnitName) {
  }

  /**
   * What a subtree shows beyond {@link Counts}: units with subordinates to relay to (传达率's denominator), 逾期 units
   * (not reported since), reports that came late, 督办 under way, study activities and participants, and relay times
   * by level.
   */
  public record Figures(int withSubordinates, int overdue, int reportedLate, int escalated, long studyActivities,
                        long studyParticipants, List<RelayTime> relayTimes, int overdueUnclosed) {
  }

  /** A unit reached, with the counts and figures of its subtree, and the working days its report is or was late. */
  public record Node(UnitProgress unit, Counts subtree, Figures figures, int daysLate) {
  }

  /**
   * The 抄送 units within the root's subtree (the org's, as a copied unit is no part of the cascade): how many, how
   * many have read the notice (阅知), and each of them.
   */
  public record Copies(int copied, int read, List<CcRepository.CcUnit> units) {

    static Copies of(List<CcRepository.CcUnit> units) {
      return new Copies(units.size(), (int) units.stream().filter(u -> u.readAt() != null).count(), units);
    }
  }

  /** The units shown, and the totals and figures of the root's whole subtree, and its 抄送 units apart. */
  public record Progress(Notice notice, String rootUnit, Counts totals, Figures figures, List<Node> units,
                         Copies copies) {
  }

  private final ProgressQueries queries;
  private final NoticeService notices;
  private final UnitRepository units;
  private final WorkingDayCalendar calendar;
  private final LongTextVariables texts;
  private final CcRepository copies;
  private final NoticeAudit audit;

  ProgressService(ProgressQueries queries, NoticeService notices, UnitRepository units, WorkingDayCalendar calendar,
      LongTextVariables texts, CcRepository copies, NoticeAudit audit) {
    this.copies = copies;
    this.audit = audit;
    this.queries = queries;
    this.notices = notices;
    this.units = units;
    this.calendar = calendar;
    this.texts = texts;
  }

  /**
   * The units reached under {@code unitCode} (default: the whole cascade), down to {@code depth} levels below it
   * (default: all), each with the counts and figures of its own subtree of the cascade. The entry point for callers
   * outside the web layer as well (benchmarks); it checks no permission.
   *
   * <p>When the units shown lie within the first four levels, their subtrees' totals are read from
   * {@code progress_rollup} (one group per unit at the bottom level shown and per level below it), so a few hundred
   * rows come back for the root of a national cascade rather than a hundred thousand. Deeper, the units are read
   * and counted here.
   */
  @Transactional(readOnly = true)
  public Progress progress(long noticeId, String unitCode, Integer depth) {
    return progress(noticeId, unitCode, depth, false);
  }

  /** The same, with every subtree counted afresh from the units' rows: what {@link #progress} must always equal. */
  @Transactional(readOnly = true)
  Progress recounted(long noticeId, String unitCode, Integer depth) {
    return progress(noticeId, unitCode, depth, true);
  }

  private Progress progress(long noticeId, String unitCode, Integer depth, boolean recount) {
    Notice notice = notices.get(noticeId);
    String root = unitCode == null || unitCode.isBlank() ? notice.issuerUnit() : unitCode;
    int rootLevel = 0;
    ProgressQueries.Subtree subtree = new ProgressQueries.Subtree(noticeId, 0, root);
    // the issuer's view has every 抄送 unit; a unit's, those at or below it
    String ccPath = null;
    if (!root.equals(notice.issuerUnit())) {
      units.find(root).orElseThrow(() -> new NotFoundException("单位 " + root + " 不存在"));
      UnitProgress row = queries.one(noticeId, root)
          .orElseThrow(() -> new NotFoundException("单位 " + root + " 未收到该通知"));
      // the unit's path when the notice reached it, as notice_cc recorded its units' (a unit may move afterwards)
      ccPath = row.path();
      rootLevel = row.level();
      subtree = subtreeOf(noticeId, row);
    }
    int bottom = depth == null ? Integer.MAX_VALUE : (int) Math.min((long) rootLevel + depth, Integer.MAX_VALUE);
    // the issuer alone (depth 0) has no row: group by the addressees, show none of them
    int groupLevel = Math.max(bottom, 1);
    List<UnitProgress> rows;
    List<ProgressQueries.Group> groups;
    if (groupLevel <= ProgressQueries.LEVEL_COLUMNS) {
      rows = queries.rows(subtree, groupLevel);
      groups = new ArrayList<>(recount ? queries.recount(subtree, groupLevel) : queries.groups(subtree, groupLevel));
      // the few units above the grouping level count one by one
      rows.stream().filter(r -> r.level() < groupLevel)
          .forEach(r -> groups.add(new ProgressQueries.Group(r.unitCode(), r.level(), Tally.of(r))));
    } else {
      rows = queries.rows(subtree, null);
      groups = rows.stream().map(r -> new ProgressQueries.Group(r.unitCode(), r.level(), Tally.of(r))).toList();
    }
    return rollUp(notice, root, bottom, rows, groups, Copies.of(copies.within(noticeId, ccPath)));
  }

  /** Where a unit's subtree lies: by its own level column, or within its level-4 unit's subtree when deeper. */
  private ProgressQueries.Subtree subtreeOf(long noticeId, UnitProgress unit) {
    UnitProgress row = unit;
    while (row.level() > ProgressQueries.LEVEL_COLUMNS) {
      String above = row.superiorCode();
      row = queries.one(noticeId, above)
          .orElseThrow(() -> new IllegalStateException("单位 " + above + " 未收到通知 " + noticeId));
    }
    return new ProgressQueries.Subtree(noticeId, row.level(), row.unitCode());
  }

  /** Adds each group into its units up to the root that are shown, and into the totals. */
  private Progress rollUp(Notice notice, String root, int bottom, List<UnitProgress> rows,
      List<ProgressQueries.Group> groups, Copies copied) {
    Map<String, UnitProgress> byCode = new HashMap<>();
    rows.forEach(r -> byCode.put(r.unitCode(), r));
    Map<String, Tally> tallies = new HashMap<>();
    Tally total = new Tally();
    for (ProgressQueries.Group g : groups) {
      List<String> shown = shownAbove(g.unitKey(), root, bottom, byCode);
      if (shown != null) {
        total.add(g.tally());
        shown.forEach(code -> tallies.computeIfAbsent(code, c -> new Tally()).add(g.tally()));
      }
    }
    LocalDate today = EngineClock.today();
    List<Node> nodes = new ArrayList<>();
    for (UnitProgress row : rows) {
      Tally t = tallies.get(row.unitCode());
      // no tally: a row of the level-4 unit's subtree outside a deeper root's
      if (row.level() <= bottom && t != null) {
        nodes.add(new Node(row, t.counts(), t.figures(), daysLate(row, today)));
      }
    }
    return new Progress(notice, root, total.counts(), total.figures(), nodes, copied);
  }

  /**
   * The units shown from {@code code} up to the root, following superiors; null when the chain leaves the rows read
   * before reaching the root (the unit is not in the root's subtree).
   */
  private static List<String> shownAbove(String code, String root, int bottom, Map<String, UnitProgress> byCode) {
    List<String> shown = new ArrayList<>();
    for (String at = code; ; ) {
      UnitProgress u = byCode.get(at);
      if (u != null && u.level() <= bottom) {
        shown.add(at);
      }
      if (at.equals(root)) {
        return shown;
      }
      if (u == null) {
        return null;
      }
      at = u.superiorCode();
    }
  }

  /** Working days past the report due date until the report came, or until today while none has. */
  int daysLate(UnitProgress u, LocalDate today) {
    LocalDate until = u.reportedAt() == null ? today : u.reportedAt().toLocalDate();
    return calendar.workingDaysBetween(u.reportDueDate(), until);
  }

  /**
   * What the Excel export shows, read in one transaction so that its sheets agree: every unit of the cascade under
   * the root with its path of names from the issuer down, their study activities, and the 留痕 of the part exported
   * (at most {@link #AUDIT_ROWS} steps, and one more to tell that there were more).
   */
  record Export(Progress progress, String rootName, Map<String, String> paths, List<ProgressQueries.Study> studies,
                LocalDateTime exportedAt, List<AuditTrail.Entry> audit) {

    /** The 留痕 sheet's cap: a national notice has several steps per unit, each with up to 2,000 characters held in memory. */
    static final int AUDIT_ROWS = 10_000;

    /** The whole cascade rather than one unit's subtree. */
    boolean whole() {
      return progress.rootUnit().equals(progress.notice().issuerUnit());
    }
  }

  @Transactional(readOnly = true)
  Export export(long noticeId, String unitCode) {
    Progress p = progress(noticeId, unitCode, null);
    Notice notice = p.notice();
    Map<String, String> paths = new HashMap<>();
    paths.put(notice.issuerUnit(), notice.issuerUnitName());
    Set<String> inCascade = new HashSet<>();
    String rootName = notice.issuerUnitName();
    for (Node n : p.units()) {
      UnitProgress u = n.unit();
      // tree order puts every superior first, except the subtree root's, which lies above the export
      String above = paths.containsKey(u.superiorCode()) ? paths.get(u.superiorCode())
          : pathOf(noticeId, u.superiorCode(), notice);
      paths.put(u.unitCode(), above + PATH_SEPARATOR + u.unitName());
      inCascade.add(u.unitCode());
      if (u.unitCode().equals(p.rootUnit())) {
        rootName = u.unitName();
      }
    }
    ProgressQueries.Subtree subtree = p.rootUnit().equals(notice.issuerUnit())
        ? new ProgressQueries.Subtree(noticeId, 0, notice.issuerUnit())
        : subtreeOf(noticeId, queries.one(noticeId, p.rootUnit()).orElseThrow());
    List<ProgressQueries.Study> studies = queries.studies(subtree).stream()
        .filter(s -> inCascade.contains(s.unitCode())).toList();
    return new Export(p, rootName, paths, studies, EngineClock.now(),
        audit.entries(notice, p.rootUnit(), false, Export.AUDIT_ROWS + 1, 0));
  }

  private String pathOf(long noticeId, String unitCode, Notice notice) {
    if (unitCode.equals(notice.issuerUnit())) {
      return notice.issuerUnitName();
    }
    UnitProgress u = queries.one(noticeId, unitCode)
        .orElseThrow(() -> new IllegalStateException("单位 " + unitCode + " 未收到通知 " + noticeId));
    return pathOf(noticeId, u.superiorCode(), notice) + PATH_SEPARATOR + u.unitName();
  }

  /** What a unit's subordinates have reported so far, for its own 报告 and its superior's 审核. */
  public String subordinateReportsText(long noticeId, String unitCode) {
    List<UnitProgress> subs = queries.subordinates(noticeId, unitCode);
    if (subs.isEmpty()) {
      return "本单位未向下级传达。";
    }
    Tally sums = new Tally();
    subs.forEach(s -> sums.add(Tally.of(s)));
    Counts c = sums.counts();
    String head = "下级单位共 " + c.reached() + " 个：已签收 " + c.acknowledged() + "，已报告 " + c.reported()
        + "，审核通过 " + c.accepted() + "。";
    List<String> lines = new ArrayList<>();
    for (UnitProgress s : subs) {
      StringBuilder line = new StringBuilder("· ").append(s.unitName()).append("：").append(s.status().label());
      if (!s.mustReport()) {
        line.append("（仅学习，无需报告）");
      }
      if (s.reportedNow()) {
        line.append("；学习活动 ").append(nz(s.reportActivityCount())).append(" 次，参加 ")
            .append(nz(s.reportParticipantCount())).append(" 人次；").append(abbreviate(s.reportText(), 200));
      }
      lines.add(line.toString().trim());
    }
    return fitted(head, lines, texts.maxLength());
  }

  /** The issuer's 汇总: totals and one line per addressee. */
  public String rollUpText(long noticeId) {
    Progress p = progress(noticeId, null, 1);
    Counts t = p.totals();
    String head = "截至目前，本通知共到达 " + t.reached() + " 个单位（应报告 " + t.mustReport() + " 个）：已签收 "
        + t.acknowledged()
        + "（签收率 " + Rate.ACKNOWLEDGED.text(t, p.figures()) + "），已报告 " + t.reported()
        + "（报告率 " + Rate.REPORTED.text(t, p.figures()) + "），审核通过 " + t.accepted()
        + "，退回修改中 " + t.returned() + "。" + copiesText(p.copies());
    List<String> lines = new ArrayList<>();
    for (Node n : p.units()) {
      Counts c = n.subtree();
      lines.add("· " + n.unit().unitName() + "：" + n.unit().status().label() + "；其下共 " + c.reached()
          + " 个单位，已签收 " + c.acknowledged() + "，已报告 " + c.reported() + "，通过 " + c.accepted());
    }
    return fitted(head, lines, texts.maxLength());
  }

  /** The 抄送 units' line of a summary, apart from the cascade's counts; nothing when none was copied. */
  static String copiesText(Copies c) {
    return c.copied() == 0 ? "" : "另抄送 " + c.copied() + " 个单位，已阅知 " + c.read() + "（阅知率 "
        + Rate.READ.text(c) + "）。";
  }

  /** Room kept for the last line of a shortened text. */
  private static final int OMITTED_NOTE = 40;

  /**
   * The head and as many lines as fit in {@code max} characters, the longest text a process variable holds
   * ({@link LongTextVariables#maxLength()}): a unit with hundreds of subordinates would otherwise make a text the
   * engine refuses. The lines left out are counted.
   */
  static String fitted(String head, List<String> lines, int max) {
    StringBuilder sb = new StringBuilder(head);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int room = i == lines.size() - 1 ? 0 : OMITTED_NOTE;
      if (sb.length() + 1 + line.length() + room > max) {
        return sb.append("\n……另有 ").append(lines.size() - i).append(" 个单位未列出，详见通知传达进度页面。").toString();
      }
      sb.append('\n').append(line);
    }
    return sb.toString();
  }

  static String rate(int part, int whole) {
    return whole == 0 ? "—" : String.format("%.1f%%", 100.0 * part / whole);
  }

  private static int nz(Integer n) {
    return n == null ? 0 : n;
  }

  private static String abbreviate(String text, int max) {
    if (text == null) {
      return "";
    }
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }
}
