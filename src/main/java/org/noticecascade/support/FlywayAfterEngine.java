package org.noticecascade.support;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.stereotype.Component;

/**
 * Runs our Flyway migrations after the process engine has started. Some migrations index Camunda's own ACT_* tables
 * (V7), and the engine creates those tables as it starts ({@code camunda.bpm.database.schema-update}); left alone,
 * Spring Boot may migrate first and a fresh database would fail on the missing tables. Nothing is lost by waiting:
 * the job executor, the only engine part that touches our tables unasked, starts when the application is ready.
 */
@Component
class FlywayAfterEngine implements BeanFactoryPostProcessor {

  /** Spring Boot's bean that migrates at start-up. */
  static final String FLYWAY_INITIALIZER = "flywayInitializer";
  /** The Camunda starter's bean that builds (and so starts) the process engine. */
  static final String PROCESS_ENGINE = "processEngineFactoryBean";

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beans) {
    StartupLock.dependOn(beans, FLYWAY_INITIALIZER, PROCESS_ENGINE);
  }
}
