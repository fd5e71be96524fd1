package org.noticecascade.orgdirectory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The demo profile's org tree and logins: one clerk per unit ({@code <code>clerk}), a leader for the provincial and
 * city federations ({@code <code>leader}), and {@code admin}; every password is "demo". Never in production.
 */
@Component
@Profile("demo")
class DemoData {

  static final String PASSWORD = "demo";
  private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

  private final UnitImportService importer;
  private final UnitRepository units;
  private final IdentityService identity;
  private final TransactionTemplate tx;

  DemoData(UnitImportService importer, UnitRepository units, IdentityService identity, TransactionTemplate tx) {
    this.importer = importer;
    this.units = units;
    this.identity = identity;
    this.tx = tx;
  }

  // before an operator's file import (UnitFileImport), which may add units under the demo tree
  @EventListener
  @Order(-10)
  void onEngineReady(ApplicationReadyEvent event) {
    tx.executeWithoutResult(status -> load());
    LOG.warn("""

        ************************************************************************
        *  演示模式（demo profile）：已创建演示用户，密码均为 "demo"。            *
        *  Demo profile: demo users exist, every password is "demo".          *
        *  admin / {clerk: <单位代码>clerk, e.g. scclerk} / {leader: scleader}  *
        *  Never use this profile in production.                              *
        ************************************************************************""");
  }

  void load() {
    if (units.count() == 0) {
      try (InputStream in = new ClassPathResource("demo/units.csv").getInputStream()) {
        importer.importCsv(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    group(OrgIds.ADMIN_GROUP, "系统管理员", "SYSTEM");
    if (user("admin", "系统", "管理员")) {
      identity.createMembership("admin", OrgIds.ADMIN_GROUP);
    }
    group(OrgIds.MONITORING_GROUP, "监控（只读指标）", "SYSTEM");
    if (user("monitor", "监控", "账号")) {
      identity.createMembership("monitor", OrgIds.MONITORING_GROUP);
    }
    // security.AuthorizationSetup makes the same group in every profile, and grants it the right to deploy
    group(OrgIds.DESIGNERS_GROUP, "流程设计人员", "SYSTEM");
    if (user("designer", "流程", "设计人员")) {
      identity.createMembership("designer", OrgIds.DESIGNERS_GROUP);
    }
    for (Unit unit : allUnits()) {
      if (user(OrgIds.clerkUser(unit.code()), unit.name(), "经办人")) {
        identity.createMembership(OrgIds.clerkUser(unit.code()), unit.groupId());
      }
      if (unit.kind() == UnitKind.LOCAL_FEDERATION && unit.depth() <= 2) {
        if (user(OrgIds.leaderUser(unit.code()), unit.name(), "负责人")) {
          identity.createMembership(OrgIds.leaderUser(unit.code()), OrgIds.leaderGroup(unit.code()));
        }
      }
    }
  }

  private List<Unit> allUnits() {
    List<Unit> all = new java.util.ArrayList<>();
    java.util.ArrayDeque<Unit> queue = new java.util.ArrayDeque<>(units.roots());
    while (!queue.isEmpty()) {
      Unit u = queue.poll();
      all.add(u);
      queue.addAll(units.children(u.code()));
    }
    return all;
  }

  /** Creates the user unless it exists; true when created (memberships follow). */
  private boolean user(String id, String firstName, String lastName) {
    if (identity.createUserQuery().userId(id).count() > 0) {
      return false;
    }
    User user = identity.newUser(id);
    user.setFirstName(firstName);
    user.setLastName(lastName);
    user.setPassword(PASSWORD);
    user.setEmail(id + "@demo.noticecascade.invalid");
    identity.saveUser(user);
    return true;
  }

  private void group(String id, String name, String type) {
    if (identity.createGroupQuery().groupId(id).count() == 0) {
      Group g = identity.newGroup(id);
      g.setName(name);
      g.setType(type);
      identity.saveGroup(g);
    }
  }
}
