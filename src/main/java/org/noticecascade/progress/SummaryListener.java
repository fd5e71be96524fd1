package org.noticecascade.progress;

import org.noticecascade.support.NoticeSubject;
import static org.noticecascade.notice.NoticeProcess.NOTICE_ID;
import static org.noticecascade.notice.NoticeProcess.ROLL_UP;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.noticecascade.audit.AuditStep;
import org.noticecascade.audit.AuditTrail;
import org.noticecascade.notice.NoticeService;
import org.noticecascade.notification.Notification;
import org.noticecascade.orgdirectory.OrgIds;
import org.noticecascade.notification.NotificationService;
import org.springframework.stereotype.Component;

/**
 * 汇总 (the first at the due date, then on demand or after late reports): the roll-up is written when the task
 * appears, and the time is kept so that the daily check knows which reports came in since. Closing is
 * notice.CloseRequestListener's.
 */
@Component("summaryListener")
class SummaryListener implements TaskListener {

  private final ProgressService progress;
  private final NoticeService notices;
  private final NotificationService notifications;
  private final AuditTrail audit;

  SummaryListener(ProgressService progress, NoticeService notices, NotificationService notifications,
      AuditTrail audit) {
    this.audit = audit;
    this.progress = progress;
    this.notices = notices;
    this.notifications = notifications;
  }

  @Override
  public void notify(DelegateTask task) {
    long noticeId = ((Number) task.getVariable(NOTICE_ID)).longValue();
    task.setVariable(ROLL_UP, progress.rollUpText(noticeId));
    notices.summarized(noticeId);
    var notice = notices.get(noticeId);
    audit.bySystem(task.getId(), noticeId, notice.issuerUnit(), AuditStep.SUMMARY, "生成汇总，交" + notice.issuerUnitName() + "查看");
    notifications.send(new Notification("summary:" + task.getId(), OrgIds.unitGroup(notice.issuerUnit()),
        "【待汇总】" + NoticeSubject.of(notice.docNumber(), notice.title()), "请查看各单位截至目前的落实情况汇总。",
        notifications.taskLink(task.getId())));
  }
}
