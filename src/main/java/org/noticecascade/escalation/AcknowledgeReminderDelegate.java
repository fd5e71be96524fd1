package org.noticecascade.escalation;

import org.springframework.stereotype.Component;

/** 签收未办：提醒本单位签收. */
@Component("acknowledgeReminderDelegate")
class AcknowledgeReminderDelegate extends Reminder {

  AcknowledgeReminderDelegate(EscalationService escalations) {
    super(escalations);
  }

  @Override
  void remind(Chase chase) {
    escalations.remindAcknowledge(chase);
  }
}
