package org.noticecascade.escalation;

import static org.noticecascade.cascade.UnitCascadeProcess.DAYS_LATE;
import static org.noticecascade.cascade.UnitCascadeProcess.ESCALATION_NOTE;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.noticecascade.form.FormValues;
import org.springframework.stereotype.Component;

/**
 * The superior's 督办 task: on create, records the escalation and tells the superior (the message links the task);
 * on end, records that it closed, whether the superior completed it or the late report cancelled it.
 */
@Component("escalationListener")
class EscalationListener implements TaskListener, ExecutionListener {

  private final EscalationService escalations;

  EscalationListener(EscalationService escalations) {
    this.escalations = escalations;
  }

  @Override
  public void notify(DelegateTask task) {
    task.setVariableLocal(DAYS_LATE, escalations.escalated(Chase.of(task.getExecution()), task.getId()));
  }

  @Override
  public void notify(DelegateExecution execution) {
    if (!execution.isCanceled()) {
      FormValues v = new FormValues(execution);
      v.text(ESCALATION_NOTE, true);
      v.check();
    }
    escalations.escalationClosed(Chase.of(execution));
  }
}
