package org.noticecascade.notice;

import static org.noticecascade.notice.NoticeProcess.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.noticecascade.audit.AuditStep;
import org.noticecascade.audit.AuditTrail;
import org.springframework.stereotype.Component;

/** 登记办结: the notice shows 已办结 with who, when and why, before its units' instances are ended page by page. */
@Component("recordCloseDelegate")
class RecordCloseDelegate implements JavaDelegate {

  private final NoticeService notices;
  private final AuditTrail audit;

  RecordCloseDelegate(NoticeService notices, AuditTrail audit) {
    this.notices = notices;
    this.audit = audit;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long noticeId = ((Number) execution.getVariable(NOTICE_ID)).longValue();
    String closedBy = (String) execution.getVariable(CLOSED_BY);
    String reason = (String) execution.getVariable(CLOSE_REASON);
    if (notices.close(noticeId, closedBy, reason)) {
      // who chose 办结 in the task, not whoever runs this step (it may be the job executor)
      String issuer = (String) execution.getVariable(ISSUER_UNIT);
      audit.record(execution.getActivityInstanceId() + ":" + AuditStep.CLOSE.key(), noticeId, issuer,
          AuditStep.CLOSE, closedBy, issuer, "办结理由：" + reason);
    }
  }
}
