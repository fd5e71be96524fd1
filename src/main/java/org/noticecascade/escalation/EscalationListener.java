package org.noticecascade.escalation;

import static org.noticecascade.cascade.UnitCascadeProcess.DAYS_LATE;
import static org.noticecascade.cascade.UnitCascadeProcess.ESCALATION_NOTE;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.noticecascade.audit.AuditStep;
import org.noticecascade.audit.AuditTrail;
import org.noticecascade.form.FormValues;
import org.springframework.stereotype.Component;

/**
 * The superior's 督办 task: on create, records the escalation and tells the superior (the message links the task);
 * on end, records that it closed, whether the superior completed it or the late report cancelled it.
 */
@Component("escalationListener")
class EscalationListener implements TaskListener, ExecutionListener {

  private final EscalationService escalations;
  private final AuditTrail audit;

  EscalationListener(EscalationService escalations, AuditTrail audit) {
    this.escalations = escalations;
    this.audit = audit;
  }

  @Override
  public void notify(DelegateTask task) {
    task.setVariableLocal(DAYS_LATE, escalations.escalated(Chase.of(task.getExecution()), task.getId()));
  }

  @Override
  public void notify(DelegateExecution execution) {
    if (!execution.isCanceled()) {
      FormValues v = new FormValues(execution);
      String note = v.text(ESCALATION_NOTE, true);
      v.check();
      Chase c = Chase.of(execution);
      // the superior's clerk handled it; a late report closing it is the report's own step
      audit.byUser(execution, c.noticeId(), c.unitCode(), AuditStep.ESCALATION_HANDLED, c.superiorCode(), note);
    }
    escalations.escalationClosed(Chase.of(execution));
  }
}
