package org.noticecascade.orgdirectory;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.noticecascade.form.FieldProblem;
import org.noticecascade.form.InputException;
import org.noticecascade.support.ForbiddenException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports units from CSV, all or nothing: every bad line is named and nothing is written when one is bad. Each
 * unit gets its clerks' and leaders' groups in the same transaction ({@link UnitGroups}). The org tree decides whom notices address, so only an
 * administrator changes it, or the application itself at start-up (no one logged in).
 */
@Service
public class UnitImportService {

  public record Result(int created, int updated) {
  }

  /** A file with thousands of bad lines answers with the first ones, not a message of megabytes. */
  private static final int PROBLEMS_NAMED = 100;

  private final UnitRepository units;
  private final IdentityService identity;
  private final TransactionTemplate tx;
  private final UnitGroups groups;

  UnitImportService(UnitRepository units, IdentityService identity, TransactionTemplate tx, UnitGroups groups) {
    this.units = units;
    this.identity = identity;
    this.tx = tx;
    this.groups = groups;
  }

  /** Refuses (403) anyone but a logged-in administrator: what the API asks before it reads an upload. */
  void requireAdministrator() {
    Authentication user = identity.getCurrentAuthentication();
    if (user == null || !isAdministrator(user)) {
      throw new ForbiddenException("只有系统管理员可以导入或修改单位目录");
    }
  }

  private boolean isAdministrator(Authentication user) {
    List<String> groups = user.getGroupIds();
    return groups != null ? groups.contains(OrgIds.ADMIN_GROUP)
        : identity.createUserQuery().userId(user.getUserId()).memberOfGroup(OrgIds.ADMIN_GROUP).count() > 0;
  }

  public Result importCsv(byte[] csv) {
    return importCsv(new ByteArrayInputStream(csv));
  }

  /**
   * Reads the whole file first, outside any transaction (a slow upload holds no connection), then checks and
   * writes it in one.
   */
  public Result importCsv(InputStream csv) {
    if (identity.getCurrentAuthentication() != null) {
      requireAdministrator();
    }
    List<UnitCsv.Row> rows = UnitCsv.parse(csv);
    return tx.execute(status -> apply(rows));
  }

  private Result apply(List<UnitCsv.Row> rows) {
    List<FieldProblem> problems = new ArrayList<>();
    Map<String, UnitCsv.Row> byCode = new LinkedHashMap<>();
    Map<String, UnitKind> kinds = new HashMap<>();
    for (UnitCsv.Row row : rows) {
      String where = "第" + row.line() + "行";
      if (!OrgIds.CODE.matcher(row.code()).matches()) {
        problems.add(new FieldProblem(where, "单位代码“" + row.code() + "”应为 2 至 20 位小写字母或数字"));
      } else if (row.code().equals(OrgIds.DESIGNERS_GROUP)) {
        // a unit's group is named by its code: its clerks would become process designers
        problems.add(new FieldProblem(where, "单位代码 " + row.code() + " 为系统保留（流程设计人员组），请换用其他代码"));
      } else if (byCode.containsKey(row.code())) {
        problems.add(new FieldProblem(where, "单位代码 " + row.code() + " 与第" + byCode.get(row.code()).line() + "行重复"));
      } else {
        byCode.put(row.code(), row);
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
    Map<String, Unit> existing = new HashMap<>();
    for (Unit unit : units.findAll(byCode.keySet())) {
      existing.put(unit.code(), unit);
    }
    Set<String> parentsInDb = new HashSet<>();
    Set<String> wantedParents = new HashSet<>();
    rows.forEach(r -> {
      if (!r.parentCode().isEmpty() && !byCode.containsKey(r.parentCode())) {
        wantedParents.add(r.parentCode());
      }
    });
    units.findAll(wantedParents).forEach(u -> parentsInDb.add(u.code()));
    for (UnitCsv.Row row : byCode.values()) {
      String where = "第" + row.line() + "行";
      String parent = row.parentCode();
      if (!parent.isEmpty() && !byCode.containsKey(parent) && !parentsInDb.contains(parent)) {
        problems.add(new FieldProblem(where, "上级单位 " + parent + " 不存在"));
      }
      Unit old = existing.get(row.code());
      if (old != null && !String.valueOf(old.parentCode()).equals(parent.isEmpty() ? "null" : parent)) {
        problems.add(new FieldProblem(where, "单位 " + row.code() + " 已存在，上级为 " + old.parentCode() + "；导入不调整上级关系"));
      }
    }
    problems.addAll(cycles(byCode));
    if (problems.size() > PROBLEMS_NAMED) {
      int more = problems.size() - PROBLEMS_NAMED;
      problems = new ArrayList<>(problems.subList(0, PROBLEMS_NAMED));
      problems.add(new FieldProblem("file", "文件", "另有 " + more + " 处问题未列出，请改正以上各行后重新导入"));
    }
    if (!problems.isEmpty()) {
      throw new InputException(problems);
    }

    // parents first: resolve each row's path from its parent's
    Map<String, Unit> resolved = new HashMap<>();
    int created = 0;
    int updated = 0;
    for (UnitCsv.Row row : byCode.values()) {
      Unit unit = resolve(row, byCode, kinds, resolved);
      if (existing.containsKey(row.code())) {
        units.update(unit);
        updated++;
      } else {
        units.insert(unit);
        created++;
      }
      groups.ensure(unit);
    }
    return new Result(created, updated);
  }

  private Unit resolve(UnitCsv.Row row, Map<String, UnitCsv.Row> byCode, Map<String, UnitKind> kinds,
      Map<String, Unit> resolved) {
    Unit done = resolved.get(row.code());
    if (done != null) {
      return done;
    }
    String parent = row.parentCode().isEmpty() ? null : row.parentCode();
    String path;
    int depth;
    if (parent == null) {
      path = "/" + row.code() + "/";
      depth = 0;
    } else {
      Unit parentUnit = byCode.containsKey(parent)
          ? resolve(byCode.get(parent), byCode, kinds, resolved)
          : units.find(parent).orElseThrow();
      path = parentUnit.path() + row.code() + "/";
      depth = parentUnit.depth() + 1;
    }
    Unit unit = new Unit(row.code(), row.name(), kinds.get(row.code()), parent, path, depth);
    resolved.put(row.code(), unit);
    return unit;
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
