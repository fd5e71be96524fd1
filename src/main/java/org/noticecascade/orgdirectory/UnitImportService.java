package org.noticecascade.orgdirectory;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.noticecascade.form.FieldProblem;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports units from CSV, all or nothing: every bad line is named and nothing is written when one is bad. Each
 * unit gets its clerks' and leaders' groups in the same transaction ({@link UnitGroups}), and its channels
 * (unit_channel) when the file has those columns. A row with a new parent moves the unit and its subtree, a row
 * with action remove removes the unit, each only when no open notice involves the units concerned. The org tree decides whom notices address, so only an
 * administrator changes it, or the application itself at start-up (no one logged in).
 */
@Service
public class UnitImportService {

  /** What an import did: units created, updated (moved ones among them), moved, and removed. */
  public record Result(int created, int updated, int moved, int removed) {
  }

  private static final String REFUSAL = "只有系统管理员可以导入或修改单位目录";
  static final String REMOVE = "remove";
  /** A refused move or removal names this many of the open notices in its way. */
  private static final int NOTICES_NAMED = 5;

  private final UnitRepository units;
  private final Administrators administrators;
  private final TransactionTemplate tx;
  private final UnitGroups groups;
  private final OpenNotices openNotices;

  UnitImportService(UnitRepository units, Administrators administrators, TransactionTemplate tx, UnitGroups groups,
      OpenNotices openNotices) {
    this.units = units;
    this.administrators = administrators;
    this.tx = tx;
    this.groups = groups;
    this.openNotices = openNotices;
  }

  /** Refuses (403) anyone but a logged-in administrator: what the API asks before it reads an upload. */
  void requireAdministrator() {
    administrators.require(REFUSAL);
  }

  /** Whether the logged-in user is an administrator (who may see units' channels). */
  boolean administrator() {
    return administrators.is();
  }

  public Result importCsv(byte[] csv) {
    return importCsv(new ByteArrayInputStream(csv));
  }

  /**
   * Reads the whole file first, outside any transaction (a slow upload holds no connection), then checks and
   * writes it in one.
   */
  public Result importCsv(InputStream csv) {
    administrators.requireUnlessApplication(REFUSAL);
    List<UnitCsv.Row> rows = UnitCsv.parse(csv);
    return tx.execute(status -> apply(rows));
  }

  /** Removes one unit, as a file with its one row of action remove would (DELETE /api/units/{code}). */
  public Result remove(String code) {
    requireAdministrator();
    return tx.execute(status -> apply(List.of(new UnitCsv.Row(0, code, "", "", "", Map.of(), REMOVE))));
  }

  private static boolean isRemove(String action) {
    return REMOVE.equalsIgnoreCase(action) || "删除".equals(action);
  }

  /** Where a problem is: the file's line, or the unit for a single removal through the API. */
  private static String where(UnitCsv.Row row) {
    return row.line() == 0 ? "单位 " + row.code() : "第" + row.line() + "行";
  }

  private Result apply(List<UnitCsv.Row> rows) {
    List<FieldProblem> problems = new ArrayList<>();
    Map<String, UnitCsv.Row> byCode = new LinkedHashMap<>();
    Map<String, UnitCsv.Row> removed = new LinkedHashMap<>();
    Map<String, UnitKind> kinds = new HashMap<>();
    for (UnitCsv.Row row : rows) {
      String where = where(row);
      boolean remove = isRemove(row.action());
      if (!remove && !row.action().isEmpty()) {
        problems.add(new FieldProblem(where, "action“" + row.action() + "”无效，应为 remove（删除）或留空"));
      }
      if (!OrgIds.CODE.matcher(row.code()).matches()) {
        problems.add(new FieldProblem(where, "单位代码“" + row.code() + "”应为 2 至 20 位小写字母或数字"));
      } else if (OrgIds.MONITORING_GROUP.equals(row.code())) {
        // a unit's group is named by its code: its clerks would join the monitoring group
        problems.add(new FieldProblem(where, "单位代码“" + row.code() + "”为系统保留（监控组），请换用其他代码"));
      } else if (OrgIds.DESIGNERS_GROUP.equals(row.code())) {
        // a unit's group is named by its code: its clerks would become process designers
        problems.add(new FieldProblem(where, "单位代码“" + row.code() + "”为系统保留（流程设计人员组），请换用其他代码"));
      } else if (byCode.containsKey(row.code()) || removed.containsKey(row.code())) {
        UnitCsv.Row first = byCode.containsKey(row.code()) ? byCode.get(row.code()) : removed.get(row.code());
        problems.add(new FieldProblem(where, "单位代码 " + row.code() + " 与第" + first.line() + "行重复"));
      } else if (remove) {
        removed.put(row.code(), row);
      } else {
        byCode.put(row.code(), row);
      }
      if (remove) {
        continue;
      }
      if (row.name().isEmpty() || row.name().length() > 200) {
        problems.add(new FieldProblem(where, "单位名称必填，且不超过 200 字"));
      }
      Optional<UnitKind> kind = UnitKind.parse(row.kind());
      if (kind.isEmpty()) {
        problems.add(new FieldProblem(where, "单位类别“" + row.kind() + "”无效，应为 " + kindList()));
      } else {
        kinds.put(row.code(), kind.get());
      }
      if (!row.parentCode().isEmpty() && row.parentCode().equals(row.code())) {
        problems.add(new FieldProblem(where, "上级单位不能是本单位"));
      }
    }
    Map<String, Unit> stored = new HashMap<>();
    Set<String> listed = new HashSet<>(byCode.keySet());
    listed.addAll(removed.keySet());
    for (Unit unit : units.findAll(listed)) {
      stored.put(unit.code(), unit);
    }
    Set<String> wantedParents = new HashSet<>();
    byCode.values().forEach(r -> {
      if (!r.parentCode().isEmpty() && !byCode.containsKey(r.parentCode())) {
        wantedParents.add(r.parentCode());
      }
    });
    Map<String, Unit> parentsInDb = new HashMap<>();
    units.findAll(wantedParents).forEach(u -> parentsInDb.put(u.code(), u));
    Set<String> removedParents = units.inactiveAmong(wantedParents);
    List<UnitCsv.Row> moves = new ArrayList<>();
    for (UnitCsv.Row row : byCode.values()) {
      String where = where(row);
      String parent = row.parentCode();
      if (removed.containsKey(parent)) {
        problems.add(new FieldProblem(where, "上级单位 " + parent + " 在本文件中被删除"));
      } else if (!parent.isEmpty() && !byCode.containsKey(parent) && !parentsInDb.containsKey(parent)) {
        problems.add(new FieldProblem(where, "上级单位 " + parent + " 不存在"));
      } else if (removedParents.contains(parent)) {
        problems.add(new FieldProblem(where, "上级单位 " + parent + " 已删除；请先在文件中列出该单位以恢复它"));
      }
      Unit old = stored.get(row.code());
      if (old != null && !String.valueOf(old.parentCode()).equals(parent.isEmpty() ? "null" : parent)) {
        if (old.parentCode() == null || parent.isEmpty()) {
          problems.add(new FieldProblem(where, "单位 " + row.code() + " 的上级为 " + old.parentCode()
              + "；顶层单位不能迁移，单位也不能改为顶层单位"));
        } else {
          moves.add(row);
        }
      }
    }
    for (UnitCsv.Row row : removed.values()) {
      if (!stored.containsKey(row.code())) {
        problems.add(new FieldProblem(where(row), "要删除的单位 " + row.code() + " 不存在"));
      }
    }
    Map<String, UnitChannel> storedChannels = units.channels(byCode.values().stream()
        .filter(r -> !r.channel().isEmpty() && stored.containsKey(r.code())).map(UnitCsv.Row::code).toList());
    Map<String, UnitChannel> channels = new LinkedHashMap<>();
    for (UnitCsv.Row row : byCode.values()) {
      if (row.channel().isEmpty()) {
        continue;
      }
      UnitChannel merged = ChannelCells.merge(row.code(), storedChannels.get(row.code()), row.channel());
      ChannelCells.problems(merged).forEach(p -> problems.add(new FieldProblem(where(row), p)));
      channels.put(row.code(), merged);
    }
    problems.addAll(cycles(byCode));
    if (problems.isEmpty()) {
      // only a file that is otherwise right is checked against the tree and the open notices
      moves.forEach(row -> moveProblem(row, byCode, stored).ifPresent(problems::add));
      removed.values().forEach(row -> removalProblem(row, byCode, removed).ifPresent(problems::add));
    }
    CsvFiles.refuse(problems);
    return write(byCode, kinds, stored, parentsInDb, channels, storedChannels, removed.keySet());
  }

  /**
   * A unit may move when no open notice involves it or a unit below it: those notices' processes, grants and
   * records were made along the old path. Moving below itself is a cycle.
   */
  private Optional<FieldProblem> moveProblem(UnitCsv.Row row, Map<String, UnitCsv.Row> byCode,
      Map<String, Unit> stored) {
    Unit old = stored.get(row.code());
    Map<String, Optional<Unit>> lookedUp = new HashMap<>();
    Set<String> seen = new HashSet<>();
    // up from the new parent in the tree as it will be: the file's parents over the stored ones
    for (String at = row.parentCode(); at != null; ) {
      if (at.equals(row.code()) || !seen.add(at)) {
        return Optional.of(new FieldProblem(where(row), "单位 " + row.code() + " 不能迁移到其下级单位 "
            + row.parentCode() + " 之下"));
      }
      UnitCsv.Row inFile = byCode.get(at);
      String next = inFile != null ? inFile.parentCode()
          : lookedUp.computeIfAbsent(at, units::find).map(Unit::parentCode).orElse(null);
      at = next == null || next.isEmpty() ? null : next;
    }
    List<OpenNotices.OpenNotice> open = openNotices.involving(units.subtreeCodes(old.path()), NOTICES_NAMED);
    if (open.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new FieldProblem(where(row), "单位 " + row.code() + "（" + old.name() + "）及其下级单位仍有未办结的通知 "
        + named(open) + "，不能从 " + old.parentCode() + " 迁移到 " + row.parentCode() + "；请在这些通知办结后再迁移"));
  }

  /**
   * A unit may be removed when it has no units left below it (other than those this file removes or moves away)
   * and no open notice involves it. It stays in the table, inactive, for the notices that name it.
   */
  private Optional<FieldProblem> removalProblem(UnitCsv.Row row, Map<String, UnitCsv.Row> byCode,
      Map<String, UnitCsv.Row> removed) {
    List<String> below = units.children(row.code()).stream().map(Unit::code)
        .filter(c -> !removed.containsKey(c) && !(byCode.containsKey(c) && !byCode.get(c).parentCode().equals(row.code())))
        .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    byCode.values().stream().filter(r -> r.parentCode().equals(row.code()) && !below.contains(r.code()))
        .forEach(r -> below.add(r.code()));
    if (!below.isEmpty()) {
      return Optional.of(new FieldProblem(where(row), "单位 " + row.code() + " 仍有下级单位 "
          + String.join("、", below.subList(0, Math.min(below.size(), 10))) + (below.size() > 10 ? " 等 " + below.size()
          + " 个" : "") + "，不能删除；请先删除或迁出其下级单位（可在同一文件中一并删除）"));
    }
    List<OpenNotices.OpenNotice> open = openNotices.involving(List.of(row.code()), NOTICES_NAMED);
    if (open.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new FieldProblem(where(row), "单位 " + row.code() + " 仍有未办结的通知 " + named(open)
        + "，不能删除；请在这些通知办结后再删除"));
  }

  private static String named(List<OpenNotices.OpenNotice> open) {
    return String.join("、", open.stream().map(OpenNotices.OpenNotice::named).toList())
        + (open.size() >= NOTICES_NAMED ? " 等" : "");
  }

  private Result write(Map<String, UnitCsv.Row> byCode, Map<String, UnitKind> kinds, Map<String, Unit> stored,
      Map<String, Unit> parentsInDb, Map<String, UnitChannel> channels, Map<String, UnitChannel> storedChannels,
      Set<String> removed) {
    int created = 0;
    int updated = 0;
    int moved = 0;
    Map<String, Unit> written = new HashMap<>();
    Map<String, Unit> outsideParents = new HashMap<>();
    for (UnitCsv.Row row : inOrder(byCode, parentsInDb)) {
      String parentCode = row.parentCode().isEmpty() ? null : row.parentCode();
      Unit parent = parentCode == null ? null : written.containsKey(parentCode) ? written.get(parentCode)
          // read now: a move earlier in this file may have changed its path
          : outsideParents.computeIfAbsent(parentCode, c -> units.find(c).orElseThrow());
      String path = parent == null ? "/" + row.code() + "/" : parent.path() + row.code() + "/";
      Unit unit = new Unit(row.code(), row.name(), kinds.get(row.code()), parentCode, path,
          parent == null ? 0 : parent.depth() + 1);
      Unit old = stored.get(row.code());
      if (old == null) {
        units.insert(unit);
        created++;
      } else {
        if (!String.valueOf(old.parentCode()).equals(String.valueOf(parentCode))) {
          units.move(units.find(row.code()).orElseThrow(), parent);
          moved++;
        }
        units.update(unit);
        updated++;
      }
      written.put(row.code(), unit);
      if (channels.containsKey(row.code())) {
        units.saveChannel(channels.get(row.code()), storedChannels.containsKey(row.code()));
      }
      groups.ensure(unit);
    }
    for (String code : removed) {
      units.setActive(code, false);
      groups.empty(code);
    }
    return new Result(created, updated, moved, removed.size());
  }

  /**
   * The rows with what each one's path depends on first: its parent in the file, or, for a parent outside the
   * file, those of the parent's ancestors that the file lists (and may move).
   */
  private static List<UnitCsv.Row> inOrder(Map<String, UnitCsv.Row> byCode, Map<String, Unit> parentsInDb) {
    List<UnitCsv.Row> order = new ArrayList<>(byCode.size());
    Set<String> done = new HashSet<>();
    Deque<String> stack = new ArrayDeque<>();
    for (String start : byCode.keySet()) {
      stack.push(start);
      while (!stack.isEmpty()) {
        String code = stack.peek();
        if (done.contains(code)) {
          stack.pop();
          continue;
        }
        List<String> before = new ArrayList<>();
        String parent = byCode.get(code).parentCode();
        if (byCode.containsKey(parent)) {
          before.add(parent);
        } else if (parentsInDb.containsKey(parent)) {
          for (String ancestor : parentsInDb.get(parent).path().split("/")) {
            if (byCode.containsKey(ancestor)) {
              before.add(ancestor);
            }
          }
        }
        List<String> waiting = before.stream().filter(c -> !done.contains(c) && !stack.contains(c)).toList();
        if (waiting.isEmpty()) {
          stack.pop();
          done.add(code);
          order.add(byCode.get(code));
        } else {
          waiting.forEach(stack::push);
        }
      }
    }
    return order;
  }

  private static List<FieldProblem> cycles(Map<String, UnitCsv.Row> byCode) {
    List<FieldProblem> problems = new ArrayList<>();
    Set<String> reported = new HashSet<>();
    for (String start : byCode.keySet()) {
      Set<String> seen = new HashSet<>();
      String at = start;
      while (at != null && byCode.containsKey(at) && seen.add(at)) {
        String parent = byCode.get(at).parentCode();
        at = parent.isEmpty() ? null : parent;
      }
      if (at != null && seen.contains(at) && at.equals(start) && reported.add(start)) {
        problems.add(new FieldProblem("第" + byCode.get(start).line() + "行", "单位 " + start + " 的上级关系形成循环"));
      }
    }
    return problems;
  }

  private static String kindList() {
    StringBuilder sb = new StringBuilder();
    for (UnitKind k : UnitKind.values()) {
      sb.append(sb.isEmpty() ? "" : "、").append(k.name()).append("（").append(k.label()).append("）");
    }
    return sb.toString();
  }
}
