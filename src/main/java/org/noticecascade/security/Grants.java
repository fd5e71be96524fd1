package org.noticecascade.security;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GLOBAL;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.noticecascade.orgdirectory.OrgIds;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Who may see what in the engine. Clerks see their unit's tasks through the engine's own grants to candidate
 * groups, and read the instances those tasks belong to; leaders see the process instances of their unit and
 * everything below it. Both are granted here as each instance starts (a few rows per instance: one per ancestor,
 * one per unit whose clerks work on it).
 */
@Component
public class Grants {

  private final AuthorizationService authorizations;

  Grants(@Lazy AuthorizationService authorizations) {
    this.authorizations = authorizations;
  }

  /**
   * Lets the leaders of the unit at {@code path} ("/acftu/sc/sccd/") and of all its ancestors read an instance, and
   * the clerks of {@code clerkUnits}, who work on its tasks: Tasklist's list columns (文号, 标题, 单位, 报告截止日期)
   * are the instance's variables, which the engine shows only to those who may read the instance.
   */
  public void mayRead(String processInstanceId, String path, String... clerkUnits) {
    List<String> groups = new ArrayList<>();
    for (String code : path.substring(1).split("/")) {
      groups.add(OrgIds.leaderGroup(code));
    }
    for (String code : clerkUnits) {
      groups.add(OrgIds.unitGroup(code));
    }
    // inside an engine step started by a clerk, who may not create authorizations: the system grants them
    CommandContext context = Context.getCommandContext();
    boolean checking = context != null && context.isAuthorizationCheckEnabled();
    if (checking) {
      context.disableAuthorizationCheck();
    }
    try {
      // a new instance has no grants yet (a retried step rolls back whole), so no look-up before each insert
      for (String group : groups) {
        Authorization a = authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
        a.setGroupId(group);
        a.setResource(Resources.PROCESS_INSTANCE);
        a.setResourceId(processInstanceId);
        a.addPermission(Permissions.READ);
        authorizations.saveAuthorization(a);
      }
    } finally {
      if (checking) {
        context.enableAuthorizationCheck();
      }
    }
  }

  /** Grants unless an equal grant exists: start-up can run any number of times. */
  void grant(String groupId, String userId, Resource resource, String resourceId, Permission... permissions) {
    var query = authorizations.createAuthorizationQuery().resourceType(resource).resourceId(resourceId);
    query = groupId != null ? query.groupIdIn(groupId) : query.userIdIn(userId);
    Authorization existing = query.singleResult();
    Authorization a = existing != null ? existing : authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
    if (existing == null) {
      if (groupId != null) {
        a.setGroupId(groupId);
      } else {
        a.setUserId(userId);
      }
      a.setResource(resource);
      a.setResourceId(resourceId);
    }
    save(a, existing == null, permissions);
  }

  private void save(Authorization a, boolean isNew, Permission... permissions) {
    boolean changed = isNew;
    for (Permission p : permissions) {
      if (!a.isPermissionGranted(p)) {
        a.addPermission(p);
        changed = true;
      }
    }
    if (changed) {
      authorizations.saveAuthorization(a);
    }
  }

  /** A global authorization: it applies to every user. */
  void grantEveryone(Resource resource, String resourceId, Permission... permissions) {
    Authorization existing = authorizations.createAuthorizationQuery().authorizationType(AUTH_TYPE_GLOBAL)
        .resourceType(resource).resourceId(resourceId).singleResult();
    Authorization a = existing != null ? existing : authorizations.createNewAuthorization(AUTH_TYPE_GLOBAL);
    if (existing == null) {
      a.setUserId(ANY);
      a.setResource(resource);
      a.setResourceId(resourceId);
    }
    save(a, existing == null, permissions);
  }
}
