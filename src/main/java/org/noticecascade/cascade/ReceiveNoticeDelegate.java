package org.noticecascade.cascade;

import static org.noticecascade.cascade.UnitCascadeProcess.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.spin.plugin.variable.SpinValues;
import org.noticecascade.orgdirectory.Unit;
import org.noticecascade.orgdirectory.UnitKind;
import org.noticecascade.orgdirectory.UnitRepository;
import org.noticecascade.progress.ProgressRepository;
import org.noticecascade.security.Grants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** 收文: the unit is recorded as reached, and its tasks learn who it is and whom it may relay to. */
@Component("receiveNoticeDelegate")
class ReceiveNoticeDelegate implements JavaDelegate {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(ReceiveNoticeDelegate.class);

  private final UnitRepository units;
  private final ProgressRepository progress;
  private final CascadeTargets targets;
  private final Grants grants;

  ReceiveNoticeDelegate(UnitRepository units, ProgressRepository progress, CascadeTargets targets,
      Grants grants) {
    this.units = units;
    this.progress = progress;
    this.targets = targets;
    this.grants = grants;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long noticeId = ((Number) execution.getVariable(NOTICE_ID)).longValue();
    String unitCode = (String) execution.getVariable(UNIT_CODE);
    String superiorCode = (String) execution.getVariable(SUPERIOR_CODE);
    Object level = execution.getVariable(CASCADE_LEVEL);
    Unit unit = units.find(unitCode).orElseThrow(() -> new IllegalStateException("单位 " + unitCode + " 不存在"));
    Unit superior = units.find(superiorCode).orElseThrow(() -> new IllegalStateException("单位 " + superiorCode + " 不存在"));
    // handed down by the relaying unit; an addressee of the notice has it from the notice's rule (one row read)
    boolean mustReport = execution.getVariable(MUST_REPORT) instanceof Boolean handed ? handed
        : targets.mustReport(noticeId, unit);
    boolean first = progress.received(new ProgressRepository.Arrival(noticeId, unitCode, superiorCode, unit.path(),
        level == null ? 1 : ((Number) level).intValue(),
        LocalDate.parse((String) execution.getVariable(REPORT_DUE_DATE)),
        (String) execution.getVariable(INSTRUCTIONS), execution.getProcessInstanceId(), mustReport));
    // read only by the gateway right after this step, in the same transaction: not stored
    execution.setVariable(ALREADY_REACHED, Variables.booleanValue(!first, true));
    if (!first) {
      LOG.debug("收文：已由其他途径收到，不再重复");
      return;
    }
    // the notice and the unit are in the MDC (monitoring.LogContext)
    LOG.debug("收文：第 {} 级，上级 {}", level == null ? 1 : level, superiorCode);
    // the unit's clerks work on its tasks, the superior's review its report and handle its 督办
    grants.mayRead(execution.getProcessInstanceId(), unit.path(), unitCode, superiorCode);
    List<Unit> subordinates = targets.relayable(unitCode,
        Boolean.TRUE.equals(execution.getVariable(CASCADE_TO_GRASSROOTS)));
    execution.setVariable(UNIT_NAME, unit.name());
    execution.setVariable(SUPERIOR_UNIT_NAME, superior.name());
    execution.setVariable(HAS_SUBORDINATES, !subordinates.isEmpty());
    execution.setVariable(RELAYED, false);
    execution.setVariable(MUST_REPORT, mustReport);
    execution.setVariable(REPORT_SUBMITTED, false);
    if (!subordinates.isEmpty()) {
      execution.setVariable(SUBORDINATE_KIND_OPTIONS, options(kindOptions(subordinates)));
      ArrayNode unitOptions = JSON.createArrayNode();
      subordinates.forEach(u -> unitOptions.addObject().put("label", u.name()).put("value", u.code()));
      execution.setVariable(SUBORDINATE_UNIT_OPTIONS, options(unitOptions));
    }
  }

  private static ArrayNode kindOptions(List<Unit> subordinates) {
    Set<UnitKind> kinds = new LinkedHashSet<>();
    subordinates.forEach(u -> kinds.add(u.kind()));
    ArrayNode options = JSON.createArrayNode();
    kinds.forEach(k -> options.addObject().put("label", k.label()).put("value", k.name()));
    return options;
  }

  /** Options for a checklist or taglist: a Json variable, which Tasklist's forms read through valuesKey. */
  private static org.camunda.spin.plugin.variable.value.JsonValue options(ArrayNode options) {
    return SpinValues.jsonValue(options.toString()).create();
  }
}
