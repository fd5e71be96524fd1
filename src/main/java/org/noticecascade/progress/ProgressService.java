package org.noticecascade.progress;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.noticecascade.notice.Notice;
import org.noticecascade.notice.NoticeService;
import org.noticecascade.orgdirectory.Unit;
import org.noticecascade.orgdirectory.UnitRepository;
import org.noticecascade.support.EngineClock;
import org.noticecascade.support.NotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The progress of a notice, by unit and by subtree, and the texts that summarise it for clerks. */
@Service
public class ProgressService {

  /** Between the unit names of a path from the issuer down (单位明细's 路径). */
  static final String PATH_SEPARATOR = " / ";

  /** Counts over a subtree of the cascade (the unit itself included). */
  public record Counts(int reached, int acknowledged, int relayed, int reported, int accepted, int returned) {

    Counts plus(UnitProgress u) {
      return new Counts(reached + 1, acknowledged + (u.acknowledged() ? 1 : 0), relayed + (u.relayed() ? 1 : 0),
          reported + (u.reportedNow() ? 1 : 0), accepted + (u.accepted() ? 1 : 0),
          returned + (u.status() == UnitStatus.RETURNED ? 1 : 0));
    }

    static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0);
  }

  public record Node(UnitProgress unit, Counts subtree) {
  }

  public record Progress(Notice notice, String rootUnit, Counts totals, List<Node> units) {
  }

  private final ProgressQueries queries;
  private final NoticeService notices;
  private final UnitRepository units;

  ProgressService(ProgressQueries queries, NoticeService notices, UnitRepository units) {
    this.queries = queries;
    this.notices = notices;
    this.units = units;
  }

  /**
   * The units reached under {@code unitCode} (default: the whole cascade), down to {@code depth} levels below it
   * (default: all), each with the counts of its own subtree of the cascade.
   */
  @Transactional(readOnly = true)
  public Progress progress(long noticeId, String unitCode, Integer depth) {
    Notice notice = notices.get(noticeId);
    String root = unitCode == null || unitCode.isBlank() ? notice.issuerUnit() : unitCode;
    List<UnitProgress> rows;
    int rootLevel;
    if (root.equals(notice.issuerUnit())) {
      rows = queries.all(noticeId);
      rootLevel = 0;
    } else {
      Unit unit = units.find(root).orElseThrow(() -> new NotFoundException("单位 " + root + " 不存在"));
      rows = queries.under(noticeId, unit.path());
      rootLevel = rows.stream().filter(r -> r.unitCode().equals(root)).findFirst()
          .orElseThrow(() -> new NotFoundException("单位 " + root + " 未收到该通知")).level();
    }
    Map<String, UnitProgress> byCode = new HashMap<>();
    rows.forEach(r -> byCode.put(r.unitCode(), r));
    Map<String, Counts> counts = new HashMap<>();
    Counts totals = Counts.ZERO;
    List<UnitProgress> inCascade = new ArrayList<>();
    for (UnitProgress row : rows) {
      // a unit addressed directly by the issuer may sit in this org subtree without being in its cascade
      if (!reaches(row, root, byCode)) {
        continue;
      }
      inCascade.add(row);
      totals = totals.plus(row);
      for (UnitProgress at = row; at != null; at = byCode.get(at.superiorCode())) {
        counts.merge(at.unitCode(), Counts.ZERO.plus(row), ProgressService::sum);
        if (at.unitCode().equals(root)) {
          break;
        }
      }
    }
    List<Node> nodes = new ArrayList<>();
    for (UnitProgress row : inCascade) {
      if (depth == null || row.level() - rootLevel <= depth) {
        nodes.add(new Node(row, counts.get(row.unitCode())));
      }
    }
    return new Progress(notice, root, totals, nodes);
  }

  /**
   * What the Excel export shows, read in one transaction so that its sheets agree: every unit of the cascade under
   * the root with its path of names from the issuer down, the units that may relay, and their study activities.
   */
  record Export(Progress progress, String rootName, Map<String, String> paths, Set<String> relaying,
                List<ProgressQueries.Study> studies, LocalDateTime exportedAt) {

    /** The whole cascade rather than one unit's subtree. */
    boolean whole() {
      return progress.rootUnit().equals(progress.notice().issuerUnit());
    }
  }

  @Transactional(readOnly = true)
  Export export(long noticeId, String unitCode) {
    Progress p = progress(noticeId, unitCode, null);
    Notice notice = p.notice();
    Unit root = units.find(p.rootUnit()).orElseThrow(() -> new NotFoundException("单位 " + p.rootUnit() + " 不存在"));
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
    Set<String> relaying = new HashSet<>(queries.relaying(noticeId, root.path(), notice.cascadeToGrassroots()));
    relaying.retainAll(inCascade);
    List<ProgressQueries.Study> studies = queries.studies(noticeId, root.path()).stream()
        .filter(s -> inCascade.contains(s.unitCode())).toList();
    return new Export(p, rootName, paths, relaying, studies, EngineClock.now());
  }

  private String pathOf(long noticeId, String unitCode, Notice notice) {
    if (unitCode.equals(notice.issuerUnit())) {
      return notice.issuerUnitName();
    }
    UnitProgress u = queries.one(noticeId, unitCode)
        .orElseThrow(() -> new IllegalStateException("单位 " + unitCode + " 未收到通知 " + noticeId));
    return pathOf(noticeId, u.superiorCode(), notice) + PATH_SEPARATOR + u.unitName();
  }

  private static boolean reaches(UnitProgress row, String root, Map<String, UnitProgress> byCode) {
    for (UnitProgress at = row; at != null; at = byCode.get(at.superiorCode())) {
      if (at.unitCode().equals(root) || at.superiorCode().equals(root)) {
        return true;
      }
    }
    return false;
  }

  private static Counts sum(Counts a, Counts b) {
    return new Counts(a.reached() + b.reached(), a.acknowledged() + b.acknowledged(), a.relayed() + b.relayed(),
        a.reported() + b.reported(), a.accepted() + b.accepted(), a.returned() + b.returned());
  }

  /** What a unit's subordinates have reported so far, for its own 报告 and its superior's 审核. */
  public String subordinateReportsText(long noticeId, String unitCode) {
    List<UnitProgress> subs = queries.subordinates(noticeId, unitCode);
    if (subs.isEmpty()) {
      return "本单位未向下级传达。";
    }
    Counts c = Counts.ZERO;
    for (UnitProgress s : subs) {
      c = c.plus(s);
    }
    StringBuilder sb = new StringBuilder();
    sb.append("下级单位共 ").append(c.reached()).append(" 个：已签收 ").append(c.acknowledged())
        .append("，已报告 ").append(c.reported()).append("，审核通过 ").append(c.accepted()).append("。\n");
    for (UnitProgress s : subs) {
      sb.append("· ").append(s.unitName()).append("：").append(s.status().label());
      if (s.reportedNow()) {
        sb.append("；学习活动 ").append(nz(s.reportActivityCount())).append(" 次，参加 ")
            .append(nz(s.reportParticipantCount())).append(" 人次；").append(abbreviate(s.reportText(), 200));
      }
      sb.append('\n');
    }
    return sb.toString().trim();
  }

  /** The issuer's 汇总: totals and one line per addressee. */
  public String rollUpText(long noticeId) {
    Progress p = progress(noticeId, null, 1);
    Counts t = p.totals();
    StringBuilder sb = new StringBuilder();
    sb.append("截至目前，本通知共到达 ").append(t.reached()).append(" 个单位：已签收 ").append(t.acknowledged())
        .append("（签收率 ").append(rate(t.acknowledged(), t.reached())).append("），已报告 ").append(t.reported())
        .append("（报告率 ").append(rate(t.reported(), t.reached())).append("），审核通过 ").append(t.accepted())
        .append("，退回修改中 ").append(t.returned()).append("。\n");
    for (Node n : p.units()) {
      Counts c = n.subtree();
      sb.append("· ").append(n.unit().unitName()).append("：").append(n.unit().status().label())
          .append("；其下共 ").append(c.reached()).append(" 个单位，已签收 ").append(c.acknowledged())
          .append("，已报告 ").append(c.reported()).append("，通过 ").append(c.accepted()).append('\n');
    }
    return sb.toString().trim();
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
