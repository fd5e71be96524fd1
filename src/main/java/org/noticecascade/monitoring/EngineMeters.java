package org.noticecascade.monitoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.metrics.MetricsRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The job executor's figures as counters, counted where the engine counts them itself: its metrics registry, which
 * the job executor and the job commands mark on every acquisition and job. The engine's own copy is written to
 * ACT_RU_METER_LOG only every 15 minutes and cleared in memory then, too coarse and too late for a dashboard;
 * this adds to Prometheus counters at the same moment, in memory, per node.
 */
@Component
class EngineMeters extends AbstractProcessEnginePlugin {

  /** Camunda's metric name → the {@code event} label of {@code notice_cascade_engine_jobs_total}. */
  private static final Map<String, String> JOB_EVENTS = Map.of(
      org.camunda.bpm.engine.management.Metrics.JOB_ACQUIRED_SUCCESS, "acquired",
      org.camunda.bpm.engine.management.Metrics.JOB_ACQUIRED_FAILURE, "acquisition_failed",
      org.camunda.bpm.engine.management.Metrics.JOB_SUCCESSFUL, "executed",
      org.camunda.bpm.engine.management.Metrics.JOB_FAILED, "failed",
      org.camunda.bpm.engine.management.Metrics.JOB_EXECUTION_REJECTED, "rejected");

  private final Map<String, Counter> jobs;
  private final Counter acquisitions;
  private final Clock clock = Clock.systemUTC();
  private final AtomicReference<Instant> lastAcquisition = new AtomicReference<>();

  EngineMeters(ObjectProvider<MeterRegistry> registry) {
    // the fast engine tests have no registry: there the counters count nowhere
    MeterRegistry meters = registry.getIfAvailable(() -> Metrics.globalRegistry);
    this.jobs = JOB_EVENTS.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey,
        e -> Counter.builder("notice_cascade.engine.jobs").tag("event", e.getValue())
            .description("作业执行器：取得、执行成功、失败、被拒（线程池满）的作业数，本节点 Jobs of this node's job executor")
            .register(meters)));
    this.acquisitions = Counter.builder("notice_cascade.engine.job.acquisitions")
        .description("作业执行器的取作业次数，本节点 Job acquisition attempts of this node").register(meters);
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setMetricsRegistry(new Counting());
  }

  /** When this node's job executor last tried to acquire jobs; null before its first try. */
  Instant lastAcquisition() {
    return lastAcquisition.get();
  }

  private final class Counting extends MetricsRegistry {

    @Override
    public void markOccurrence(String name, long times) {
      super.markOccurrence(name, times);
      if (org.camunda.bpm.engine.management.Metrics.JOB_ACQUISITION_ATTEMPT.equals(name)) {
        acquisitions.increment(times);
        lastAcquisition.set(clock.instant());
        return;
      }
      Counter counter = jobs.get(name);
      if (counter != null) {
        counter.increment(times);
      }
    }
  }
}
