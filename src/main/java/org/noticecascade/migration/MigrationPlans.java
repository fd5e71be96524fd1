package org.noticecascade.migration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.management.ActivityStatistics;
import org.camunda.bpm.engine.migration.MigratingProcessInstanceValidationException;
import org.camunda.bpm.engine.migration.MigratingProcessInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigrationInstruction;
import org.camunda.bpm.engine.migration.MigrationPlanBuilder;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.migration.MigrationPlanValidationException;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstanceQuery;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The migration plan of one process between two versions, as Camunda builds and checks it: activities with equal
 * ids mapped, plus the explicit mappings; what Camunda refuses in the plan; the activities the chosen instances are
 * at now and whether each is mapped; and a trial migration of one instance at each of those activities, rolled
 * back, for what only the instances show (the engine's instance validation report).
 */
@Component
class MigrationPlans {

  /** Activities tried at most per process: one instance each. */
  static final int TRIED_ACTIVITIES = 50;
  private static final String MI_BODY = "#multiInstanceBody";

  private final RuntimeService runtime;
  private final RepositoryService repository;
  private final ManagementService management;
  private final TransactionTemplate tx;

  MigrationPlans(RuntimeService runtime, RepositoryService repository, ManagementService management,
      TransactionTemplate tx) {
    this.runtime = runtime;
    this.repository = repository;
    this.management = management;
    this.tx = tx;
  }

  /** Which instances of a process are chosen: all on the source definition, or those of some notices. */
  interface Selection {
    ProcessInstanceQuery query(ProcessDefinition source);
  }

  record Activity(String id, String name) {
  }

  record Instruction(String source, String sourceName, String target, String targetName, boolean updateEventTrigger) {
  }

  record ActiveActivity(String activityId, String name, long instances, boolean mapped) {
  }

  record PlanFailure(String source, String target, List<String> failures) {
  }

  record InstanceFailure(String processInstanceId, String businessKey, List<String> failures) {
  }

  record Definition(String id, int version, String deploymentId) {
    static Definition of(ProcessDefinition d) {
      return new Definition(d.getId(), d.getVersion(), d.getDeploymentId());
    }
  }

  /** One process's plan; {@code plan} is null when Camunda refused it. */
  record ProcessPlan(String processKey, String processName, Definition source, Definition target, long instances,
                     List<Instruction> instructions, List<Activity> newInTarget, List<ActiveActivity> activeActivities,
                     List<PlanFailure> planFailures, List<InstanceFailure> instanceFailures, List<String> problems,
                     @com.fasterxml.jackson.annotation.JsonIgnore MigrationPlan plan) {

    boolean executable() {
      return problems.isEmpty();
    }
  }

  /**
   * @param mappings source → target activity ids that exist in these two definitions (checked by the caller)
   */
  ProcessPlan plan(ProcessDefinition source, ProcessDefinition target, Map<String, String> mappings,
      Selection selection) {
    BpmnModelInstance sourceModel = repository.getBpmnModelInstance(source.getId());
    BpmnModelInstance targetModel = repository.getBpmnModelInstance(target.getId());
    MigrationPlanBuilder builder = runtime.createMigrationPlan(source.getId(), target.getId())
        .mapEqualActivities();
    for (Map.Entry<String, String> m : withMultiInstanceBodies(mappings, sourceModel, targetModel).entrySet()) {
      // timers keep their due dates: no updateEventTrigger
      builder = builder.mapActivities(m.getKey(), m.getValue());
    }
    MigrationPlan plan;
    List<PlanFailure> planFailures = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    MigrationPlan attempted;
    try {
      plan = builder.build();
      attempted = plan;
    } catch (MigrationPlanValidationException e) {
      plan = null;
      attempted = e.getValidationReport().getMigrationPlan();
      e.getValidationReport().getInstructionReports().forEach(r -> {
        planFailures.add(new PlanFailure(r.getMigrationInstruction().getSourceActivityId(),
            r.getMigrationInstruction().getTargetActivityId(), r.getFailures()));
        problems.add("映射 " + r.getMigrationInstruction().getSourceActivityId() + " → "
            + r.getMigrationInstruction().getTargetActivityId() + " 不可行：" + String.join("；", r.getFailures()));
      });
      e.getValidationReport().getVariableReports().forEach((name, r) -> {
        planFailures.add(new PlanFailure(name, name, r.getFailures()));
        problems.add("变量 " + name + "：" + String.join("；", r.getFailures()));
      });
    }

    Set<String> mappedSources = new LinkedHashSet<>();
    Set<String> mappedTargets = new LinkedHashSet<>();
    List<Instruction> instructions = new ArrayList<>();
    for (MigrationInstruction i : attempted.getInstructions()) {
      mappedSources.add(i.getSourceActivityId());
      mappedTargets.add(i.getTargetActivityId());
      instructions.add(new Instruction(i.getSourceActivityId(), name(sourceModel, i.getSourceActivityId()),
          i.getTargetActivityId(), name(targetModel, i.getTargetActivityId()), i.isUpdateEventTrigger()));
    }
    List<Activity> newInTarget = targetModel.getModelElementsByType(FlowNode.class).stream()
        .filter(n -> !mappedTargets.contains(n.getId()) && sourceModel.getModelElementById(n.getId()) == null)
        .map(n -> new Activity(n.getId(), n.getName())).toList();

    long instances = selection.query(source).count();
    List<ActiveActivity> active = new ArrayList<>();
    for (String activityId : candidates(source, sourceModel)) {
      long here = selection.query(source).activityIdIn(activityId).count();
      if (here == 0) {
        continue;
      }
      boolean mapped = mappedSources.contains(activityId);
      active.add(new ActiveActivity(activityId, name(sourceModel, activityId), here, mapped));
      if (!mapped) {
        problems.add(here + " 个实例停在“" + name(sourceModel, activityId) + "”（" + activityId
            + "），目标版本中没有与之对应的活动：请在 mappings 中指定");
      }
    }

    List<InstanceFailure> instanceFailures = plan == null ? List.of() : tryOnePerActivity(plan, active, selection,
        source);
    instanceFailures.forEach(f -> problems.add("实例 " + f.processInstanceId() + "（" + f.businessKey() + "）无法迁移："
        + String.join("；", f.failures())));
    return new ProcessPlan(source.getKey(), source.getName(), Definition.of(source), Definition.of(target), instances,
        instructions, newInTarget, active, planFailures, instanceFailures, problems, plan);
  }

  /**
   * Where instances may be: the activities with active executions (the engine's statistics) and every other flow
   * node, since a join waiting for its other branches is an inactive execution the statistics leave out.
   */
  private Set<String> candidates(ProcessDefinition source, BpmnModelInstance model) {
    Set<String> ids = new LinkedHashSet<>();
    for (ActivityStatistics s : management.createActivityStatisticsQuery(source.getId()).list()) {
      ids.add(s.getId());
    }
    for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
      ids.add(node.getId());
      if (isMultiInstance(model, node.getId())) {
        ids.add(node.getId() + MI_BODY);
      }
    }
    return ids;
  }

  /** A mapped multi-instance activity needs its body mapped too: added where both versions have one. */
  private static Map<String, String> withMultiInstanceBodies(Map<String, String> mappings, BpmnModelInstance source,
      BpmnModelInstance target) {
    Map<String, String> all = new LinkedHashMap<>(mappings);
    mappings.forEach((from, to) -> {
      if (isMultiInstance(source, from) && isMultiInstance(target, to)) {
        all.putIfAbsent(from + MI_BODY, to + MI_BODY);
      }
    });
    return all;
  }

  private static boolean isMultiInstance(BpmnModelInstance model, String id) {
    return model.getModelElementById(id) instanceof org.camunda.bpm.model.bpmn.instance.Activity a
        && a.getLoopCharacteristics() != null;
  }

  /**
   * Migrates one chosen instance at each active activity inside a transaction that is always rolled back: the
   * engine's instance checks (what the plan alone cannot tell) without changing anything.
   */
  private List<InstanceFailure> tryOnePerActivity(MigrationPlan plan, List<ActiveActivity> active,
      Selection selection, ProcessDefinition source) {
    Map<String, ProcessInstance> samples = new LinkedHashMap<>();
    for (ActiveActivity a : active.subList(0, Math.min(active.size(), TRIED_ACTIVITIES))) {
      selection.query(source).activityIdIn(a.activityId()).listPage(0, 1)
          .forEach(pi -> samples.putIfAbsent(pi.getId(), pi));
    }
    List<InstanceFailure> failures = new ArrayList<>();
    tx.executeWithoutResult(status -> {
      status.setRollbackOnly();
      for (ProcessInstance pi : samples.values()) {
        try {
          runtime.newMigration(plan).processInstanceIds(pi.getId()).execute();
        } catch (MigratingProcessInstanceValidationException e) {
          failures.add(new InstanceFailure(pi.getId(), pi.getBusinessKey(), describe(e.getValidationReport())));
        } catch (ProcessEngineException e) {
          failures.add(new InstanceFailure(pi.getId(), pi.getBusinessKey(), List.of(e.getMessage())));
        }
      }
    });
    return failures;
  }

  private static List<String> describe(MigratingProcessInstanceValidationReport report) {
    List<String> lines = new ArrayList<>(report.getFailures());
    report.getActivityInstanceReports().forEach(a -> lines.add(a.getSourceScopeId() + "："
        + String.join("；", a.getFailures())));
    report.getTransitionInstanceReports().forEach(t -> lines.add(t.getSourceScopeId() + "："
        + String.join("；", t.getFailures())));
    return lines;
  }

  /** The activity's name in the diagram (a multi-instance body is named after its activity). */
  static String name(BpmnModelInstance model, String activityId) {
    boolean body = activityId.endsWith(MI_BODY);
    String id = body ? activityId.substring(0, activityId.length() - MI_BODY.length()) : activityId;
    String name = model.getModelElementById(id) instanceof FlowElement e && e.getName() != null
        && !e.getName().isBlank() ? e.getName() : id;
    return body ? name + "（多实例）" : name;
  }
}
