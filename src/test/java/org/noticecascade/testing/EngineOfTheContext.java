package org.noticecascade.testing;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Before each test, the engine of the test's own application is the one named "default" in Camunda's static registry
 * ({@link ProcessEngines}), which the REST API and the webapps look engines up in. Spring caches applications between
 * test classes, and every application's engine is named "default": one started later takes the name, and when it is
 * closed (a PostgreSQL test's {@code @DirtiesContext}) it takes the name away, leaving a cached application whose
 * /engine-rest and Tasklist answer "Process engine default not available". In production one engine runs per JVM.
 */
public class EngineOfTheContext extends AbstractTestExecutionListener {

  @Override
  public void beforeTestMethod(TestContext testContext) {
    if (!testContext.hasApplicationContext()) {
      return;
    }
    for (ProcessEngine engine : testContext.getApplicationContext().getBeansOfType(ProcessEngine.class).values()) {
      if (ProcessEngines.getProcessEngines().get(engine.getName()) != engine) {
        ProcessEngines.registerProcessEngine(engine);
      }
    }
  }
}
