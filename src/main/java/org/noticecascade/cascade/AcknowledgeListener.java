package org.noticecascade.cascade;

import org.noticecascade.support.NoticeSubject;
import static org.noticecascade.cascade.UnitCascadeProcess.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.noticecascade.audit.AuditStep;
import org.noticecascade.audit.AuditTrail;
import org.noticecascade.form.FormValues;
import org.noticecascade.notification.Notification;
import org.noticecascade.notification.NotificationService;
import org.noticecascade.orgdirectory.OrgIds;
import org.noticecascade.progress.ProgressRepository;
import org.springframework.stereotype.Component;

/**
 * 签收: when the task is created the unit is told, with a link to the task; when its activity ends normally (not
 * when it is cancelled) the acknowledgement is checked and recorded.
 */
@Component("acknowledgeListener")
class AcknowledgeListener extends UnitTaskListener {

  private final ProgressRepository progress;
  private final NotificationService notifications;
  private final AuditTrail audit;

  AcknowledgeListener(ProgressRepository progress, NotificationService notifications, AuditTrail audit) {
    this.progress = progress;
    this.notifications = notifications;
    this.audit = audit;
  }

  @Override
  void created(Step step, DelegateTask task) {
    notifications.send(new Notification("received:" + step.noticeId() + "/" + step.unitCode(),
        OrgIds.unitGroup(step.unitCode()),
        "【待签收】" + NoticeSubject.of(task.getVariable(DOC_NUMBER), task.getVariable(TITLE)),
        "来自" + task.getVariable(SUPERIOR_UNIT_NAME) + "，请签收并办理。报告截止日期 " + task.getVariable(REPORT_DUE_DATE)
            + "。", notifications.taskLink(task.getId())));
  }

  @Override
  void completed(Step step, FormValues form, DelegateExecution execution) {
    // the note's only limit is its form's
    progress.acknowledged(step.noticeId(), step.unitCode());
    audit.byUser(execution, step.noticeId(), step.unitCode(), AuditStep.ACKNOWLEDGE, step.unitCode(),
        form.text(ACKNOWLEDGE_NOTE, false));
  }
}
