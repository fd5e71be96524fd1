package org.noticecascade.cascade;

import static org.noticecascade.cascade.UnitCascadeProcess.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.DbHistoryEventHandler;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.noticecascade.notice.NoticeProcess;
import org.noticecascade.support.EngineProperties;
import org.springframework.stereotype.Component;

/**
 * Writes no variable history for the variables the system copies into every unit's instance: the notice's
 * particulars, who the unit and its superior are, the relay form's choices, and the engine's own multi-instance
 * counters. They are the largest share of the cascade's database writes (each one is written to ACT_RU_VARIABLE,
 * ACT_HI_VARINST and ACT_HI_DETAIL, about twenty per unit; docs/benchmarks.md), while their values are kept in
 * our tables ({@code notice}, {@code cascade_unit}, {@code unit}) and cannot be changed by a clerk
 * ({@code form.FormContractPlugin} refuses them in any submission). Everything a person enters (every form field, the due date and
 * instructions a superior set), the operation log, task, activity and job history stay at the {@code full} level.
 * {@code notice-cascade.engine.history-of-copied-variables: true} writes their history too.
 */
@Component
class CopiedVariablesHistory extends AbstractProcessEnginePlugin {

  /** Per process definition key: the variables whose values are copies, never a person's input. */
  static final Map<String, Set<String>> COPIED = Map.of(
      UnitCascadeProcess.KEY, Set.of(
          // handed down by the caller from the notice and the cascade; kept: the notice id and unit code, so that
          // history can still be searched by them, and the due date and instructions the superior set
          DOC_NUMBER, TITLE, SUMMARY, ISSUER_UNIT_NAME, ISSUED_ON, ADDRESSEE_WORDING, CASCADE_TO_GRASSROOTS,
          SUPERIOR_CODE, CASCADE_LEVEL, FORWARD_TITLE, FORWARD_DOC_NUMBER,
          FORWARD_UNIT_NAME,
          // looked up on receipt from the org directory
          ALREADY_REACHED, UNIT_NAME, UNIT_GROUP, SUPERIOR_UNIT_NAME, SUPERIOR_GROUP, HAS_SUBORDINATES,
          SUBORDINATE_KIND_OPTIONS, SUBORDINATE_UNIT_OPTIONS,
          // flags the listeners set from a completed task, whose own history records it
          RELAYED, REPORT_SUBMITTED,
          // the relay's multi-instance: the element variable and the engine's counters
          SUBORDINATE_UNIT, "loopCounter", "nrOfInstances", "nrOfActiveInstances", "nrOfCompletedInstances"),
      NoticeProcess.KEY, Set.of(
          NoticeProcess.ADDRESSEE_UNIT, "loopCounter", "nrOfInstances", "nrOfActiveInstances",
          "nrOfCompletedInstances"));

  private final boolean historyOfCopies;

  CopiedVariablesHistory(EngineProperties properties) {
    this.historyOfCopies = properties.historyOfCopiedVariables();
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (historyOfCopies || configuration.getHistoryEventHandler() != null) {
      return;
    }
    // the engine's own database handler, behind the filter; other custom handlers still get every event
    List<HistoryEventHandler> handlers = new ArrayList<>();
    if (configuration.getCustomHistoryEventHandlers() != null) {
      handlers.addAll(configuration.getCustomHistoryEventHandlers());
    }
    handlers.add(0, new LeavingOutCopies(new DbHistoryEventHandler()));
    configuration.setCustomHistoryEventHandlers(handlers);
    configuration.setEnableDefaultDbHistoryEventHandler(false);
  }

  static boolean isCopy(HistoryEvent event) {
    if (!(event instanceof HistoricVariableUpdateEventEntity variable)) {
      return false;
    }
    Set<String> copied = COPIED.get(variable.getProcessDefinitionKey());
    return copied != null && variable.getTaskId() == null && copied.contains(variable.getVariableName());
  }

  /** The engine's database handler for every event but a copied variable's. */
  static final class LeavingOutCopies implements HistoryEventHandler {

    private final HistoryEventHandler database;

    LeavingOutCopies(HistoryEventHandler database) {
      this.database = database;
    }

    @Override
    public void handleEvent(HistoryEvent event) {
      if (!isCopy(event)) {
        database.handleEvent(event);
      }
    }

    @Override
    public void handleEvents(List<HistoryEvent> events) {
      for (HistoryEvent event : events) {
        handleEvent(event);
      }
    }
  }
}
