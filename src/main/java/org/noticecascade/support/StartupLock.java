package org.noticecascade.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Several nodes started at once on one empty PostgreSQL database raced: each engine created the ACT_* tables
 * (the second failed on "relation already exists"), each node saved the first administrator, the Tasklist filters
 * and the standing grants after checking that none existed (filters came out doubled, a grant's unique index
 * failed the start). So a node does its start-up work holding a PostgreSQL advisory lock: from before the engine
 * is built (schema update, deployment) through Flyway and the start-up listeners (demo data, units file, filters,
 * grants) to the last {@link ApplicationReadyEvent} listener; the next node then finds everything made and only
 * checks it. The lock belongs to one connection's session, so a node that dies while holding it frees it at
 * once. Other databases (the H2 file) serve one node and take no lock.
 */
@Component(StartupLock.BEAN)
class StartupLock implements DisposableBean {

  static final String BEAN = "startupLock";
  /** Any constant shared by every node: the advisory lock's key ("NCstart" in ASCII). */
  static final long KEY = 0x4e43737461727400L;

  private static final Logger LOG = LoggerFactory.getLogger(StartupLock.class);

  private Connection held;

  StartupLock(DataSource dataSource) throws SQLException {
    Connection c = dataSource.getConnection();
    try {
      if (!"PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
        c.close();
        return;
      }
      c.setAutoCommit(true);
      long t0 = System.nanoTime();
      try (PreparedStatement s = c.prepareStatement("select pg_advisory_lock(?)")) {
        s.setLong(1, KEY);
        s.execute();
      }
      held = c;
      LOG.info("已取得启动锁（{} ms）：建表、迁移与初始授权由本节点完成后，其他节点再启动",
          (System.nanoTime() - t0) / 1_000_000);
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** After every other start-up listener: the filters and grants are made. */
  @EventListener(ApplicationReadyEvent.class)
  @Order(Ordered.LOWEST_PRECEDENCE)
  void release() {
    if (held == null) {
      return;
    }
    try (Connection c = held) {
      held = null;
      // a pooled connection outlives close(): the session's lock must be given back explicitly
      try (PreparedStatement s = c.prepareStatement("select pg_advisory_unlock(?)")) {
        s.setLong(1, KEY);
        s.execute();
      }
      LOG.info("已释放启动锁");
    } catch (SQLException e) {
      // the connection is gone and its session with it, and so the lock
      LOG.warn("释放启动锁时连接已断开（锁随会话一并释放）：{}", e.getMessage());
    }
  }

  /** A start that fails gives the lock back as the context closes. */
  @Override
  public void destroy() {
    release();
  }

  /** Makes the engine (and so Flyway, which waits for it: {@link FlywayAfterEngine}) wait for the lock. */
  @Component
  static class EngineWaitsForLock implements BeanFactoryPostProcessor {

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beans) {
      dependOn(beans, FlywayAfterEngine.PROCESS_ENGINE, BEAN);
    }
  }

  /** Adds {@code dependency} to the beans {@code bean} waits for, when both are defined. */
  static void dependOn(ConfigurableListableBeanFactory beans, String bean, String dependency) {
    if (!beans.containsBeanDefinition(bean) || !beans.containsBeanDefinition(dependency)) {
      return;
    }
    BeanDefinition definition = beans.getBeanDefinition(bean);
    List<String> dependsOn = new ArrayList<>();
    if (definition.getDependsOn() != null) {
      dependsOn.addAll(Arrays.asList(definition.getDependsOn()));
    }
    if (!dependsOn.contains(dependency)) {
      dependsOn.add(dependency);
      definition.setDependsOn(dependsOn.toArray(String[]::new));
    }
  }
}
