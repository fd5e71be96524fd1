package org.noticecascade.notice;

import static org.noticecascade.notice.NoticeProcess.*;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.noticecascade.form.FormValues;
import org.noticecascade.support.CurrentUser;
import org.springframework.stereotype.Component;

/**
 * Completing 汇总落实情况 or 通知办理跟踪: 办结 needs a reason (the form hides the field until 办结 is chosen, so the
 * server checks it here) and records who chose it; 立即汇总 creates a 汇总 only when none is open.
 */
@Component("closeRequestListener")
class CloseRequestListener implements ExecutionListener {

  // an execution listener at the task's end, as the other forms' checks: its refusal reaches the caller as a 400
  @Override
  public void notify(DelegateExecution task) {
    if (task.isCanceled()) {
      return;
    }
    FormValues v = new FormValues(task);
    boolean closing;
    if (TASK_TRACK.equals(task.getCurrentActivityId())) {
      String action = v.choice(TRACK_ACTION, true, List.of(SUMMARIZE, CLOSE));
      closing = CLOSE.equals(action);
      task.setVariableLocal(SUMMARY_WANTED, SUMMARIZE.equals(action) && !summaryOpen(task));
    } else {
      closing = v.flag(CLOSE_NOTICE);
    }
    String reason = v.text(CLOSE_REASON, false);
    if (closing && reason == null) {
      v.problem(CLOSE_REASON, "办结通知时请填写办结理由");
    }
    v.check();
    if (closing) {
      task.setVariable(CLOSED_BY, CurrentUser.id(task));
    }
  }

  private static boolean summaryOpen(DelegateExecution task) {
    return task.getProcessEngineServices().getTaskService().createTaskQuery()
        .processInstanceId(task.getProcessInstanceId()).taskDefinitionKey(TASK_SUMMARY).count() > 0;
  }
}
