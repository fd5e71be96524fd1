package org.noticecascade.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationManager;
import org.junit.jupiter.api.Test;
import org.noticecascade.testing.EngineTestContext;

/**
 * The engine checks a user's permissions only for those of the user's groups that hold any authorization. The
 * plugin finds them by looking up the user's own groups instead of reading every group in ACT_RU_AUTHORIZATION; the
 * answer must be the engine's own.
 */
class AuthorizedGroupsPluginTest {

  private final ProcessEngine engine = EngineTestContext.engine();

  @Test
  void theUsersAuthorizedGroupsAreTheEnginesOwnAnswer() {
    AuthorizationService authorizations = engine.getAuthorizationService();
    Authorization grant = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    grant.setGroupId("agpgranted");
    grant.setResource(Resources.APPLICATION);
    grant.setResourceId("tasklist");
    grant.addPermission(Permissions.ACCESS);
    authorizations.saveAuthorization(grant);
    List<String> groups = List.of("agpgranted", "agpnogrant", "agpgranted");

    ProcessEngineConfigurationImpl config = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    List<String> plugin = config.getCommandExecutorTxRequired().execute(context -> {
      AuthorizationManager manager = context.getAuthorizationManager();
      assertThat(manager).isInstanceOf(AuthorizedGroupsPlugin.GroupLookupAuthorizationManager.class);
      return manager.filterAuthenticatedGroupIds(groups);
    });
    List<String> engines = config.getCommandExecutorTxRequired().execute(context ->
        new AuthorizationManager().filterAuthenticatedGroupIds(groups));

    assertThat(plugin).containsExactly("agpgranted");
    assertThat(new HashSet<>(plugin)).isEqualTo(new HashSet<>(engines));
    List<String> none = config.getCommandExecutorTxRequired().execute(context ->
        context.getAuthorizationManager().filterAuthenticatedGroupIds(List.of()));
    assertThat(none).isEmpty();
  }
}
