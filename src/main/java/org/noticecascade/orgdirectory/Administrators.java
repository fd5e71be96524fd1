package org.noticecascade.orgdirectory;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.noticecascade.support.ForbiddenException;
import org.springframework.stereotype.Component;

/** Who may change the directory: members of camunda-admin, or the application itself (no one logged in). */
@Component
class Administrators {

  private final IdentityService identity;

  Administrators(IdentityService identity) {
    this.identity = identity;
  }

  /** Refuses (403) anyone but a logged-in administrator, with the given reason. */
  void require(String refusal) {
    Authentication user = identity.getCurrentAuthentication();
    if (user == null || !isAdministrator(user)) {
      throw new ForbiddenException(refusal);
    }
  }

  /** A logged-in caller must be an administrator; the application at start-up is none and may. */
  void requireUnlessApplication(String refusal) {
    if (identity.getCurrentAuthentication() != null) {
      require(refusal);
    }
  }

  /** Whether a logged-in administrator calls. */
  boolean is() {
    Authentication user = identity.getCurrentAuthentication();
    return user != null && isAdministrator(user);
  }

  private boolean isAdministrator(Authentication user) {
    List<String> groups = user.getGroupIds();
    return groups != null ? groups.contains(OrgIds.ADMIN_GROUP)
        : identity.createUserQuery().userId(user.getUserId()).memberOfGroup(OrgIds.ADMIN_GROUP).count() > 0;
  }
}
