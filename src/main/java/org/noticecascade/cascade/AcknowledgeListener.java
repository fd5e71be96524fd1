package org.noticecascade.cascade;

import static org.noticecascade.cascade.UnitCascadeProcess.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.noticecascade.progress.ProgressRepository;
import org.noticecascade.support.Variables;
import org.springframework.stereotype.Component;

/** 签收 done: runs when the task's activity ends normally (not when it is cancelled). */
@Component("acknowledgeListener")
class AcknowledgeListener implements ExecutionListener {

  private final ProgressRepository progress;

  AcknowledgeListener(ProgressRepository progress) {
    this.progress = progress;
  }

  @Override
  public void notify(DelegateExecution task) {
    if (task.isCanceled()) {
      return;
    }
    Variables v = new Variables(task);
    v.text(ACKNOWLEDGE_NOTE, false, 2000);
    v.check();
    progress.acknowledged(noticeId(task), (String) task.getVariable(UNIT_CODE));
  }

  static long noticeId(VariableScope task) {
    return ((Number) task.getVariable(NOTICE_ID)).longValue();
  }
}
