package org.noticecascade.security;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.noticecascade.orgdirectory.OrgIds;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * The {@code monitoring} group exists in every profile, granted nothing in the engine: its members see no task,
 * no instance and no webapp; they may read /actuator/prometheus and the health details
 * ({@link ActuatorAuthenticationFilter}). An administrator adds the scraper's user to it in Admin.
 */
@Component
class MonitoringGroup implements SmartInitializingSingleton {

  private final IdentityService identity;

  MonitoringGroup(IdentityService identity) {
    this.identity = identity;
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (identity.createGroupQuery().groupId(OrgIds.MONITORING_GROUP).count() == 0) {
      Group group = identity.newGroup(OrgIds.MONITORING_GROUP);
      group.setName("监控（只读指标）");
      group.setType("SYSTEM");
      identity.saveGroup(group);
    }
  }
}
