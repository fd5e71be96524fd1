package org.noticecascade.web;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.springframework.boot.test.web.client.TestRestTemplate;

/** A user for API tests (profiles other than demo have none). */
final class ApiUsers {

  static final String USER = "apitester";
  static final String PASSWORD = "Api-tester-1";

  private ApiUsers() {
  }

  static TestRestTemplate login(TestRestTemplate anonymous, ProcessEngine engine) {
    IdentityService identity = engine.getIdentityService();
    if (identity.createUserQuery().userId(USER).count() == 0) {
      User user = identity.newUser(USER);
      user.setFirstName("接口");
      user.setLastName("测试");
      user.setPassword(PASSWORD);
      identity.saveUser(user);
    }
    return anonymous.withBasicAuth(USER, PASSWORD);
  }
}
