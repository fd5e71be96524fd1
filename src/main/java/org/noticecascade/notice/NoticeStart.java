package org.noticecascade.notice;

import org.noticecascade.security.StartableByEveryone;
import org.springframework.stereotype.Component;

/** Any clerk may open the start form of a notice; RegisterNoticeDelegate refuses an issuer not their own. */
@Component
class NoticeStart implements StartableByEveryone {

  @Override
  public String processDefinitionKey() {
    return NoticeProcess.KEY;
  }
}
