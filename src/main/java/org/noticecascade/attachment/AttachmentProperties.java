package org.noticecascade.attachment;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code notice-cascade.attachments.*}.
 *
 * @param maxSize the largest file accepted (413 beyond); spring.servlet.multipart's limits must allow it
 */
@ConfigurationProperties("notice-cascade.attachments")
record AttachmentProperties(@DefaultValue("50MB") DataSize maxSize) {
}
