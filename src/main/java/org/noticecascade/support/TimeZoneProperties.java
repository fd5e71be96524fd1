package org.noticecascade.support;

import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code notice-cascade.time-zone}: the zone of the working-day calendar, of reminders and 汇总, and of every date
 * shown. Users are in China whatever zone the server runs in, so a server in UTC still reminds at 09:00 北京时间.
 *
 * @param timeZone an IANA zone id, default {@value EngineClock#DEFAULT_ZONE}
 */
@ConfigurationProperties("notice-cascade")
public record TimeZoneProperties(@DefaultValue(EngineClock.DEFAULT_ZONE) ZoneId timeZone) {
}
