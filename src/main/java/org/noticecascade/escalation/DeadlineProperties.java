package org.noticecascade.escalation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code notice-cascade.deadlines.*}: when 催办 and 督办 fire, in working days, unless a notice sets its own numbers.
 * The defaults live here only, so the engine tests (which read no application.yaml) run with the same ones.
 *
 * @param reminderTime the time of day reminders fire on working days ({@code HH:mm})
 * @param acknowledgeReminderDays 签收 not done this many working days after receipt: remind the unit
 * @param dueSoonDays this many working days before the report due date: remind units that have not reported
 * @param chaseDays the daily 逾期催办 stops once a day is more than this many working days after the report due date;
 *     the unit is then shown as 逾期未办结 and its superior's 督办 task stays open
 */
@ConfigurationProperties("notice-cascade.deadlines")
record DeadlineProperties(@DefaultValue("09:00") String reminderTime, @DefaultValue("2") int acknowledgeReminderDays,
                          @DefaultValue("2") int dueSoonDays,
                          @DefaultValue("20") int chaseDays) {
}
