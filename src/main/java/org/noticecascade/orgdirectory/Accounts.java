package org.noticecascade.orgdirectory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.PasswordPolicy;
import org.camunda.bpm.engine.identity.PasswordPolicyResult;
import org.camunda.bpm.engine.identity.PasswordPolicyRule;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.noticecascade.form.FieldProblem;
import org.noticecascade.form.InputException;
import org.noticecascade.support.NotFoundException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A person's login state, as the security filters ask it on every request, and what changes it: choosing one's own
 * password after a one-time one, and deactivation by an administrator.
 *
 * <p>The state is cached per node for {@link #FRESH_FOR}: a change made on this node is seen at once (the entry is
 * dropped when its transaction commits), one made on another node within that time. Either way a deactivated
 * person's password no longer works at once, on every node; only a session they already had may run on until then.
 */
@Component
public class Accounts {

  /** What the security filters let a logged-in user do. */
  public enum State {
    /** Not in the people file (an administrator, a demo user), or a person with their own password. */
    ACTIVE,
    /** Logged in with a one-time password: nothing but choosing their own. */
    MUST_CHANGE_PASSWORD,
    /** Deactivated: nothing at all. */
    INACTIVE
  }

  static final Duration FRESH_FOR = Duration.ofSeconds(10);
  static final int MIN_LENGTH = 10;

  private final PersonRepository persons;
  private final IdentityService identity;
  private final TransactionTemplate tx;
  private final Cache<String, State> states = Caffeine.newBuilder().expireAfterWrite(FRESH_FOR)
      .maximumSize(200_000).build();

  Accounts(PersonRepository persons, IdentityService identity, TransactionTemplate tx) {
    this.persons = persons;
    this.identity = identity;
    this.tx = tx;
  }

  public State state(String userId) {
    return states.get(userId, id -> persons.find(id).map(p -> !p.active() ? State.INACTIVE
        : p.mustChangePassword() ? State.MUST_CHANGE_PASSWORD : State.ACTIVE).orElse(State.ACTIVE));
  }

  /** The logged-in user, with whether they must still choose their own password. */
  record Me(String userId, String name, boolean mustChangePassword) {
  }

  Me me(String userId) {
    User user = identity.createUserQuery().userId(userId).singleResult();
    String name = user == null ? userId : String.join(" ", nonEmpty(user.getFirstName(), user.getLastName()));
    return new Me(userId, name.isBlank() ? userId : name, state(userId) == State.MUST_CHANGE_PASSWORD);
  }

  private static List<String> nonEmpty(String... parts) {
    List<String> found = new ArrayList<>();
    for (String p : parts) {
      if (p != null && !p.isBlank()) {
        found.add(p);
      }
    }
    return found;
  }

  /**
   * The logged-in user replaces their password: the old one must be right, the new one at least
   * {@value #MIN_LENGTH} characters, neither the user id nor the old one, and within Camunda's password policy where
   * that is on. Clears the one-time password's flag.
   *
   * @param loggedInWith the password the request's login (HTTP Basic) was checked with, or null without one
   */
  void changePassword(String userId, String loggedInWith, String oldPassword, String newPassword) {
    List<FieldProblem> problems = new ArrayList<>();
    String chosen = newPassword == null ? "" : newPassword;
    // the login has just checked a password: compared with that, a wrong old password does not count as a failed
    // login a second time (the engine would then refuse even the right one for a few seconds)
    boolean rightOld = oldPassword != null && !oldPassword.isEmpty() && (loggedInWith != null
        ? java.security.MessageDigest.isEqual(oldPassword.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            loggedInWith.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        : identity.checkPassword(userId, oldPassword));
    if (!rightOld) {
      problems.add(new FieldProblem("oldPassword", "原密码", "原密码不正确"));
    }
    if (chosen.length() < MIN_LENGTH) {
      problems.add(new FieldProblem("newPassword", "新密码", "新密码至少 " + MIN_LENGTH + " 个字符"));
    }
    if (chosen.toLowerCase(Locale.ROOT).equals(userId.toLowerCase(Locale.ROOT))) {
      problems.add(new FieldProblem("newPassword", "新密码", "新密码不能与用户名相同"));
    }
    if (chosen.equals(oldPassword)) {
      problems.add(new FieldProblem("newPassword", "新密码", "新密码不能与原密码相同"));
    }
    User user = identity.createUserQuery().userId(userId).singleResult();
    if (user == null) {
      throw new NotFoundException("用户 " + userId + " 不存在");
    }
    PasswordPolicy policy = identity.getPasswordPolicy();
    if (policy != null && problems.isEmpty()) {
      PasswordPolicyResult result = identity.checkPasswordAgainstPolicy(policy, chosen, user);
      for (PasswordPolicyRule rule : result.getViolatedRules()) {
        problems.add(new FieldProblem("newPassword", "新密码", policyRule(rule)));
      }
    }
    if (!problems.isEmpty()) {
      throw new InputException(problems);
    }
    tx.executeWithoutResult(status -> {
      user.setPassword(chosen);
      asApplication(() -> identity.saveUser(user));
      persons.passwordChosen(userId);
      forgetOnCommit(List.of(userId));
    });
  }

  /**
   * Runs an identity change the endpoint has already decided may happen (the caller proved their old password, or
   * is an administrator): a person may not hold Camunda's own grant on their user entry.
   */
  void asApplication(Runnable change) {
    Authentication caller = identity.getCurrentAuthentication();
    identity.clearAuthentication();
    try {
      change.run();
    } finally {
      if (caller != null) {
        identity.setAuthentication(caller);
      }
    }
  }

  /** Drops the cached states once the change is committed (at once outside a transaction). */
  void forgetOnCommit(Collection<String> userIds) {
    List<String> ids = List.copyOf(userIds);
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCompletion(int status) {
          states.invalidateAll(ids);
        }
      });
    } else {
      states.invalidateAll(ids);
    }
  }

  private static String policyRule(PasswordPolicyRule rule) {
    String n = rule.getParameters() == null ? null : rule.getParameters().values().stream().findFirst().orElse(null);
    return switch (rule.getPlaceholder()) {
      case "PASSWORD_POLICY_LENGTH" -> "新密码至少 " + n + " 个字符";
      case "PASSWORD_POLICY_LOWERCASE" -> "新密码至少含 " + n + " 个小写字母";
      case "PASSWORD_POLICY_UPPERCASE" -> "新密码至少含 " + n + " 个大写字母";
      case "PASSWORD_POLICY_DIGIT" -> "新密码至少含 " + n + " 个数字";
      case "PASSWORD_POLICY_SPECIAL" -> "新密码至少含 " + n + " 个符号（如 !@#%+=）";
      case "PASSWORD_POLICY_USER_DATA" -> "新密码不能包含用户名、姓名或电子邮箱";
      default -> "新密码不符合密码规则（" + rule.getPlaceholder() + "）";
    };
  }
}
