package org.noticecascade.migration;

import java.util.ArrayList;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.jobexecutor.JobHandler;
import org.camunda.bpm.engine.impl.jobexecutor.TimerEventJobHandler.TimerJobConfiguration;
import org.camunda.bpm.engine.impl.jobexecutor.TimerExecuteNestedActivityJobHandler;
import org.camunda.bpm.engine.impl.jobexecutor.TimerStartEventSubprocessJobHandler;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TimerEntity;
import org.springframework.stereotype.Component;

/**
 * A one-shot timer event that has fired in an instance does not fire there again. Only a migration makes that
 * happen: Camunda arms every timer of the target version an instance has no job for, among them a unit's 逾期
 * (non-interrupting event sub-process start) or 签收超时 (non-interrupting boundary) timer that fired long ago, now due
 * at once: the unit would be marked overdue and escalated (督办) a second time. Such a job runs and does nothing.
 *
 * <p>In our processes each of these events can fire once per instance (their scope is entered once), so "fired before
 * in this instance" is exact; cyclic timers (a repeat) are never skipped. Fired before = the event has a historic
 * activity instance, which history level activity or above records (the application runs at full).
 */
@Component
class FiredTimersStayFired extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    // a custom handler of a built-in type replaces the built-in one
    if (configuration.getCustomJobHandlers() == null) {
      configuration.setCustomJobHandlers(new ArrayList<JobHandler>());
    }
    configuration.getCustomJobHandlers().add(new SubprocessStartOnce());
    configuration.getCustomJobHandlers().add(new BoundaryOnce());
  }

  static boolean firedBefore(TimerJobConfiguration configuration, ExecutionEntity execution,
      CommandContext commandContext) {
    JobEntity job = commandContext.getCurrentJob();
    if (!(job instanceof TimerEntity timer) || timer.getRepeat() != null || execution == null) {
      return false;
    }
    return commandContext.getProcessEngineConfiguration().getHistoryService().createHistoricActivityInstanceQuery()
        .processInstanceId(execution.getProcessInstanceId()).activityId(configuration.getTimerElementKey())
        .count() > 0;
  }

  private static final class SubprocessStartOnce extends TimerStartEventSubprocessJobHandler {

    @Override
    public void execute(TimerJobConfiguration configuration, ExecutionEntity execution,
        CommandContext commandContext, String tenantId) {
      if (!firedBefore(configuration, execution, commandContext)) {
        super.execute(configuration, execution, commandContext, tenantId);
      }
    }
  }

  private static final class BoundaryOnce extends TimerExecuteNestedActivityJobHandler {

    @Override
    public void execute(TimerJobConfiguration configuration, ExecutionEntity execution,
        CommandContext commandContext, String tenantId) {
      if (!firedBefore(configuration, execution, commandContext)) {
        super.execute(configuration, execution, commandContext, tenantId);
      }
    }
  }
}
