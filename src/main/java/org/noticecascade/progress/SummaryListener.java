package org.noticecascade.progress;

import org.noticecascade.support.NoticeSubject;
import static org.noticecascade.notice.NoticeProcess.CLOSE_NOTICE;
import static org.noticecascade.notice.NoticeProcess.NOTICE_ID;
import static org.noticecascade.notice.NoticeProcess.ROLL_UP;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.noticecascade.notice.NoticeService;
import org.noticecascade.notification.Notification;
import org.noticecascade.orgdirectory.OrgIds;
import org.noticecascade.notification.NotificationService;
import org.noticecascade.form.FormValues;
import org.springframework.stereotype.Component;

/** 汇总: the roll-up is written when the task appears; closing the notice is recorded when it is done. */
@Component("summaryListener")
class SummaryListener implements TaskListener, ExecutionListener {

  private final ProgressService progress;
  private final NoticeService notices;
  private final NotificationService notifications;

  SummaryListener(ProgressService progress, NoticeService notices, NotificationService notifications) {
    this.progress = progress;
    this.notices = notices;
    this.notifications = notifications;
  }

  @Override
  public void notify(DelegateTask task) {
    long noticeId = ((Number) task.getVariable(NOTICE_ID)).longValue();
    task.setVariable(ROLL_UP, progress.rollUpText(noticeId));
    var notice = notices.get(noticeId);
    notifications.send(new Notification("summary:" + task.getId(), OrgIds.unitGroup(notice.issuerUnit()), "【待汇总】" + NoticeSubject.of(notice.docNumber(), notice.title()),
        "报告截止日期已到，请查看各单位落实情况汇总。", notifications.taskLink(task.getId())));
  }

  @Override
  public void notify(DelegateExecution execution) {
    if (!execution.isCanceled() && new FormValues(execution).flag(CLOSE_NOTICE)) {
      notices.closed(((Number) execution.getVariable(NOTICE_ID)).longValue());
    }
  }
}
