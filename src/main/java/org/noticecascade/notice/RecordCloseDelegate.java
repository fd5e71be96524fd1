package org.noticecascade.notice;

import static org.noticecascade.notice.NoticeProcess.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** 登记办结: the notice shows 已办结 with who, when and why, before its units' instances are ended page by page. */
@Component("recordCloseDelegate")
class RecordCloseDelegate implements JavaDelegate {

  private final NoticeService notices;

  RecordCloseDelegate(NoticeService notices) {
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    notices.close(((Number) execution.getVariable(NOTICE_ID)).longValue(), (String) execution.getVariable(CLOSED_BY),
        (String) execution.getVariable(CLOSE_REASON));
  }
}
