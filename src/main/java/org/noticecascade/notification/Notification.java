package org.noticecascade.notification;

/**
 * A message, in Chinese, to the members of one Camunda group (a unit's group, or its leaders' group), with a link
 * to where the work is.
 *
 * @param key a unique key for this message: a message with a key already sent or queued is not queued again, so a
 *     retried step cannot send it twice (e.g. {@code reminder:<noticeId>/<unit>:2026-11-23})
 * @param recipientGroup the group whose members receive it ({@code OrgIds.unitGroup} or {@code OrgIds.leaderGroup})
 * @param link a link into Tasklist, or null
 */
public record Notification(String key, String recipientGroup, String subject, String body, String link) {
}
