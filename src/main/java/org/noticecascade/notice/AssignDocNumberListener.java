package org.noticecascade.notice;

import static org.noticecascade.notice.NoticeProcess.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.noticecascade.audit.AuditStep;
import org.noticecascade.audit.AuditTrail;
import org.noticecascade.form.FormValues;
import org.springframework.stereotype.Component;

/**
 * 编号 after 签发: the 文号 the clerk confirms is taken for the notice. A 文号 the issuer already used is refused
 * (ConflictException) inside the completion, so the task stays open and nothing changes.
 */
@Component("assignDocNumberListener")
class AssignDocNumberListener implements ExecutionListener {

  private final NoticeService notices;
  private final AuditTrail audit;

  AssignDocNumberListener(NoticeService notices, AuditTrail audit) {
    this.notices = notices;
    this.audit = audit;
  }

  @Override
  public void notify(DelegateExecution task) {
    if (task.isCanceled()) {
      return;
    }
    FormValues v = new FormValues(task);
    String docNumber = v.text(DOC_NUMBER, true);
    v.check();
    long noticeId = ((Number) task.getVariable(NOTICE_ID)).longValue();
    notices.assignDocNumber(noticeId, docNumber);
    String issuer = (String) task.getVariable(ISSUER_UNIT);
    audit.byUser(task, noticeId, issuer, AuditStep.DOC_NUMBER, issuer, "文号：" + docNumber.strip());
    // trimmed, as the notice keeps it; the addressees' instances copy it from here
    task.setVariable(DOC_NUMBER, docNumber);
  }
}
