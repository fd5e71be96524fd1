package org.noticecascade.support;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.identity.Authentication;

/** Who is completing the current step (set by Tasklist, the REST API or our API), or null for the engine. */
public final class CurrentUser {

  private CurrentUser() {
  }

  public static String id(DelegateExecution execution) {
    Authentication auth = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    return auth == null ? null : auth.getUserId();
  }
}
