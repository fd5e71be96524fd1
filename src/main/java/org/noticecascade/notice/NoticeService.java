package org.noticecascade.notice;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.noticecascade.orgdirectory.UnitGroups;
import org.noticecascade.orgdirectory.OrgIds;
import org.noticecascade.orgdirectory.Unit;
import org.noticecascade.orgdirectory.UnitKind;
import org.noticecascade.orgdirectory.UnitRepository;
import org.noticecascade.form.ConflictException;
import org.noticecascade.support.EngineClock;
import org.noticecascade.security.Scope;
import org.noticecascade.form.FieldProblem;
import org.noticecascade.support.ForbiddenException;
import org.noticecascade.form.InputException;
import org.noticecascade.support.NotFoundException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/** Registers notices and answers who they address. */
@Service
public class NoticeService {

  static final int MAX_NOTICES_LISTED = 500;
  /** Units a notice may name one by one (V10 sized notice.addressee_units for them); kinds reach any number. */
  static final int MAX_NAMED_ADDRESSEES = 3000;
  private static final int NAMED_IN_MESSAGE = 20;

  private final NoticeRepository notices;
  private final UnitRepository units;
  private final IdentityService identity;

  NoticeService(NoticeRepository notices, UnitRepository units, IdentityService identity) {
    this.notices = notices;
    this.units = units;
    this.identity = identity;
  }

  /** The issuing unit of a draft: as given, or else the one unit whose group the initiator belongs to. */
  public String resolveIssuer(String issuerUnit, String initiator) {
    if (issuerUnit != null && !issuerUnit.isBlank()) {
      String issuer = issuerUnit.trim();
      // a clerk issues for their own unit; an administrator for any
      if (initiator != null && !isMember(initiator, issuer) && !isMember(initiator, OrgIds.ADMIN_GROUP)) {
        throw new InputException(NoticeProcess.ISSUER_UNIT, "您不是发文单位 " + issuer + " 的经办人，不能以其名义发文");
      }
      return issuer;
    }
    if (initiator != null) {
      List<Group> groups = identity.createGroupQuery().groupMember(initiator).groupType(UnitGroups.UNIT_TYPE).list();
      if (groups.size() == 1) {
        return groups.get(0).getId();
      }
    }
    throw new InputException(NoticeProcess.ISSUER_UNIT, "必填（无法从当前用户确定本单位）");
  }

  private boolean isMember(String user, String group) {
    return identity.createUserQuery().userId(user).memberOfGroup(group).count() > 0;
  }

  /** Every problem of a draft at once; a reused 文号 is a conflict (409) rather than bad input. */
  public void validate(NoticeDraft d, List<FieldProblem> problems) {
    Optional<Unit> issuer = Optional.empty();
    if (d.issuerUnit() != null) {
      issuer = units.find(d.issuerUnit());
      if (issuer.isEmpty()) {
        problems.add(new FieldProblem(NoticeProcess.ISSUER_UNIT, "发文单位 " + d.issuerUnit() + " 不存在"));
      }
    }
    if (d.issuedOn() != null && d.reportDueDate() != null && d.reportDueDate().isBefore(d.issuedOn())) {
      problems.add(new FieldProblem(NoticeProcess.REPORT_DUE_DATE, "报告截止日期不能早于成文日期"));
    }
    if (d.reportDueDate() != null && d.reportDueDate().isBefore(EngineClock.today())) {
      problems.add(new FieldProblem(NoticeProcess.REPORT_DUE_DATE, "报告截止日期不能早于今天"));
    }
    if (d.docNumber() == null && !d.signOffRequired() && issuer.isPresent() && DocNumbers.requiredOf(issuer.get())) {
      problems.add(new FieldProblem(NoticeProcess.DOC_NUMBER, "必填（县级以上工会发文须有文号；需签发的可在签发后编号）"));
    }
    List<String> badKinds = d.addresseeKinds().stream().filter(k -> UnitKind.parse(k).isEmpty()).toList();
    if (!badKinds.isEmpty()) {
      problems.add(new FieldProblem(NoticeProcess.ADDRESSEE_KINDS, "单位类别 " + listed(badKinds) + " 无效"));
    }
    if (d.addresseeKinds().isEmpty() && d.addresseeUnits().isEmpty()) {
      problems.add(new FieldProblem(NoticeProcess.ADDRESSEE_KINDS, "请选择主送单位类别或填写主送单位"));
    }
    if (issuer.isPresent() || d.addresseeUnits().size() > MAX_NAMED_ADDRESSEES) {
      checkNamed(NoticeProcess.ADDRESSEE_UNITS, d.addresseeUnits(), issuer, problems);
    }
    if (issuer.isPresent() || d.ccUnits().size() > MAX_NAMED_ADDRESSEES) {
      checkNamed(NoticeProcess.CC_UNITS, d.ccUnits(), issuer, problems);
    }
    if (issuer.isPresent() && problems.isEmpty()) {
      List<String> addressees = addresseesOf(issuer.get().code(), d.addresseeKinds(), d.addresseeUnits());
      if (addressees.isEmpty()) {
        problems.add(new FieldProblem(NoticeProcess.ADDRESSEE_KINDS, "发文单位没有所选类别的下级单位"));
      }
      // 抄送 is for units that only read it: a unit that must act on it is not copied as well
      Set<String> both = new LinkedHashSet<>(d.ccUnits());
      both.retainAll(new java.util.HashSet<>(addressees));
      if (!both.isEmpty()) {
        problems.add(new FieldProblem(NoticeProcess.CC_UNITS, "单位 " + listed(units.findAll(List.copyOf(both)).stream()
            .map(u -> u.code() + "（" + u.name() + "）").toList()) + " 已是主送单位，不能同时抄送"));
      }
    }
    validateReporting(d, issuer, problems);
  }

  /**
   * Units named one by one (主送 or 抄送): at most {@link #MAX_NAMED_ADDRESSEES}, each existing and below the issuer.
   * The size is checked before any lookup: the list goes into one query and one column.
   */
  private void checkNamed(String field, List<String> codes, Optional<Unit> issuer, List<FieldProblem> problems) {
    if (codes.size() > MAX_NAMED_ADDRESSEES) {
      problems.add(new FieldProblem(field, "最多指定 " + MAX_NAMED_ADDRESSEES + " 个单位，现为 " + codes.size() + " 个"
          + (field.equals(NoticeProcess.ADDRESSEE_UNITS) ? "；更多的单位请按单位类别主送" : "")));
      return;
    }
    Set<String> found = new LinkedHashSet<>();
    List<String> outside = new ArrayList<>();
    for (Unit u : units.findAll(codes)) {
      found.add(u.code());
      if (!u.path().startsWith(issuer.orElseThrow().path()) || u.code().equals(issuer.get().code())) {
        outside.add(u.code() + "（" + u.name() + "）");
      }
    }
    if (!outside.isEmpty()) {
      problems.add(new FieldProblem(field, "单位 " + listed(outside) + " 不是发文单位的下级"));
    }
    List<String> missing = codes.stream().filter(code -> !found.contains(code)).distinct().toList();
    if (!missing.isEmpty()) {
      problems.add(new FieldProblem(field, "单位 " + listed(missing) + " 不存在"));
    }
    Set<String> removed = units.inactiveAmong(found);
    if (!removed.isEmpty()) {
      problems.add(new FieldProblem(field, "单位 " + listed(List.copyOf(removed)) + " 已从单位目录中删除"));
    }
  }

  /** Who must report: known kinds, and named units that are among the notice's 主送 addressees. */
  private void validateReporting(NoticeDraft d, Optional<Unit> issuer, List<FieldProblem> problems) {
    List<String> badKinds = d.reportingKinds().stream().filter(k -> UnitKind.parse(k).isEmpty()).toList();
    if (!badKinds.isEmpty()) {
      problems.add(new FieldProblem(NoticeProcess.REPORTING_KINDS, "单位类别 " + listed(badKinds) + " 无效"));
    }
    if (d.reportingUnits().size() > MAX_NAMED_ADDRESSEES) {
      problems.add(new FieldProblem(NoticeProcess.REPORTING_UNITS, "最多指定 " + MAX_NAMED_ADDRESSEES
          + " 个需报告的单位，现为 " + d.reportingUnits().size() + " 个；更多的单位请按单位类别指定"));
    } else if (issuer.isPresent() && !d.reportingUnits().isEmpty() && d.addresseeUnits().size() <= MAX_NAMED_ADDRESSEES) {
      Set<String> addressees = new java.util.HashSet<>(
          addresseesOf(issuer.get().code(), d.addresseeKinds(), d.addresseeUnits()));
      List<String> notAddressed = d.reportingUnits().stream().filter(code -> !addressees.contains(code)).distinct()
          .toList();
      if (!notAddressed.isEmpty()) {
        problems.add(new FieldProblem(NoticeProcess.REPORTING_UNITS, "单位 " + listed(notAddressed)
            + " 不是本通知的主送单位，不能指定为需报告的单位"));
      }
    }
  }

  /** Names the first few of a list of bad values, each cut short: a message must stay readable. */
  private static String listed(List<String> values) {
    List<String> shown = values.stream().limit(NAMED_IN_MESSAGE)
        .map(v -> v.length() > 40 ? v.substring(0, 40) + "…" : v).toList();
    String text = String.join("、", shown);
    return values.size() > shown.size() ? text + " 等 " + values.size() + " 个" : text;
  }

  /** Validates and records a draft; throws with every problem named, or a conflict for a 文号 already used. */
  public Notice register(NoticeDraft d, String processInstanceId, String createdBy) {
    List<FieldProblem> problems = new ArrayList<>();
    validate(d, problems);
    if (!problems.isEmpty()) {
      throw new InputException(problems);
    }
    // with 签发 the 文号 is given after it (编号): a drafted one is neither compared nor reserved
    boolean reserve = !d.signOffRequired() && d.docNumber() != null;
    if (reserve) {
      checkDocNumberFree(d.issuerUnit(), d.docNumber());
    }
    NoticeStatus status = d.signOffRequired() ? NoticeStatus.AWAITING_SIGN_OFF : NoticeStatus.DISPATCHED;
    long id;
    try {
      id = notices.insert(d, reserve, status, processInstanceId, createdBy);
    } catch (DuplicateKeyException raced) {
      // another registration of the same 文号 committed since the check: the unique key decided
      throw new ConflictException(NoticeProcess.DOC_NUMBER, "文号 " + d.docNumber() + " 已被本单位使用");
    }
    return get(id);
  }

  /** Refuses a 文号 the issuer already used, however its brackets, digits and spaces were typed (DocNumbers). */
  public void checkDocNumberFree(String issuerUnit, String docNumber) {
    if (issuerUnit == null || docNumber == null) {
      return;
    }
    notices.docNumberHolding(issuerUnit, docNumber).ifPresent(used -> {
      throw new ConflictException(NoticeProcess.DOC_NUMBER, used.equals(docNumber)
          ? "文号 " + docNumber + " 已被本单位使用"
          : "文号 " + docNumber + " 与本单位已使用的文号 " + used + " 相同（括号、全角数字和空格不作区分）");
    });
  }

  /** Whether the draft's issuer must give its notices a 文号 (county level and above). */
  public boolean docNumberRequired(String issuerUnit) {
    return units.find(issuerUnit).map(DocNumbers::requiredOf).orElse(true);
  }

  /**
   * 编号 after 签发: the notice takes its 文号 now, unique per issuer as at drafting. A taken one is a conflict and
   * changes nothing; two clerks racing for one number meet in the unique index.
   */
  public void assignDocNumber(long noticeId, String docNumber) {
    Notice notice = get(noticeId);
    checkDocNumberFree(notice.issuerUnit(), docNumber);
    try {
      notices.assignDocNumber(noticeId, docNumber);
    } catch (DuplicateKeyException raced) {
      throw new ConflictException(NoticeProcess.DOC_NUMBER, "文号 " + docNumber + " 已被本单位使用");
    }
  }

  /** Signed off and waiting for its 文号. */
  public void awaitingDocNumber(long noticeId) {
    notices.setStatus(noticeId, NoticeStatus.AWAITING_DOC_NUMBER);
  }

  public Notice get(long id) {
    return notices.find(id).orElseThrow(() -> new NotFoundException("通知 " + id + " 不存在"));
  }

  public List<Notice> list(String issuerUnit, Scope scope, int limit, int offset) {
    return notices.list(issuerUnit, scope.everything() ? null : scope.paths(),
        Math.min(Math.max(limit, 1), MAX_NOTICES_LISTED), Math.max(offset, 0));
  }

  /** A notice the user may watch: issued within their units' subtrees, or reaching one of their units. */
  public Notice getVisible(long id, Scope scope) {
    Notice notice = get(id);
    if (scope.everything() || scope.covers(issuerPath(notice)) || notices.reachedAny(id, codes(scope))) {
      return notice;
    }
    throw new ForbiddenException("通知 " + id + " 不在您所在单位的范围内");
  }

  /**
   * The unit whose subtree of the notice the user may watch: {@code unit} if it lies within their scope (or is the
   * issuer, for those above the issuer), otherwise their default root; 403 for a unit outside their scope.
   */
  public String viewRoot(long noticeId, String unit, Scope scope) {
    Notice notice = getVisible(noticeId, scope);
    if (unit == null || unit.isBlank()) {
      return defaultRoot(notice, scope);
    }
    Unit u = units.find(unit.trim()).orElseThrow(() -> new NotFoundException("单位 " + unit + " 不存在"));
    if (!scope.covers(u.path()) && !(u.code().equals(notice.issuerUnit()) && scope.covers(issuerPath(notice)))) {
      throw new ForbiddenException("单位 " + unit + " 不在您所在单位的范围内");
    }
    return u.code();
  }

  /**
   * Where a user's view of a notice starts: the issuer for those above or at it, otherwise the user's own unit
   * that the notice reached.
   */
  public String defaultRoot(Notice notice, Scope scope) {
    if (scope.everything() || scope.covers(issuerPath(notice))) {
      return notice.issuerUnit();
    }
    return codes(scope).stream().filter(code -> notices.reachedAny(notice.id(), List.of(code))).findFirst()
        .orElseThrow(() -> new ForbiddenException("通知 " + notice.id() + " 未到达您所在的单位"));
  }

  public String issuerPath(Notice notice) {
    return units.find(notice.issuerUnit()).orElseThrow().path();
  }

  private static List<String> codes(Scope scope) {
    return scope.paths().stream().map(p -> p.substring(p.lastIndexOf('/', p.length() - 2) + 1, p.length() - 1)).toList();
  }

  /** The notice's 主送 line ("各地方总工会、产业工会"), worded once per notice and handed down to every unit. */
  public String addresseeWording(Notice n) {
    return AddresseeWording.of(n.addresseeKinds(), n.addresseeUnits(), units.findAll(n.addresseeUnits()),
        n.issuerUnit());
  }

  /** The addressees of a notice: its kinds among the issuer's children, plus the units named. */
  public List<String> addressees(long noticeId) {
    Notice n = get(noticeId);
    return addresseesOf(n.issuerUnit(), n.addresseeKinds(), n.addresseeUnits());
  }

  private List<String> addresseesOf(String issuer, List<String> kinds, List<String> named) {
    Set<String> codes = new LinkedHashSet<>();
    Set<UnitKind> wanted = new java.util.HashSet<>();
    kinds.forEach(k -> UnitKind.parse(k).ifPresent(wanted::add));
    for (Unit child : units.children(issuer)) {
      if (wanted.contains(child.kind())) {
        codes.add(child.code());
      }
    }
    codes.addAll(named);
    return List.copyOf(codes);
  }

  /** The units a notice is copied to (抄送), in the order named. */
  public List<String> ccUnits(long noticeId) {
    return get(noticeId).ccUnits();
  }

  public void dispatched(long noticeId) {
    notices.setStatus(noticeId, NoticeStatus.DISPATCHED);
  }

  public void notSignedOff(long noticeId) {
    notices.endedWith(noticeId, NoticeStatus.NOT_SIGNED_OFF);
    notices.releaseDocNumber(noticeId);
  }

  /** 办结: recorded once; false when the notice was not open (closed already, or never dispatched). */
  public boolean close(long noticeId, String closedBy, String reason) {
    return notices.close(noticeId, closedBy, reason);
  }

  /** A 汇总 task was given to the issuer: later reports are counted from now. */
  public void summarized(long noticeId) {
    notices.summarized(noticeId);
  }

  /** The notice's chase-days passed with nobody closing it: 逾期未办结. */
  public void chaseEnded(long noticeId) {
    notices.chaseEnded(noticeId);
  }

  /** Whether a unit reported after the issuer's last 汇总 (none yet: false). */
  public boolean reportedSinceLastSummary(Notice notice) {
    var last = notice.ending().lastSummaryAt();
    return last != null && notices.reportedSince(notice.id(), last);
  }

  /** The issuer's process ended: a dispatched notice whose units all finished is complete. */
  public void ended(long noticeId) {
    if (get(noticeId).status() == NoticeStatus.DISPATCHED) {
      notices.endedWith(noticeId, NoticeStatus.COMPLETED);
    }
  }

  /** Notices that ended (办结, completed, not signed off) before {@code before}, oldest first: due for retention. */
  public List<Long> endedBefore(java.time.LocalDateTime before, int limit) {
    return notices.endedBefore(before, limit);
  }

  /** When the notice ended; empty while it is open. */
  public Optional<java.time.LocalDateTime> endedAt(long noticeId) {
    return notices.endedAt(noticeId);
  }

  /** Whether the notice's archive was written (its rows may be partly deleted since). */
  public boolean archived(long noticeId) {
    return notices.archived(noticeId);
  }

  public void markArchived(long noticeId) {
    notices.markArchived(noticeId);
  }

  /** Deletes the notice's own row once archived; every row of it in other tables must be gone before. */
  public boolean deleteArchived(long noticeId) {
    return notices.deleteArchived(noticeId);
  }
}
