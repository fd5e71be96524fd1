package org.noticecascade.cascade;

import static org.noticecascade.cascade.UnitCascadeProcess.NOTICE_ID;
import static org.noticecascade.cascade.UnitCascadeProcess.UNIT_CODE;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.noticecascade.form.FormValues;

/**
 * A listener on one of a unit's tasks (a task listener on create, an execution listener on end in the BPMN): the
 * notice and the unit are read once, and a task cancelled by a boundary event or a 办结 records nothing.
 */
abstract class UnitTaskListener implements TaskListener, ExecutionListener {

  /** Which notice and which unit a task belongs to. */
  record Step(long noticeId, String unitCode) {

    static Step of(VariableScope scope) {
      return new Step(((Number) scope.getVariable(NOTICE_ID)).longValue(), (String) scope.getVariable(UNIT_CODE));
    }
  }

  @Override
  public final void notify(DelegateTask task) {
    created(Step.of(task), task);
  }

  @Override
  public final void notify(DelegateExecution execution) {
    if (!execution.isCanceled()) {
      completed(Step.of(execution), new FormValues(execution), execution);
    }
  }

  /** The task has just been created. */
  void created(Step step, DelegateTask task) {
    // most tasks need nothing then
  }

  /** The task was completed; its form's values passed the form's own limits (form.FormContract). */
  abstract void completed(Step step, FormValues form, DelegateExecution execution);
}
