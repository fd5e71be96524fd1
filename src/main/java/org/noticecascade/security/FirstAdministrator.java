package org.noticecascade.security;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.noticecascade.orgdirectory.OrgIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Production has no demo users: the first administrator comes from the environment ({@code NC_ADMIN_USER},
 * {@code NC_ADMIN_PASSWORD}) and the application refuses to start without one while no administrator exists.
 * Once one exists, the variables are not needed; changing passwords is done in Admin.
 */
@Component
@Profile("postgres")
@EnableConfigurationProperties(FirstAdministrator.AdminProperties.class)
class FirstAdministrator implements SmartInitializingSingleton {

  private static final Logger LOG = LoggerFactory.getLogger(FirstAdministrator.class);

  private final IdentityService identity;
  private final String userId;
  private final String password;

  /**
   * {@code notice-cascade.admin.*}, from NC_ADMIN_USER and NC_ADMIN_PASSWORD (application-postgres.yaml).
   *
   * @param user the first administrator's user id
   * @param password their password, needed only while no administrator exists
   */
  @ConfigurationProperties("notice-cascade.admin")
  record AdminProperties(@DefaultValue("admin") String user, String password) {
  }

  FirstAdministrator(IdentityService identity, AdminProperties properties) {
    this.identity = identity;
    this.userId = properties.user();
    this.password = properties.password();
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (identity.createUserQuery().memberOfGroup(OrgIds.ADMIN_GROUP).count() > 0) {
      return;
    }
    if (password == null || password.isBlank()) {
      throw new IllegalStateException("尚无管理员：首次启动须以环境变量 NC_ADMIN_PASSWORD 提供管理员密码"
          + "（NC_ADMIN_USER 可指定用户名，默认 admin）。No administrator yet: set NC_ADMIN_PASSWORD.");
    }
    if (identity.createGroupQuery().groupId(OrgIds.ADMIN_GROUP).count() == 0) {
      Group group = identity.newGroup(OrgIds.ADMIN_GROUP);
      group.setName("系统管理员");
      group.setType("SYSTEM");
      identity.saveGroup(group);
    }
    User user = identity.newUser(userId);
    user.setFirstName("系统");
    user.setLastName("管理员");
    // the password policy applies: a weak password stops the start with its reason
    user.setPassword(password);
    identity.saveUser(user);
    identity.createMembership(userId, OrgIds.ADMIN_GROUP);
    LOG.info("已创建首位管理员 {}", userId);
  }
}
