package org.noticecascade.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * {@code jobExecutor} in readiness: UP while this node's job executor runs and keeps acquiring jobs (it tries at
 * least once a minute when there is nothing to do). DOWN when it should run and does not, or its acquisition has
 * been silent for {@code acquisition-max-silence}: timers and async steps would then wait on this node. A node
 * configured without a job executor ({@code camunda.bpm.job-execution.enabled: false}) is UP: it is not its work.
 * Replaces Camunda's indicator of the same name, which looks only at whether it was started.
 */
class JobExecutorHealth implements HealthIndicator {

  private final ProcessEngine engine;
  private final EngineMeters meters;
  private final boolean enabled;
  private final Duration maxSilence;
  private final Clock clock;
  private final Instant started;

  JobExecutorHealth(ProcessEngine engine, EngineMeters meters, boolean enabled, Duration maxSilence, Clock clock) {
    this.engine = engine;
    this.meters = meters;
    this.enabled = enabled;
    this.maxSilence = maxSilence;
    this.clock = clock;
    this.started = clock.instant();
  }

  @Override
  public Health health() {
    if (!enabled) {
      return Health.up().withDetail("enabled", false).build();
    }
    JobExecutor executor = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getJobExecutor();
    if (executor == null || !executor.isActive()) {
      return Health.down().withDetail("reason", "作业执行器未运行 the job executor is not running").build();
    }
    Instant last = meters.lastAcquisition();
    Duration silent = Duration.between(last == null ? started : last, clock.instant());
    Health.Builder health = silent.compareTo(maxSilence) > 0
        ? Health.down().withDetail("reason", "作业执行器已 " + silent.toSeconds() + " 秒未取作业 job acquisition is stuck")
        : Health.up();
    return health.withDetail("lastAcquisition", last == null ? "none yet" : last.toString())
        .withDetail("silentSeconds", silent.toSeconds()).build();
  }
}
