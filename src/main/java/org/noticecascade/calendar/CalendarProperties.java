package org.noticecascade.calendar;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code notice-cascade.calendar.*}.
 *
 * @param files the operator's calendar files, read after the built-in one in this order; a YAML list, or
 *     comma-separated (environment variable {@code NOTICE_CASCADE_CALENDAR_FILES})
 */
@ConfigurationProperties("notice-cascade.calendar")
record CalendarProperties(@DefaultValue List<String> files) {
}
