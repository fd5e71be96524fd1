package org.noticecascade.testing;

import java.util.List;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;

/**
 * The process test coverage extension on our Spring-built engine; its builder would build a second engine from
 * camunda.cfg.xml, so it is made directly. Reports go to target/process-test-coverage/.
 */
public final class Coverage {

  private Coverage() {
  }

  public static ProcessEngineCoverageExtension extension() {
    ProcessEngineCoverageExtension extension =
        new ProcessEngineCoverageExtension(false, true, List.of(), "target/process-test-coverage");
    extension.useProcessEngine(EngineTestContext.engine());
    return extension;
  }
}
