package org.noticecascade.orgdirectory;

import jakarta.servlet.http.HttpServletRequest;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.noticecascade.support.BasicCredentials;
import org.noticecascade.support.ForbiddenException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The logged-in user's own account: who they are, and choosing their own password (/password page). */
@RestController
@RequestMapping("/api/me")
class MeController {

  record PasswordChange(String oldPassword, String newPassword) {
  }

  private final Accounts accounts;
  private final IdentityService identity;

  MeController(Accounts accounts, IdentityService identity) {
    this.accounts = accounts;
    this.identity = identity;
  }

  @GetMapping
  Accounts.Me me() {
    return accounts.me(userId());
  }

  /** Posted with HTTP Basic (our API takes changes only so), whose password the old one must be. */
  @PostMapping("/password")
  Accounts.Me changePassword(@RequestBody PasswordChange change, HttpServletRequest request) {
    String userId = userId();
    accounts.changePassword(userId, basicPassword(request, userId), change.oldPassword(), change.newPassword());
    return accounts.me(userId);
  }

  /** The password of the request's Basic credentials for this user (the filter has checked it), or null. */
  private static String basicPassword(HttpServletRequest request, String userId) {
    BasicCredentials basic = BasicCredentials.of(request);
    return basic != null && basic.user().equals(userId) ? basic.password() : null;
  }

  private String userId() {
    Authentication auth = identity.getCurrentAuthentication();
    if (auth == null || auth.getUserId() == null) {
      throw new ForbiddenException("请先登录");
    }
    return auth.getUserId();
  }
}
