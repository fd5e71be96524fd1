package org.noticecascade.attachment;

import org.springframework.boot.test.context.SpringBootTest;

/** {@link AttachmentApiCheck} on H2. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.profiles.active=demo",
    "spring.datasource.url=jdbc:h2:mem:attachments;DB_CLOSE_DELAY=-1",
    "notice-cascade.attachments.max-size=3MB",
    "camunda.bpm.job-execution.enabled=false"})
@org.springframework.context.annotation.Import(AttachmentApiCheck.Events.class)
class AttachmentApiH2Test extends AttachmentApiCheck {
}
