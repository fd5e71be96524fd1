package org.noticecascade.escalation;

import org.springframework.stereotype.Component;

/** 已逾期：每个工作日提醒本单位报告. */
@Component("overdueReminderDelegate")
class OverdueReminderDelegate extends Reminder {

  OverdueReminderDelegate(EscalationService escalations) {
    super(escalations);
  }

  @Override
  void remind(Chase chase) {
    escalations.remindOverdue(chase);
  }
}
