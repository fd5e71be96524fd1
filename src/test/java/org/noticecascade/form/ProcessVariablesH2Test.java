package org.noticecascade.form;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;

/** {@link ProcessVariablesEndToEnd} on H2 in the demo profile, as `mvn spring-boot:run` starts. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:processvariables;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false"})
class ProcessVariablesH2Test extends ProcessVariablesEndToEnd {

  @Override
  TestRestTemplate admin() {
    return anonymous.withBasicAuth("admin", "demo");
  }
}
