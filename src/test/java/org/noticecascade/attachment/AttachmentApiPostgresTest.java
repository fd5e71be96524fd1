package org.noticecascade.attachment;

import org.noticecascade.testing.EmbeddedPostgresConfig;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/** {@link AttachmentApiCheck} on a real PostgreSQL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.profiles.active=demo",
    "notice-cascade.attachments.max-size=3MB",
    "camunda.bpm.job-execution.enabled=false"})
@Import({EmbeddedPostgresConfig.class, AttachmentApiCheck.Events.class})
@DirtiesContext
class AttachmentApiPostgresTest extends AttachmentApiCheck {
}
