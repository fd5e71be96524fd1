package org.noticecascade.escalation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/** 催办: each reminder task of the unit process has its own delegate; the unit and its notice are read here. */
abstract class Reminder implements JavaDelegate {

  final EscalationService escalations;

  Reminder(EscalationService escalations) {
    this.escalations = escalations;
  }

  @Override
  public final void execute(DelegateExecution execution) {
    remind(Chase.of(execution));
  }

  abstract void remind(Chase chase);
}
