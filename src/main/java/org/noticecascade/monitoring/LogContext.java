package org.noticecascade.monitoring;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Every log line written while the engine works on a notice carries {@code noticeId} and {@code unitCode} in the MDC
 * (docs/operations.md, "日志 Logs"), on whatever thread runs the step: a web request completing a task, or the job
 * executor. Both come from the business key of the instance at hand, which the processes set: {@code <noticeId>} for a
 * notice's own instance, {@code <noticeId>/<unitCode>} for a unit's. So nothing is read from the database for it.
 *
 * <p>A built-in listener, first on every activity's start and end and on every user task event, sets them; the end
 * matters where a unit's instance ends and its caller continues on the same thread. Each engine command puts back
 * what the MDC held before it, so the values never leak into the thread's next, unrelated work.
 */
@Component
class LogContext extends AbstractProcessEnginePlugin {

  static final String NOTICE_ID = "noticeId";
  static final String UNIT_CODE = "unitCode";

  private static final ExecutionListener FROM_EXECUTION = execution -> fromBusinessKey(businessKey(execution));
  private static final TaskListener FROM_TASK = task -> fromBusinessKey(businessKey(task));

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPreBPMNParseListeners() == null) {
      configuration.setCustomPreBPMNParseListeners(new ArrayList<>());
    }
    configuration.getCustomPreBPMNParseListeners().add(new EveryStep());
    // one interceptor per chain: each keeps its own next
    if (configuration.getCustomPreCommandInterceptorsTxRequired() == null) {
      configuration.setCustomPreCommandInterceptorsTxRequired(new ArrayList<>());
    }
    configuration.getCustomPreCommandInterceptorsTxRequired().add(0, new Restore());
    if (configuration.getCustomPreCommandInterceptorsTxRequiresNew() == null) {
      configuration.setCustomPreCommandInterceptorsTxRequiresNew(new ArrayList<>());
    }
    configuration.getCustomPreCommandInterceptorsTxRequiresNew().add(0, new Restore());
  }

  private static String businessKey(DelegateExecution execution) {
    return execution.getProcessBusinessKey();
  }

  private static String businessKey(DelegateTask task) {
    DelegateExecution execution = task.getExecution();
    return execution == null ? null : execution.getProcessBusinessKey();
  }

  /** {@code 12/sccd}: notice 12, unit sccd; {@code 12}: notice 12, no unit; anything else: neither. */
  static void fromBusinessKey(String key) {
    int slash = key == null ? -1 : key.indexOf('/');
    String notice = key == null ? null : slash < 0 ? key : key.substring(0, slash);
    if (notice != null && !notice.isEmpty() && notice.chars().allMatch(Character::isDigit)) {
      MDC.put(NOTICE_ID, notice);
      if (slash < 0) {
        MDC.remove(UNIT_CODE);
      } else {
        MDC.put(UNIT_CODE, key.substring(slash + 1));
      }
    } else {
      MDC.remove(NOTICE_ID);
      MDC.remove(UNIT_CODE);
    }
  }

  /** Adds the listeners to every activity of every process deployed, scopes and multi-instance bodies included. */
  private static final class EveryStep extends AbstractBpmnParseListener {

    @Override
    public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
      processDefinition.addBuiltInListener(ExecutionListener.EVENTNAME_START, FROM_EXECUTION, 0);
      addTo(processDefinition);
    }

    private static void addTo(ScopeImpl scope) {
      for (ActivityImpl activity : scope.getActivities()) {
        activity.addBuiltInListener(ExecutionListener.EVENTNAME_START, FROM_EXECUTION, 0);
        activity.addBuiltInListener(ExecutionListener.EVENTNAME_END, FROM_EXECUTION, 0);
        if (activity.getActivityBehavior() instanceof UserTaskActivityBehavior userTask) {
          for (String event : List.of(TaskListener.EVENTNAME_CREATE, TaskListener.EVENTNAME_ASSIGNMENT,
              TaskListener.EVENTNAME_UPDATE, TaskListener.EVENTNAME_COMPLETE, TaskListener.EVENTNAME_DELETE)) {
            userTask.getTaskDefinition().addBuiltInTaskListener(event, FROM_TASK);
          }
        }
        addTo(activity);
      }
    }
  }

  /** Puts the two values back as they were before the command, nested commands included. */
  private static final class Restore extends CommandInterceptor {

    @Override
    public <T> T execute(Command<T> command) {
      String notice = MDC.get(NOTICE_ID);
      String unit = MDC.get(UNIT_CODE);
      try {
        return next.execute(command);
      } finally {
        put(NOTICE_ID, notice);
        put(UNIT_CODE, unit);
      }
    }

    private static void put(String key, String value) {
      if (value == null) {
        MDC.remove(key);
      } else {
        MDC.put(key, value);
      }
    }
  }
}
