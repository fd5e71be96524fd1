package org.noticecascade.cascade;

import static org.noticecascade.cascade.UnitReadProcess.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.noticecascade.audit.AuditStep;
import org.noticecascade.audit.AuditTrail;
import org.noticecascade.form.FormValues;
import org.noticecascade.form.InputException;
import org.noticecascade.notification.Notification;
import org.noticecascade.notification.NotificationService;
import org.noticecascade.orgdirectory.OrgIds;
import org.noticecascade.progress.CcRepository;
import org.noticecascade.support.CurrentUser;
import org.springframework.stereotype.Component;

/** 阅知: the copied unit is told once, with a link to the task; completing it records who read it and when. */
@Component("readListener")
class ReadListener extends UnitTaskListener {

  private final CcRepository copies;
  private final NotificationService notifications;
  private final AuditTrail audit;

  ReadListener(CcRepository copies, NotificationService notifications, AuditTrail audit) {
    this.audit = audit;
    this.copies = copies;
    this.notifications = notifications;
  }

  @Override
  void created(Step step, DelegateTask task) {
    notifications.send(new Notification("copied:" + step.noticeId() + "/" + step.unitCode(),
        OrgIds.unitGroup(step.unitCode()),
        "【待阅知】" + task.getVariable(DOC_NUMBER) + " " + task.getVariable(TITLE),
        task.getVariable(ISSUER_UNIT_NAME) + "抄送本单位，请阅知。", notifications.taskLink(task.getId())));
  }

  @Override
  void completed(Step step, FormValues form, DelegateExecution execution) {
    // the form lets the box be left unticked; reading is what the task records
    if (!form.flag(READ_CONFIRMED)) {
      throw new InputException(READ_CONFIRMED, "请勾选“已阅知”后提交");
    }
    copies.read(step.noticeId(), step.unitCode(), CurrentUser.id(execution));
    audit.byUser(execution, step.noticeId(), step.unitCode(), AuditStep.READ, step.unitCode(), "已阅知");
  }
}
