package org.noticecascade.notice;

import static org.noticecascade.notice.NoticeProcess.*;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.noticecascade.audit.AuditStep;
import org.noticecascade.audit.AuditTrail;
import org.noticecascade.form.FormValues;
import org.springframework.stereotype.Component;

/** 签发: the leader's decision is checked on the server and recorded on the notice. */
@Component("signOffListener")
class SignOffListener implements ExecutionListener {

  private final NoticeService notices;
  private final AuditTrail audit;

  SignOffListener(NoticeService notices, AuditTrail audit) {
    this.notices = notices;
    this.audit = audit;
  }

  @Override
  public void notify(DelegateExecution task) {
    if (task.isCanceled()) {
      return;
    }
    FormValues v = new FormValues(task);
    String decision = v.choice(SIGN_OFF_DECISION, true, List.of(APPROVE, REJECT));
    String comment = v.text(SIGN_OFF_COMMENT, false);
    if (REJECT.equals(decision) && comment == null) {
      v.problem(SIGN_OFF_COMMENT, "不同意签发时请填写意见");
    }
    v.check();
    long noticeId = ((Number) task.getVariable(NOTICE_ID)).longValue();
    String issuer = (String) task.getVariable(ISSUER_UNIT);
    audit.byUser(task, noticeId, issuer, AuditStep.SIGN_OFF, issuer,
        (REJECT.equals(decision) ? "不同意签发" : "同意签发") + (comment == null ? "" : "：" + comment));
    if (REJECT.equals(decision)) {
      notices.notSignedOff(noticeId);
    } else if (Boolean.TRUE.equals(task.getVariable(NUMBERING_REQUIRED))) {
      notices.awaitingDocNumber(noticeId);
    }
  }
}
