package org.noticecascade.monitoring;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.camunda.bpm.engine.ProcessEngine;
import org.noticecascade.notification.OutboxFigures;
import org.noticecascade.progress.ProgressFigures;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;

/**
 * Metrics and health (docs/operations.md, "监控 Monitoring"). Who may read them is the security package's
 * concern (security.ActuatorAuthenticationFilter). (The fast engine tests leave configuration classes out.)
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(MonitoringProperties.class)
class MonitoringConfiguration {

  @Bean
  CascadeFigures cascadeFigures(ProgressFigures progress, OutboxFigures outbox, JdbcTemplate jdbc,
      MeterRegistry meters) {
    return new CascadeFigures(progress, outbox, jdbc, meters);
  }

  /** Counted at start and then every refresh, on each node (they are gauges: any node's count is as good). */
  @Bean
  SchedulingConfigurer cascadeFiguresSchedule(CascadeFigures figures, MonitoringProperties properties) {
    return registrar -> registrar.addFixedDelayTask(
        new FixedDelayTask(figures::refresh, properties.refresh(), Duration.ZERO));
  }

  /** Named as Camunda's own indicator, which then steps aside (readiness's {@code jobExecutor}). */
  @Bean
  JobExecutorHealth jobExecutorHealthIndicator(ProcessEngine engine, EngineMeters meters,
      @Value("${camunda.bpm.job-execution.enabled:true}") boolean enabled, MonitoringProperties properties) {
    return new JobExecutorHealth(engine, meters, enabled, properties.acquisitionMaxSilence(), Clock.systemUTC());
  }

  @Bean
  OutboxHealth outboxHealthIndicator(OutboxFigures outbox, MonitoringProperties properties) {
    return new OutboxHealth(outbox, properties.dispatcherMaxLag());
  }
}
