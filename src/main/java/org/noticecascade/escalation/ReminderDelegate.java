package org.noticecascade.escalation;

import static org.noticecascade.cascade.UnitCascadeProcess.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** 催办: one delegate for the three reminder tasks of the unit process; the task's id says which reminder. */
@Component("reminderDelegate")
class ReminderDelegate implements JavaDelegate {

  private final EscalationService escalations;

  ReminderDelegate(EscalationService escalations) {
    this.escalations = escalations;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Chase chase = Chase.of(execution);
    switch (execution.getCurrentActivityId()) {
      case TASK_REMIND_ACKNOWLEDGE -> escalations.remindAcknowledge(chase);
      case TASK_REMIND_DUE_SOON -> escalations.remindDueSoon(chase);
      case TASK_REMIND_OVERDUE -> escalations.remindOverdue(chase);
      default -> throw new IllegalStateException("未知的催办环节 " + execution.getCurrentActivityId());
    }
  }
}
