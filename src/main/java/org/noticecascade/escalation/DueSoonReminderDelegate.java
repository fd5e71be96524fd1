package org.noticecascade.escalation;

import org.springframework.stereotype.Component;

/** 报告截止日期临近：提醒本单位报告. */
@Component("dueSoonReminderDelegate")
class DueSoonReminderDelegate extends Reminder {

  DueSoonReminderDelegate(EscalationService escalations) {
    super(escalations);
  }

  @Override
  void remind(Chase chase) {
    escalations.remindDueSoon(chase);
  }
}
