package org.noticecascade.cascade;

import static org.noticecascade.cascade.UnitCascadeProcess.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.delegate.VariableScope;
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
class AcknowledgeListener implements TaskListener, ExecutionListener {

  private final ProgressRepository progress;
  private final NotificationService notifications;

  AcknowledgeListener(ProgressRepository progress, NotificationService notifications) {
    this.progress = progress;
    this.notifications = notifications;
  }

  @Override
  public void notify(DelegateTask task) {
    String unitCode = (String) task.getVariable(UNIT_CODE);
    notifications.send(new Notification("received:" + noticeId(task) + "/" + unitCode, OrgIds.unitGroup(unitCode),
        "【待签收】" + task.getVariable("docNumber") + " " + task.getVariable("title"),
        "来自" + task.getVariable(SUPERIOR_UNIT_NAME) + "，请签收并办理。报告截止日期 " + task.getVariable(REPORT_DUE_DATE)
            + "。", notifications.taskLink(task.getId())));
  }

  @Override
  public void notify(DelegateExecution task) {
    if (task.isCanceled()) {
      return;
    }
    // the note's only limit is its form's (form.FormContract)
    progress.acknowledged(noticeId(task), (String) task.getVariable(UNIT_CODE));
  }

  static long noticeId(VariableScope task) {
    return ((Number) task.getVariable(NOTICE_ID)).longValue();
  }
}
