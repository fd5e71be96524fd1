package org.noticecascade.cascade;

import static org.noticecascade.cascade.UnitCascadeProcess.*;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.noticecascade.audit.AuditStep;
import org.noticecascade.audit.AuditTrail;
import org.noticecascade.calendar.WorkingDayCalendar;
import org.noticecascade.orgdirectory.Unit;
import org.noticecascade.orgdirectory.UnitKind;
import org.noticecascade.progress.ProgressRepository;
import org.noticecascade.support.EngineClock;
import org.noticecascade.support.NoticeSubject;
import org.noticecascade.form.FormValues;
import org.noticecascade.form.InputException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * 传达: checks the unit's choice of subordinates, its deadline and instructions, and whether they must report, and
 * records them with the unit's own 转发 (title, optional 文号); or records that the unit studies the notice itself and
 * relays it no further (不再下发), and why. When the task appears, the 转发 title starts from the superior's document.
 */
@Component("relayListener")
class RelayListener extends UnitTaskListener {

  private final ProgressRepository progress;
  private final CascadeTargets targets;
  private final WorkingDayCalendar calendar;
  private final RelayDocuments documents;
  private final AuditTrail audit;

  RelayListener(ProgressRepository progress, CascadeTargets targets, WorkingDayCalendar calendar,
      RelayDocuments documents, AuditTrail audit) {
    this.audit = audit;
    this.progress = progress;
    this.targets = targets;
    this.calendar = calendar;
    this.documents = documents;
  }

  @Override
  void created(Step step, DelegateTask task) {
    if (task.getVariable(RELAY_TITLE) == null) {
      task.setVariable(RELAY_TITLE, defaultTitle(task));
    }
  }

  /** 转发 of the superior's document: its own 转发 where it relayed the notice to us, else the notice itself. */
  static String defaultTitle(VariableScope scope) {
    Object forwardTitle = scope.getVariable(FORWARD_TITLE);
    return forwardTitle != null && !forwardTitle.toString().isBlank()
        ? NoticeSubject.relayTitle(scope.getVariable(FORWARD_DOC_NUMBER), forwardTitle)
        : NoticeSubject.relayTitle(scope.getVariable(DOC_NUMBER), scope.getVariable(TITLE));
  }

  @Override
  void completed(Step step, FormValues v, DelegateExecution task) {
    String decision = v.choice(RELAY_DECISION, false, List.of(RELAY, KEEP));
    if (KEEP.equals(decision)) {
      keep(step, v, task);
      return;
    }
    String reporting = v.choice(RELAY_REPORTING, false, List.of(REPORTING_REPORT, REPORTING_INFORM));
    long noticeId = step.noticeId();
    String unitCode = step.unitCode();
    List<String> kinds = v.list(RELAY_KINDS);
    List<String> chosenUnits = v.list(RELAY_UNITS);
    LocalDate due = v.dueDate(RELAY_DUE_DATE, RELAY_DUE_WORKING_DAYS,
        days -> calendar.plusWorkingDays(EngineClock.today(), days));
    String instructions = v.text(RELAY_INSTRUCTIONS, false);
    // a task created before the title was prefilled (an older deployment) has none: it relays under the default
    String title = task.getVariable(RELAY_TITLE) == null ? defaultTitle(task) : v.text(RELAY_TITLE, false);
    if (title == null) {
      v.problem(RELAY_TITLE, "向下级传达时须填写转发标题");
    }
    String docNumber = v.text(RELAY_DOC_NUMBER, false);
    if (docNumber != null) {
      documents.takenBy(unitCode, docNumber).ifPresent(taken -> v.problem(RELAY_DOC_NUMBER, taken));
    }
    LocalDate ownDue = LocalDate.parse((String) task.getVariable(REPORT_DUE_DATE));
    if (due != null && due.isAfter(ownDue)) {
      v.problem(RELAY_DUE_DATE, "传达截止日期 " + due + " 晚于本单位报告截止日期 " + ownDue + "，须留出汇总上报的时间");
    }
    if (due != null && due.isBefore(EngineClock.today())) {
      v.problem(RELAY_DUE_DATE, "传达截止日期不能早于今天");
    }
    List<Unit> relayable = targets.relayable(unitCode, Boolean.TRUE.equals(task.getVariable(CASCADE_TO_GRASSROOTS)));
    Set<String> kindsHere = new HashSet<>();
    Set<String> codesHere = new HashSet<>();
    relayable.forEach(u -> {
      kindsHere.add(u.kind().name());
      codesHere.add(u.code());
    });
    kinds.stream().filter(k -> !kindsHere.contains(k))
        .forEach(k -> v.problem(RELAY_KINDS, "本单位没有“" + UnitKind.parse(k).map(UnitKind::label).orElse(k) + "”类的下级"));
    chosenUnits.stream().filter(c -> !codesHere.contains(c))
        .forEach(c -> v.problem(RELAY_UNITS, "单位 " + c + " 不是本单位可传达的下级"));
    long count = relayable.stream()
        .filter(u -> kinds.contains(u.kind().name()) || chosenUnits.contains(u.code())).count();
    if (!v.hasProblems() && count == 0) {
      v.problem(RELAY_KINDS, "请选择传达的下级单位类别或单位");
    }
    v.check();
    progress.relayed(noticeId, unitCode, due, instructions, kinds, chosenUnits, (int) count);
    try {
      documents.record(noticeId, unitCode, title, docNumber);
    } catch (DuplicateKeyException raced) {
      throw new InputException(RELAY_DOC_NUMBER, "转发文号 " + docNumber + " 已被本单位使用，请使用其他文号");
    }
    // handed down as the subordinates' forwardTitle and forwardDocNumber, as the unit gave them (trimmed)
    task.setVariable(RELAY_TITLE, title);
    task.setVariable(RELAY_DOC_NUMBER, docNumber);
    audit.byUser(task, noticeId, unitCode, AuditStep.RELAY, unitCode,
        relayDetail(kinds, relayable.stream().filter(u -> chosenUnits.contains(u.code())).map(Unit::name).toList(),
            count, due, reporting, instructions));
    task.setVariable(RELAY_DUE_DATE, due.toString());
    task.setVariable(RELAYED, true);
    // 仅传达学习: the subordinates study (and may relay) but do not report
    task.setVariable(SUBORDINATES_MUST_REPORT, !REPORTING_INFORM.equals(reporting));
  }

  /** 本单位学习，不再下发: no subordinate is reached; the reason is required (the form shows it for keep only). */
  private void keep(Step step, FormValues v, DelegateExecution task) {
    String reason = v.text(KEEP_REASON, false);
    if (reason == null) {
      v.problem(KEEP_REASON, "选择“本单位学习，不再下发”时须填写理由");
    }
    v.check();
    progress.kept(step.noticeId(), step.unitCode(), reason);
    audit.byUser(task, step.noticeId(), step.unitCode(), AuditStep.KEEP, step.unitCode(),
        "本单位学习，不再下发。理由：" + reason);
    task.setVariable(RELAYED, false);
  }

  /** 传达 as the 留痕 shows it: to how many subordinates, which kinds and units (by name), by when, 需报告 or 仅传达学习. */
  static String relayDetail(List<String> kinds, List<String> unitNames, long count, LocalDate due, String reporting,
      String instructions) {
    StringBuilder s = new StringBuilder("传达下级 ").append(count).append(" 个");
    if (!kinds.isEmpty()) {
      s.append("；类别：").append(String.join("、", kinds.stream()
          .map(k -> UnitKind.parse(k).map(UnitKind::label).orElse(k)).toList()));
    }
    if (!unitNames.isEmpty()) {
      s.append("；单位：").append(String.join("、", unitNames));
    }
    s.append("；截止 ").append(due).append("；")
        .append(REPORTING_INFORM.equals(reporting) ? "仅传达学习" : "需报告");
    if (instructions != null) {
      s.append("；要求：").append(instructions);
    }
    return s.toString();
  }
}
