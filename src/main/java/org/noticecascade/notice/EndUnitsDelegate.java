package org.noticecascade.notice;

import static org.noticecascade.notice.NoticeProcess.NOTICE_ID;
import static org.noticecascade.notice.NoticeProcess.UNITS_LEFT;

import java.util.List;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;

/**
 * 结束未办结单位, one page per job (Task_EndUnits is asynchronous and loops): ends up to a page of the notice's
 * unit instances (unitCascade, and any other process called for its units: every instance whose business key is
 * {@code <notice id>/…}), leaves first, so that deleting one never cascades into a subtree and no transaction grows
 * with the cascade. Their own listeners are skipped: the notice is closed, nothing more is recorded or sent.
 */
@Component("endUnitsDelegate")
class EndUnitsDelegate implements JavaDelegate {

  static final int DEFAULT_PAGE_SIZE = 200;

  // a leaf: none of the instance's executions calls another process instance (ACT_IDX_EXEC_BUSKEY,
  // ACT_IDX_EXE_SUPER and the process-instance index make each page a few index look-ups)
  private static final String LEAVES = "select RES.* from ACT_RU_EXECUTION RES where RES.BUSINESS_KEY_ like #{prefix}"
      + " and RES.ID_ = RES.PROC_INST_ID_ and not exists (select 1 from ACT_RU_EXECUTION X join ACT_RU_EXECUTION S"
      + " on S.SUPER_EXEC_ = X.ID_ where X.PROC_INST_ID_ = RES.ID_)";

  private final RuntimeService runtime;
  private int pageSize = DEFAULT_PAGE_SIZE;

  EndUnitsDelegate(RuntimeService runtime) {
    this.runtime = runtime;
  }

  /** For tests: a small page shows the loop on a small tree. */
  void pageSize(int size) {
    this.pageSize = size;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long noticeId = ((Number) execution.getVariable(NOTICE_ID)).longValue();
    List<String> ids = runtime.createNativeProcessInstanceQuery().sql(LEAVES).parameter("prefix", noticeId + "/%")
        .listPage(0, pageSize).stream().map(ProcessInstance::getId).toList();
    if (!ids.isEmpty()) {
      runtime.deleteProcessInstancesIfExists(ids, "通知已办结", true, true, false);
    }
    // one last empty page ends the loop: instances a parent started meanwhile are found on the next page
    execution.setVariable(UNITS_LEFT, !ids.isEmpty());
  }
}
