package org.noticecascade.monitoring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code notice-cascade.monitoring.*} (docs/operations.md, "监控 Monitoring").
 *
 * @param refresh how often the figures read from the database are counted again; a scrape reads the last count
 * @param dispatcherMaxLag readiness is DOWN while a notification has been due for longer than this without a
 *     dispatcher taking it
 * @param acquisitionMaxSilence readiness is DOWN while this node's job executor, which should be running, has not
 *     tried to acquire jobs for this long (it tries at least once a minute when idle)
 */
@ConfigurationProperties("notice-cascade.monitoring")
record MonitoringProperties(@DefaultValue("30s") Duration refresh, @DefaultValue("10m") Duration dispatcherMaxLag,
                            @DefaultValue("5m") Duration acquisitionMaxSilence) {
}
