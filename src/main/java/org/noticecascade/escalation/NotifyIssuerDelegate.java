package org.noticecascade.escalation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Still overdue M working days on: the issuer's leaders are told. */
@Component("notifyIssuerDelegate")
class NotifyIssuerDelegate implements JavaDelegate {

  private final EscalationService escalations;

  NotifyIssuerDelegate(EscalationService escalations) {
    this.escalations = escalations;
  }

  @Override
  public void execute(DelegateExecution execution) {
    escalations.notifyIssuer(Chase.of(execution));
  }
}
