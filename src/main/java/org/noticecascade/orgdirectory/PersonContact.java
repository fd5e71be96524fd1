package org.noticecascade.orgdirectory;

/**
 * What the directory knows of a person beyond their Camunda user (table {@code person}).
 *
 * @param active false once deactivated: such a person has no memberships and receives nothing
 */
public record PersonContact(String userId, String unitCode, boolean clerk, boolean leader, String mobile,
                            String wecomUserId, String dingtalkUserId, boolean active) {
}
