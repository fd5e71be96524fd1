package org.noticecascade.escalation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** 停止催办：the daily reminders ended without a report; the unit shows as 逾期未办结 (the 督办 task stays open). */
@Component("stopChaseDelegate")
class StopChaseDelegate implements JavaDelegate {

  private final EscalationService escalations;

  StopChaseDelegate(EscalationService escalations) {
    this.escalations = escalations;
  }

  @Override
  public void execute(DelegateExecution execution) {
    escalations.chaseStopped(Chase.of(execution));
  }
}
