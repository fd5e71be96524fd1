package org.noticecascade.migration;

import org.springframework.boot.test.context.SpringBootTest;

/** {@link MigrationCheck} on H2. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.profiles.active=demo",
    "spring.datasource.url=jdbc:h2:mem:migration;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false"})
class MigrationH2Test extends MigrationCheck {
}
