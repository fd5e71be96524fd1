package org.noticecascade.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationManager;
import org.noticecascade.support.EngineProperties;
import org.springframework.stereotype.Component;

/**
 * Keeps the engine's authorization checks cheap when there are very many groups. Before checking a user's
 * permissions, Camunda 7.24 narrows the user's groups to those that have any authorization at all, and learns them by
 * reading every distinct group of ACT_RU_AUTHORIZATION, once in every command a logged-in user runs. Here every unit
 * is a group and every unit instance grants the leaders of each ancestor: at national scale that table holds millions
 * of rows, and the scan made each clerk's step cost tens of milliseconds more as notices accumulated
 * (docs/benchmarks.md). This asks the same question of the user's own groups only, one indexed look-up each.
 * {@code notice-cascade.engine.authorized-groups-lookup: false} restores the engine's way.
 */
@Component
class AuthorizedGroupsPlugin extends AbstractProcessEnginePlugin {

  private final boolean enabled;

  AuthorizedGroupsPlugin(EngineProperties properties) {
    this.enabled = properties.authorizedGroupsLookup();
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (!enabled) {
      return;
    }
    List<SessionFactory> factories = new ArrayList<>();
    if (configuration.getCustomSessionFactories() != null) {
      factories.addAll(configuration.getCustomSessionFactories());
    }
    // replaces the engine's factory for this session type
    factories.add(new SessionFactory() {
      @Override
      public Class<?> getSessionType() {
        return AuthorizationManager.class;
      }

      @Override
      public Session openSession() {
        return new GroupLookupAuthorizationManager();
      }
    });
    configuration.setCustomSessionFactories(factories);
  }

  /** The engine's manager (one per command), but finding the user's authorized groups by index. */
  static class GroupLookupAuthorizationManager extends AuthorizationManager {

    /** Per command, as the engine's own answer is. */
    private final Map<String, Boolean> hasAuthorization = new HashMap<>();

    @Override
    public List<String> filterAuthenticatedGroupIds(List<String> authenticatedGroupIds) {
      List<String> authorized = new ArrayList<>();
      if (authenticatedGroupIds == null) {
        return authorized;
      }
      for (String group : new LinkedHashSet<>(authenticatedGroupIds)) {
        if (group != null && hasAuthorization.computeIfAbsent(group, GroupLookupAuthorizationManager::lookUp)) {
          authorized.add(group);
        }
      }
      return authorized;
    }

    /** Whether any authorization names the group; on the command's own connection and transaction. */
    private static boolean lookUp(String group) {
      String table = Context.getProcessEngineConfiguration().getDatabaseTablePrefix() + "ACT_RU_AUTHORIZATION";
      Connection connection = Context.getCommandContext().getDbSqlSession().getSqlSession().getConnection();
      try (PreparedStatement s = connection.prepareStatement(
          "select 1 from " + table + " where GROUP_ID_ = ? fetch first 1 rows only")) {
        s.setString(1, group);
        try (ResultSet rs = s.executeQuery()) {
          return rs.next();
        }
      } catch (SQLException e) {
        throw new ProcessEngineException("授权检查失败：无法查询用户组 " + group + " 的授权", e);
      }
    }
  }
}
