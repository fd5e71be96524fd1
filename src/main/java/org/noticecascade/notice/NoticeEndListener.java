package org.noticecascade.notice;

import static org.noticecascade.notice.NoticeProcess.NOTICE_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/** The issuer's process ended: record it on the notice. */
@Component("noticeEndListener")
class NoticeEndListener implements ExecutionListener {

  private final NoticeService notices;

  NoticeEndListener(NoticeService notices) {
    this.notices = notices;
  }

  @Override
  public void notify(DelegateExecution execution) {
    Object id = execution.getVariable(NOTICE_ID);
    if (id != null) {
      notices.ended(((Number) id).longValue());
    }
  }
}
