package org.noticecascade.cascade;

import static org.noticecascade.cascade.UnitReadProcess.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.noticecascade.orgdirectory.Unit;
import org.noticecascade.orgdirectory.UnitRepository;
import org.noticecascade.progress.CcRepository;
import org.noticecascade.security.Grants;
import org.springframework.stereotype.Component;

/** 抄送收文: the copied unit is recorded as received, and its clerks may read the instance their 阅知 task is in. */
@Component("receiveCopyDelegate")
class ReceiveCopyDelegate implements JavaDelegate {

  private final UnitRepository units;
  private final CcRepository copies;
  private final Grants grants;

  ReceiveCopyDelegate(UnitRepository units, CcRepository copies, Grants grants) {
    this.units = units;
    this.copies = copies;
    this.grants = grants;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long noticeId = ((Number) execution.getVariable(NOTICE_ID)).longValue();
    String unitCode = (String) execution.getVariable(UNIT_CODE);
    Unit unit = units.find(unitCode).orElseThrow(() -> new IllegalStateException("单位 " + unitCode + " 不存在"));
    copies.received(noticeId, unitCode, unit.path(), execution.getProcessInstanceId());
    // Tasklist's columns are the instance's variables, shown to those who may read it: the unit's clerks and the
    // leaders of it and its ancestors, as for a unit of the cascade
    grants.mayRead(execution.getProcessInstanceId(), unit.path(), unitCode);
    execution.setVariable(UNIT_NAME, unit.name());
  }
}
