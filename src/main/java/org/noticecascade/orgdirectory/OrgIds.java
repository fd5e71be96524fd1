package org.noticecascade.orgdirectory;

import java.util.regex.Pattern;

/**
 * How Camunda ids derive from a unit code. Camunda accepts only [a-zA-Z0-9]+ for user and group ids, so unit
 * codes are lowercase letters and digits; a script can log in as any unit's clerk as {@code <code>clerk}.
 */
public final class OrgIds {

  public static final Pattern CODE = Pattern.compile("[a-z0-9]{2,20}");
  public static final String ADMIN_GROUP = "camunda-admin";
  /** May read /actuator/prometheus and health details, nothing else (docs/operations.md, "监控 Monitoring"). */
  public static final String MONITORING_GROUP = "monitoring";
  /** Process designers: may deploy processes and forms (docs/designers.md), nothing else. */
  public static final String DESIGNERS_GROUP = "designers";

  private OrgIds() {
  }

  /** The unit's group: its clerks are members, and its tasks name it as candidate group. */
  public static String unitGroup(String unitCode) {
    return unitCode;
  }

  /** The unit's leaders: they sign off notices and watch progress. */
  public static String leaderGroup(String unitCode) {
    return unitCode + "leaders";
  }

  /** The unit a unit's group or leaders' group belongs to: where a message to that group is sent. */
  public static String unitOfGroup(String groupId) {
    return groupId.endsWith("leaders") ? groupId.substring(0, groupId.length() - "leaders".length()) : groupId;
  }

  public static String clerkUser(String unitCode) {
    return unitCode + "clerk";
  }

  public static String leaderUser(String unitCode) {
    return unitCode + "leader";
  }
}
