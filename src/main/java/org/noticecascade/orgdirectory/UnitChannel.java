package org.noticecascade.orgdirectory;

/**
 * How to reach a unit itself (table {@code unit_channel}): its office e-mail and phone, and its group robot.
 *
 * @param robotFormat {@code wecom}, {@code dingtalk}, {@code generic}, or null to tell from the URL's host
 * @param robotSecret the robot's signing secret as given in the CSV, or null
 * @param robotSecretRef the name of a property or environment variable holding the secret, or null
 */
public record UnitChannel(String unitCode, String email, String phone, String robotUrl, String robotFormat,
                          String robotSecret, String robotSecretRef) {
}
