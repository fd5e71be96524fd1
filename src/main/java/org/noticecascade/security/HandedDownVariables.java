package org.noticecascade.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.noticecascade.cascade.UnitCascadeProcess;
import org.noticecascade.notice.NoticeProcess;
import org.noticecascade.orgdirectory.OrgIds;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Camunda lets the completion of a task carry any variable, not only the form's fields, and a clerk completes
 * tasks through Tasklist's REST API. The variables that say which notice and unit an instance works for, and which
 * groups get its tasks, are set by the engine from our tables; a user task that ends with one of them changed is
 * refused (403) and rolls back whole. Without this a clerk could record another unit's progress or send the
 * review of their own report to themselves.
 */
@Component
class HandedDownVariables implements ProcessEnginePlugin {

  private final NamedParameterJdbcTemplate jdbc;

  // from the DataSource, not the shared template bean: that one waits for Flyway, which waits for the engine
  // this plugin configures (support.FlywayAfterEngine)
  HandedDownVariables(DataSource dataSource) {
    this.jdbc = new NamedParameterJdbcTemplate(dataSource);
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPostBPMNParseListeners() == null) {
      configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
    }
    configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
      @Override
      public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
        String process = activity.getProcessDefinition() instanceof ProcessDefinition d ? d.getKey() : null;
        ExecutionListener check = UnitCascadeProcess.KEY.equals(process) ? HandedDownVariables.this::checkUnitCascade
            : NoticeProcess.KEY.equals(process) ? HandedDownVariables.this::checkNoticeIssue : null;
        if (check != null) {
          // first, before the task's own end listeners, which record progress with these variables
          activity.addBuiltInListener(ExecutionListener.EVENTNAME_END, check, 0);
        }
      }
    });
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    // nothing after the configuration is built
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    // nothing once the engine runs
  }

  /** A unit's instance: its business key is "noticeId/unitCode"; the rest comes from where the notice reached it. */
  void checkUnitCascade(DelegateExecution execution) {
    if (execution.isCanceled()) {
      return;
    }
    String[] key = businessKey(execution).split("/", 2);
    long noticeId = Long.parseLong(key[0]);
    String unit = key[1];
    Map<String, Object> reached = jdbc.queryForMap("select c.superior_code, c.level, n.cascade_to_grassroots"
        + " from cascade_unit c join notice n on n.id = c.notice_id where c.notice_id = :notice and c.unit_code = :unit",
        Map.of("notice", noticeId, "unit", unit));
    String superior = (String) reached.get("superior_code");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put(UnitCascadeProcess.NOTICE_ID, noticeId);
    expected.put(UnitCascadeProcess.UNIT_CODE, unit);
    expected.put(UnitCascadeProcess.SUPERIOR_CODE, superior);
    // instances of earlier versions take their tasks' groups from these; today's derive them from the codes
    if (execution.hasVariable(UnitCascadeProcess.UNIT_GROUP)) {
      expected.put(UnitCascadeProcess.UNIT_GROUP, OrgIds.unitGroup(unit));
    }
    if (execution.hasVariable(UnitCascadeProcess.SUPERIOR_GROUP)) {
      expected.put(UnitCascadeProcess.SUPERIOR_GROUP, OrgIds.unitGroup(superior));
    }
    expected.put("cascadeLevel", reached.get("level"));
    expected.put(UnitCascadeProcess.CASCADE_TO_GRASSROOTS, reached.get("cascade_to_grassroots"));
    refuseChanges(execution, expected);
  }

  /** The notice's own instance: its business key is the notice id; issuer and scope come from the notice. */
  void checkNoticeIssue(DelegateExecution execution) {
    if (execution.isCanceled()) {
      return;
    }
    long noticeId = Long.parseLong(businessKey(execution));
    Map<String, Object> notice = jdbc.queryForMap("select issuer_unit, cascade_to_grassroots from notice where id = :notice",
        Map.of("notice", noticeId));
    String issuer = (String) notice.get("issuer_unit");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put(NoticeProcess.NOTICE_ID, noticeId);
    expected.put(NoticeProcess.ISSUER_UNIT, issuer);
    expected.put(NoticeProcess.ISSUER_GROUP, OrgIds.unitGroup(issuer));
    expected.put(NoticeProcess.SIGN_OFF_GROUP, OrgIds.leaderGroup(issuer));
    expected.put(NoticeProcess.CASCADE_TO_GRASSROOTS, notice.get("cascade_to_grassroots"));
    refuseChanges(execution, expected);
  }

  private static String businessKey(DelegateExecution execution) {
    String key = execution.getProcessBusinessKey();
    if (key == null) {
      // every instance with a user task gets its key before the task; without one nothing can be checked
      throw new IllegalStateException("流程实例 " + execution.getProcessInstanceId() + " 没有业务键");
    }
    return key;
  }

  private static void refuseChanges(DelegateExecution execution, Map<String, Object> expected) {
    List<String> changed = expected.entrySet().stream()
        .filter(e -> !same(execution.getVariable(e.getKey()), e.getValue())).map(Map.Entry::getKey).toList();
    if (!changed.isEmpty()) {
      throw new AuthorizationException("不得修改由系统设定的流程变量：" + String.join("、", changed));
    }
  }

  private static boolean same(Object actual, Object expected) {
    if (actual instanceof Number a && expected instanceof Number e) {
      return a.longValue() == e.longValue() && a.doubleValue() == e.doubleValue();
    }
    return Objects.equals(actual, expected);
  }
}
