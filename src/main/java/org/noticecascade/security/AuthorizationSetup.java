package org.noticecascade.security;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;

import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import java.util.List;
import org.noticecascade.orgdirectory.OrgIds;
import org.noticecascade.orgdirectory.UnitGroups;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The standing grants, made at every start (idempotently): every logged-in user may use Tasklist, read the
 * process definitions, users and groups (units are not secret inside the federation) and the shared task filters,
 * and issue a notice (the notice itself checks that the issuer is the user's own unit); leaders may open Cockpit;
 * designers (group {@link OrgIds#DESIGNERS_GROUP}, made here) may deploy processes and forms and read deployments;
 * administrators may do everything.
 */
@Component
class AuthorizationSetup {

  private final Grants grants;
  private final FilterService filters;
  private final IdentityService identity;
  private final List<StartableByEveryone> startable;

  AuthorizationSetup(Grants grants, FilterService filters, IdentityService identity,
      List<StartableByEveryone> startable) {
    this.startable = startable;
    this.grants = grants;
    this.filters = filters;
    this.identity = identity;
  }

  // after the demo data and the Tasklist filters exist
  @EventListener(ApplicationReadyEvent.class)
  @Order(10)
  void grantOnStart() {
    grants.grantEveryone(Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    grants.grantEveryone(Resources.APPLICATION, "welcome", Permissions.ACCESS);
    grants.grantEveryone(Resources.PROCESS_DEFINITION, ANY, Permissions.READ);
    startable.forEach(p -> grants.grantEveryone(Resources.PROCESS_DEFINITION, p.processDefinitionKey(),
        Permissions.CREATE_INSTANCE));
    grants.grantEveryone(Resources.PROCESS_INSTANCE, ANY, Permissions.CREATE);
    grants.grantEveryone(Resources.USER, ANY, Permissions.READ);
    grants.grantEveryone(Resources.GROUP, ANY, Permissions.READ);
    for (Filter filter : filters.createFilterQuery().list()) {
      if (filter.getOwner() == null) {
        grants.grantEveryone(Resources.FILTER, filter.getId(), Permissions.READ);
      }
    }
    for (Resources resource : Resources.values()) {
      grants.grant(OrgIds.ADMIN_GROUP, null, resource, ANY, Permissions.ALL);
    }
    designers();
    identity.createGroupQuery().groupType(UnitGroups.LEADERS_TYPE).list().forEach(g ->
        grantLeaders(g.getId()));
  }

  /** A leaders' group made while running (a units import) may open Cockpit at once, in the import's transaction. */
  @EventListener
  void onLeadersGroup(UnitGroups.LeadersGroupCreated created) {
    grantLeaders(created.groupId());
  }

  /** Deploy from Modeler or scripts/deploy.sh; EngineRestGate opens them /deployment/create and nothing more. */
  private void designers() {
    if (identity.createGroupQuery().groupId(OrgIds.DESIGNERS_GROUP).count() == 0) {
      Group group = identity.newGroup(OrgIds.DESIGNERS_GROUP);
      group.setName("流程设计人员");
      group.setType("SYSTEM");
      identity.saveGroup(group);
    }
    grants.grant(OrgIds.DESIGNERS_GROUP, null, Resources.DEPLOYMENT, ANY, Permissions.CREATE, Permissions.READ);
  }

  private void grantLeaders(String groupId) {
    grants.grant(groupId, null, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
  }
}
