package org.noticecascade.cascade;

import org.noticecascade.support.NoticeSubject;
import static org.noticecascade.cascade.UnitCascadeProcess.*;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.noticecascade.notification.Notification;
import org.noticecascade.orgdirectory.OrgIds;
import org.noticecascade.notification.NotificationService;
import org.noticecascade.audit.AuditStep;
import org.noticecascade.audit.AuditTrail;
import org.noticecascade.progress.ProgressRepository;
import org.noticecascade.form.FormValues;
import org.springframework.stereotype.Component;

/** 审核 by the superior: accept, or return with a reason. */
@Component("reviewListener")
class ReviewListener extends UnitTaskListener {

  private final ProgressRepository progress;
  private final NotificationService notifications;
  private final AuditTrail audit;

  ReviewListener(ProgressRepository progress, NotificationService notifications, AuditTrail audit) {
    this.audit = audit;
    this.progress = progress;
    this.notifications = notifications;
  }

  @Override
  void created(Step step, DelegateTask task) {
    // each review decides afresh: neither the last round's decision nor its reason carries over
    task.setVariable(REVIEW_DECISION, null);
    task.setVariable(RETURN_REASON, null);
    notifications.send(new Notification("review:" + task.getId(), OrgIds.unitGroup((String) task.getVariable(SUPERIOR_CODE)),
        "【待审核】" + task.getVariable(UNIT_NAME) + "报告了" + NoticeSubject.shortName(task.getVariable(DOC_NUMBER), task.getVariable(TITLE)) + "的落实情况",
        "请审核" + task.getVariable(UNIT_NAME) + "的报告：通过，或退回修改并说明理由。", notifications.taskLink(task.getId())));
  }

  @Override
  void completed(Step step, FormValues v, DelegateExecution task) {
    long noticeId = step.noticeId();
    String unitCode = step.unitCode();
    String decision = v.choice(REVIEW_DECISION, true, List.of(ACCEPT, RETURN));
    String reason = v.text(RETURN_REASON, false);
    if (RETURN.equals(decision) && reason == null) {
      v.problem(RETURN_REASON, "退回时请填写理由");
    }
    v.check();
    String subject = NoticeSubject.of(task.getVariable(DOC_NUMBER), task.getVariable(TITLE));
    if (ACCEPT.equals(decision)) {
      progress.accepted(noticeId, unitCode);
      audit.byUser(task, noticeId, unitCode, AuditStep.ACCEPT, (String) task.getVariable(SUPERIOR_CODE), "通过");
      notifications.send(new Notification("accepted:" + task.getActivityInstanceId(), OrgIds.unitGroup(unitCode), "【已通过】" + subject, "上级已审核通过本单位的报告。", null));
    } else {
      progress.returned(noticeId, unitCode, reason);
      audit.byUser(task, noticeId, unitCode, AuditStep.RETURN, (String) task.getVariable(SUPERIOR_CODE),
          "退回修改：" + reason);
      notifications.send(new Notification("returned:" + task.getActivityInstanceId(), OrgIds.unitGroup(unitCode), "【退回修改】" + subject, "退回理由：" + reason,
          notifications.tasklistLink()));
    }
  }
}
