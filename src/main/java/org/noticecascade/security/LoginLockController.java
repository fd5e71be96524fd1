package org.noticecascade.security;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.noticecascade.orgdirectory.OrgIds;
import org.noticecascade.support.EngineClock;
import org.noticecascade.support.ForbiddenException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Administrators see which logins are locked and may free a user before the lock runs out. */
@RestController
@RequestMapping("/api/admin/login-locks")
class LoginLockController {

  record LockView(String userId, String address, OffsetDateTime lockedUntil) {
  }

  private final LoginThrottle throttle;
  private final IdentityService identity;

  LoginLockController(LoginThrottle throttle, IdentityService identity) {
    this.throttle = throttle;
    this.identity = identity;
  }

  @GetMapping
  List<LockView> list() {
    requireAdmin();
    return throttle.locks().stream().map(l -> new LockView(l.userId(), l.address(),
        l.until().atZone(EngineClock.zone()).toOffsetDateTime())).toList();
  }

  /** Frees the user on every address of this node, and from Camunda's own delay after wrong passwords. */
  @DeleteMapping("/{userId}")
  Map<String, Object> unlock(@PathVariable String userId) {
    requireAdmin();
    int cleared = throttle.unlock(userId);
    identity.unlockUser(userId);
    return Map.of("userId", userId, "locksCleared", cleared);
  }

  private void requireAdmin() {
    Authentication auth = identity.getCurrentAuthentication();
    if (auth == null || auth.getGroupIds() == null || !auth.getGroupIds().contains(OrgIds.ADMIN_GROUP)) {
      throw new ForbiddenException("仅系统管理员可查看和解除登录锁定");
    }
  }
}
