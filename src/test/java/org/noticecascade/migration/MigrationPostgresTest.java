package org.noticecascade.migration;

import org.noticecascade.testing.EmbeddedPostgresConfig;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/** {@link MigrationCheck} on a real PostgreSQL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.profiles.active=demo",
    "camunda.bpm.job-execution.enabled=false"})
@Import(EmbeddedPostgresConfig.class)
@DirtiesContext
class MigrationPostgresTest extends MigrationCheck {
}
