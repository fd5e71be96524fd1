package org.noticecascade.escalation;

import java.util.Comparator;
import java.util.List;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.noticecascade.audit.AuditStep;
import org.noticecascade.audit.AuditTrail;
import org.noticecascade.notice.NoticeService;
import org.noticecascade.notification.Notification;
import org.noticecascade.notification.NotificationService;
import org.noticecascade.orgdirectory.OrgIds;
import org.noticecascade.progress.EscalationRepository.UnitState;
import org.noticecascade.progress.EscalationRepository;
import org.noticecascade.support.EngineClock;
import org.noticecascade.support.WebProperties;
import org.springframework.stereotype.Service;

/**
 * 催办 and 督办: what happens when a unit is slow. Each step checks the unit's state first (a timer may fire after
 * the unit has done the work), writes it, and queues its message in the same transaction, under a key that makes a
 * repeated step send nothing twice.
 */
@Service
class EscalationService {

  private final EscalationRepository repository;
  private final NotificationService notifications;
  private final NoticeService notices;
  private final Deadlines deadlines;
  private final String baseUrl;
  private final AuditTrail audit;

  EscalationService(EscalationRepository repository, NotificationService notifications, NoticeService notices,
      Deadlines deadlines, WebProperties web, AuditTrail audit) {
    this.audit = audit;
    this.repository = repository;
    this.notifications = notifications;
    this.notices = notices;
    this.deadlines = deadlines;
    this.baseUrl = web.baseUrl();
  }

  /** 签收 reminder: only while the unit has not acknowledged. */
  void remindAcknowledge(Chase c) {
    UnitState state = state(c);
    if (!"received".equals(state.status())) {
      return;
    }
    repository.reminded(c.noticeId(), c.unitCode());
    audit.bySystem(c.stepId(), c.noticeId(), c.unitCode(), AuditStep.REMINDER, "催签收");
    notifications.send(new Notification(c.key("reminder-acknowledge"), OrgIds.unitGroup(c.unitCode()),
        "【催办】请签收：" + c.notice(),
        c.superiorName() + "下发的通知，本单位尚未签收。报告截止日期 " + c.dueDate() + "。请登录任务列表签收并办理。",
        openTaskLink(c)));
  }

  /** Due-soon reminder: only while no report has been submitted. */
  void remindDueSoon(Chase c) {
    if (state(c).reported()) {
      return;
    }
    repository.reminded(c.noticeId(), c.unitCode());
    audit.bySystem(c.stepId(), c.noticeId(), c.unitCode(), AuditStep.REMINDER, "报告截止日期 " + c.dueDate() + " 临近，催报告");
    notifications.send(new Notification(c.key("reminder-due-soon"), OrgIds.unitGroup(c.unitCode()),
        "【催办】报告截止日期临近：" + c.notice(),
        "本单位的落实情况报告须于 " + c.dueDate() + " 前报送" + c.superiorName() + "，目前尚未报告。",
        openTaskLink(c)));
  }

  /** The due date has passed: marks the unit overdue and tells it; false when it had reported in time. */
  boolean markOverdue(Chase c) {
    if (state(c).reported()) {
      return false;
    }
    repository.markedOverdue(c.noticeId(), c.unitCode());
    audit.bySystem(c.stepId(), c.noticeId(), c.unitCode(), AuditStep.OVERDUE, "报告截止日期 " + c.dueDate() + " 已过，尚未报告");
    notifications.send(new Notification(c.key("overdue"), OrgIds.unitGroup(c.unitCode()), "【逾期】" + c.notice(),
        "报告截止日期 " + c.dueDate() + " 已过，本单位尚未报送落实情况报告，已逾期 " + daysLate(c)
            + " 个工作日，上级单位将督办。请尽快报告。", openTaskLink(c)));
    return true;
  }

  /** The daily reminder of an overdue unit, once per day at most. */
  void remindOverdue(Chase c) {
    if (state(c).reported()) {
      return;
    }
    repository.reminded(c.noticeId(), c.unitCode());
    audit.bySystem(c.stepId(), c.noticeId(), c.unitCode(), AuditStep.REMINDER, "逾期 " + daysLate(c) + " 个工作日，催报告");
    notifications.send(new Notification(c.key("reminder-overdue") + ":" + EngineClock.today(),
        OrgIds.unitGroup(c.unitCode()), "【逾期催办】" + c.notice(),
        "报告截止日期 " + c.dueDate() + "，本单位已逾期 " + daysLate(c) + " 个工作日仍未报告，请立即报送落实情况报告。",
        openTaskLink(c)));
  }

  /** Chase-days working days past the due date without a report: no more daily reminders (逾期未办结). */
  void chaseStopped(Chase c) {
    repository.chaseStopped(c.noticeId(), c.unitCode());
  }

  /** The superior's 督办 task was created: record it and tell the superior. */
  int escalated(Chase c, String taskId) {
    repository.escalated(c.noticeId(), c.unitCode());
    int late = daysLate(c);
    audit.bySystem(taskId, c.noticeId(), c.unitCode(), AuditStep.ESCALATION,
        "逾期 " + late + " 个工作日，请" + c.superiorName() + "督办");
    notifications.send(new Notification("escalation:" + taskId, OrgIds.unitGroup(c.superiorCode()),
        "【督办】" + c.unitName() + "逾期未报告：" + c.notice(),
        c.unitName() + "的报告截止日期为 " + c.dueDate() + "，已逾期 " + late + " 个工作日。请联系该单位督促报告，并在督办任务中记录情况。",
        notifications.taskLink(taskId)));
    return late;
  }

  /** The 督办 task ended: done by the superior, or closed because the late report arrived. */
  void escalationClosed(Chase c) {
    repository.escalationClosed(c.noticeId(), c.unitCode());
  }

  /** The unit's first report: counted late when after the due date. */
  void reportArrived(long noticeId, String unitCode) {
    repository.reportArrived(noticeId, unitCode, EngineClock.today());
  }

  List<EscalationRepository.OverdueUnit> overdue(long noticeId, String root, boolean whole, boolean includeReported,
      int limit) {
    return repository.overdue(noticeId, root, whole, includeReported, limit);
  }

  int daysLate(Chase c) {
    return deadlines.daysLate(c.dueDate(), EngineClock.today());
  }

  private UnitState state(Chase c) {
    return repository.state(c.noticeId(), c.unitCode()).orElseThrow(
        () -> new IllegalStateException("通知 " + c.noticeId() + " 的单位 " + c.unitCode() + " 不在进度表中"));
  }

  /**
   * The unit's open task in this notice (the newest, when it has two), or its task list when none is open. Every
   * caller is a step of the unit's instance, so the instance's few tasks are read in that step's command by the
   * engine's plain look-up: a task query's dynamic SQL cost a reminder more CPU than the rest of it (docs/benchmarks.md).
   */
  private String openTaskLink(Chase c) {
    CommandContext command = Context.getCommandContext();
    if (command == null) {
      throw new IllegalStateException("催办只能在流程实例的步骤中执行");
    }
    String group = OrgIds.unitGroup(c.unitCode());
    return command.getTaskManager().findTasksByProcessInstanceId(c.processInstanceId()).stream()
        .filter(t -> t.getCandidates().stream().anyMatch(link -> group.equals(link.getGroupId())))
        .max(Comparator.comparing(TaskEntity::getCreateTime))
        .map(t -> notifications.taskLink(t.getId()))
        .orElseGet(notifications::tasklistLink);
  }
}
