package org.noticecascade.escalation;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/** The escalation path on the embedded default database, with the job executor on. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.profiles.active=test",
    // the engine clock jumps days ahead: poll for due timers often instead of backing off for up to a minute
    "camunda.bpm.job-execution.max-wait=500", "camunda.bpm.job-execution.wait-time-in-millis=200",
    "spring.datasource.url=jdbc:h2:mem:escalation;DB_CLOSE_DELAY=-1"})
// the engine's clock is moved: no other test should share this context's job executor
@DirtiesContext
class EscalationH2Test extends EscalationEndToEnd {
}
