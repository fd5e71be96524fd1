package org.noticecascade.progress;

import org.springframework.boot.test.context.SpringBootTest;

/** {@link SyntheticProgressCheck} on H2. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.profiles.active=test",
    "spring.datasource.url=jdbc:h2:mem:syntheticprogress;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false"})
class SyntheticProgressH2Test extends SyntheticProgressCheck {
}
