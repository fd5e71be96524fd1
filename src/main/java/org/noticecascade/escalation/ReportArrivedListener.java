package org.noticecascade.escalation;

import static org.noticecascade.cascade.UnitCascadeProcess.NOTICE_ID;
import static org.noticecascade.cascade.UnitCascadeProcess.REPORT_SUBMITTED;
import static org.noticecascade.cascade.UnitCascadeProcess.UNIT_CODE;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Runs after the report's own checks, when 报告 ends: a late report is counted as late, and setting
 * {@code reportSubmitted} on the process instance fires the conditional event that stops the overdue chase and
 * closes the superior's 督办 task in the same transaction.
 */
@Component("reportArrivedListener")
class ReportArrivedListener implements ExecutionListener {

  private final EscalationService escalations;

  ReportArrivedListener(EscalationService escalations) {
    this.escalations = escalations;
  }

  @Override
  public void notify(DelegateExecution execution) {
    if (execution.isCanceled() || Boolean.TRUE.equals(execution.getVariable(REPORT_SUBMITTED))) {
      return;
    }
    escalations.reportArrived(((Number) execution.getVariable(NOTICE_ID)).longValue(),
        (String) execution.getVariable(UNIT_CODE));
    execution.getProcessInstance().setVariable(REPORT_SUBMITTED, true);
  }
}
