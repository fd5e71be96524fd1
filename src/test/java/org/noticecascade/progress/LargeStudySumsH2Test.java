package org.noticecascade.progress;

import org.springframework.boot.test.context.SpringBootTest;

/** {@link LargeStudySumsCheck} on H2, in the context ProgressApiTest uses (its own notice and units). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.profiles.active=test",
    "spring.datasource.url=jdbc:h2:mem:progressapitest;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false"})
class LargeStudySumsH2Test extends LargeStudySumsCheck {
}
