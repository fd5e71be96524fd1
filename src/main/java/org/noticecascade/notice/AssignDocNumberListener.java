package org.noticecascade.notice;

import static org.noticecascade.notice.NoticeProcess.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.noticecascade.form.FormValues;
import org.springframework.stereotype.Component;

/**
 * 编号 after 签发: the 文号 the clerk confirms is taken for the notice. A 文号 the issuer already used is refused
 * (ConflictException) inside the completion, so the task stays open and nothing changes.
 */
@Component("assignDocNumberListener")
class AssignDocNumberListener implements ExecutionListener {

  private final NoticeService notices;

  AssignDocNumberListener(NoticeService notices) {
    this.notices = notices;
  }

  @Override
  public void notify(DelegateExecution task) {
    if (task.isCanceled()) {
      return;
    }
    FormValues v = new FormValues(task);
    String docNumber = v.text(DOC_NUMBER, true);
    v.check();
    notices.assignDocNumber(((Number) task.getVariable(NOTICE_ID)).longValue(), docNumber);
    // trimmed, as the notice keeps it; the addressees' instances copy it from here
    task.setVariable(DOC_NUMBER, docNumber);
  }
}
