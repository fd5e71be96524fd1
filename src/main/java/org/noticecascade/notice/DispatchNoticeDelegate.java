package org.noticecascade.notice;

import static org.noticecascade.notice.NoticeProcess.NOTICE_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** 下发: marks the notice as sent; the call activity that follows reaches each addressee. */
@Component("dispatchNoticeDelegate")
class DispatchNoticeDelegate implements JavaDelegate {

  private final NoticeService notices;

  DispatchNoticeDelegate(NoticeService notices) {
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    notices.dispatched(((Number) execution.getVariable(NOTICE_ID)).longValue());
  }
}
