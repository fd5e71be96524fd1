package org.noticecascade.notification;

/** A message to the members of one unit's group, in Chinese, with a link to where the work is. */
public record Notification(String unitCode, String subject, String body, String link) {
}
