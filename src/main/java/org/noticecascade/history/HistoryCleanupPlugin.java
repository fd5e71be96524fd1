package org.noticecascade.history;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.noticecascade.support.TimeZoneProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The engine's history cleanup as {@code notice-cascade.history} says: every process definition keeps its history
 * for the retention, whatever its BPMN says (the BPMN must still carry a time-to-live, which the engine enforces),
 * removal times from the root instance's end, and a nightly cleanup window.
 */
@Component
class HistoryCleanupPlugin extends AbstractProcessEnginePlugin {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryCleanupPlugin.class);
  private static final DateTimeFormatter WINDOW = DateTimeFormatter.ofPattern("HH:mmxx");

  private final HistoryProperties properties;
  private final TimeZoneProperties zone;

  HistoryCleanupPlugin(HistoryProperties properties, TimeZoneProperties zone) {
    this.properties = properties;
    this.zone = zone;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl c) {
    c.setHistoryCleanupStrategy("removalTimeBased");
    c.setHistoryRemovalTimeStrategy(properties.removalTimeStrategy());
    // the engine reads a window without an offset in the JVM's zone; ours is in the users' zone
    c.setHistoryCleanupBatchWindowStartTime(window(properties.cleanupWindowStart()));
    c.setHistoryCleanupBatchWindowEndTime(window(properties.cleanupWindowEnd()));
    c.setHistoryCleanupBatchSize(properties.cleanupBatchSize());
    c.setHistoryCleanupDegreeOfParallelism(properties.cleanupParallelism());
    if (c.getCustomPostBPMNParseListeners() == null) {
      c.setCustomPostBPMNParseListeners(new ArrayList<>());
    }
    c.getCustomPostBPMNParseListeners().add(new RetentionListener(properties.retentionDays()));
  }

  /**
   * Definitions deployed before (or with another retention) are parsed again only when their BPMN changes, so their
   * stored time-to-live is brought to the setting here.
   */
  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    int days = properties.retentionDays();
    for (ProcessDefinition d : engine.getRepositoryService().createProcessDefinitionQuery().list()) {
      if (d.getHistoryTimeToLive() == null || d.getHistoryTimeToLive() != days) {
        engine.getRepositoryService().updateProcessDefinitionHistoryTimeToLive(d.getId(), days);
        LOG.info("流程定义 {} 的历史保留期由 {} 天改为 {} 天", d.getId(), d.getHistoryTimeToLive(), days);
      }
    }
  }

  /** A time of day in the configured zone, with that zone's offset now (China keeps one offset all year). */
  String window(java.time.LocalTime time) {
    return ZonedDateTime.now(zone.timeZone()).with(time).format(WINDOW);
  }

  /** Sets each parsed process's time-to-live; it runs after the engine read the BPMN's own. */
  static final class RetentionListener extends AbstractBpmnParseListener {

    private final int days;

    RetentionListener(int days) {
      this.days = days;
    }

    @Override
    public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
      processDefinition.setHistoryTimeToLive(days);
    }
  }
}
