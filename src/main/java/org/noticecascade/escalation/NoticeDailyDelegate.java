package org.noticecascade.escalation;

import static org.noticecascade.notice.NoticeProcess.DAILY_CHASE_OVER;
import static org.noticecascade.notice.NoticeProcess.DAILY_SUMMARY_DUE;
import static org.noticecascade.notice.NoticeProcess.NOTICE_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** noticeIssue's Task_DailyCheck, once per working day per notice: the leaders' digest, a 汇总 for late reports. */
@Component("noticeDailyDelegate")
class NoticeDailyDelegate implements JavaDelegate {

  private final NoticeDaily daily;

  NoticeDailyDelegate(NoticeDaily daily) {
    this.daily = daily;
  }

  @Override
  public void execute(DelegateExecution execution) {
    NoticeDaily.Outcome outcome = daily.run(((Number) execution.getVariable(NOTICE_ID)).longValue(),
        execution.getProcessInstanceId());
    // local: the gateway right after reads them on this execution, beside the notice's other branches
    execution.setVariableLocal(DAILY_SUMMARY_DUE, outcome.summaryDue());
    execution.setVariableLocal(DAILY_CHASE_OVER, outcome.chaseOver());
  }
}
