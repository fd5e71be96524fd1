package org.noticecascade.escalation;

import static org.noticecascade.cascade.UnitCascadeProcess.OVERDUE;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The due date has passed: marks the unit overdue unless it reported; the process escalates on {@code overdue}. */
@Component("markOverdueDelegate")
class MarkOverdueDelegate implements JavaDelegate {

  private final EscalationService escalations;

  MarkOverdueDelegate(EscalationService escalations) {
    this.escalations = escalations;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariableLocal(OVERDUE, escalations.markOverdue(Chase.of(execution)));
  }
}
