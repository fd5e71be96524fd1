package org.noticecascade.web;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.TaskQuery;
import org.noticecascade.cascade.UnitCascadeProcess;
import org.noticecascade.support.WebProperties;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Tasklist shows no task until a filter exists. Every clerk needs their unit's work and their own; created once,
 * by name, so an administrator's later edits stay.
 */
@Component
class TasklistFilters {

  static final String UNIT_TASKS = "本单位待办";
  static final String MY_TASKS = "我的待办";

  private static final List<Map<String, String>> COLUMNS = List.of(
      Map.of("name", UnitCascadeProcess.DOC_NUMBER, "label", "文号"),
      Map.of("name", UnitCascadeProcess.TITLE, "label", "标题"),
      Map.of("name", UnitCascadeProcess.UNIT_NAME, "label", "单位"),
      Map.of("name", UnitCascadeProcess.REPORT_DUE_DATE, "label", "报告截止日期"));

  private final FilterService filters;
  private final TaskService tasks;
  private final boolean create;

  TasklistFilters(FilterService filters, TaskService tasks, WebProperties properties) {
    this.filters = filters;
    this.tasks = tasks;
    this.create = properties.tasklistFilters().create();
  }

  // before AuthorizationSetup grants everyone READ on the filters
  @EventListener
  @Order(0)
  void onEngineReady(ApplicationReadyEvent event) {
    if (!create) {
      return;
    }
    ensure(UNIT_TASKS, -10, "本单位各项通知的待办任务（含已认领）",
        tasks.createTaskQuery().taskCandidateGroupInExpression("${currentUserGroups()}").includeAssignedTasks());
    ensure(MY_TASKS, -5, "已由我认领的任务", tasks.createTaskQuery().taskAssigneeExpression("${currentUser()}"));
  }

  private void ensure(String name, int priority, String description, TaskQuery query) {
    if (filters.createFilterQuery().filterName(name).count() > 0) {
      return;
    }
    Filter filter = filters.newTaskFilter(name);
    filter.setOwner(null);
    filter.setQuery(query);
    filter.setProperties(Map.of("priority", priority, "description", description, "refresh", true,
        "variables", COLUMNS));
    filters.saveFilter(filter);
  }
}
