package org.noticecascade.web;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.springframework.boot.test.web.client.TestRestTemplate;

/** A user for API tests (profiles other than demo have none). */
public final class ApiUsers {

  static final String USER = "apitester";
  static final String PASSWORD = "Api-tester-1";

  private ApiUsers() {
  }

  public static TestRestTemplate login(TestRestTemplate anonymous, ProcessEngine engine) {
    return login(anonymous, engine, USER);
  }

  /** Another user with the same password, for a test whose logins must not touch {@link #USER}'s. */
  static TestRestTemplate login(TestRestTemplate anonymous, ProcessEngine engine, String userId) {
    IdentityService identity = engine.getIdentityService();
    if (identity.createUserQuery().userId(userId).count() == 0) {
      User user = identity.newUser(userId);
      user.setFirstName("接口");
      user.setLastName("测试");
      user.setPassword(PASSWORD);
      identity.saveUser(user);
    }
    return anonymous.withBasicAuth(userId, PASSWORD);
  }

  /** Another API user by id (a clerk of another unit, say). */
  public static TestRestTemplate loginAs(TestRestTemplate anonymous, ProcessEngine engine, String userId) {
    return login(anonymous, engine, userId);
  }

  static final String ADMIN = "apiadmin";

  /** An administrator (member of camunda-admin): unit imports create Camunda groups, which only they may. */
  public static TestRestTemplate admin(TestRestTemplate anonymous, ProcessEngine engine) {
    IdentityService identity = engine.getIdentityService();
    if (identity.createGroupQuery().groupId("camunda-admin").count() == 0) {
      var group = identity.newGroup("camunda-admin");
      group.setName("系统管理员");
      identity.saveGroup(group);
    }
    if (identity.createUserQuery().userId(ADMIN).count() == 0) {
      User user = identity.newUser(ADMIN);
      user.setPassword(PASSWORD);
      identity.saveUser(user);
      identity.createMembership(ADMIN, "camunda-admin");
    }
    return anonymous.withBasicAuth(ADMIN, PASSWORD);
  }

  /** Makes the API user a clerk of a unit: a notice may be issued only in the name of the user's own unit. */
  public static void clerkOf(ProcessEngine engine, String unit) {
    IdentityService identity = engine.getIdentityService();
    if (identity.createUserQuery().userId(USER).memberOfGroup(unit).count() == 0) {
      identity.createMembership(USER, unit);
    }
  }
}
