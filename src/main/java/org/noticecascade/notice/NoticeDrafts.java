package org.noticecascade.notice;

import java.time.LocalDate;
import java.util.List;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.noticecascade.calendar.WorkingDayCalendar;
import org.noticecascade.support.EngineClock;
import org.noticecascade.support.Variables;

/** Reads a notice draft from process variables (the start form, or the API's start). */
final class NoticeDrafts {

  static final int MAX_DOC_NUMBER = 100;
  static final int MAX_TITLE = 300;
  static final int MAX_SUMMARY = 20000;

  private NoticeDrafts() {
  }

  static NoticeDraft read(VariableScope scope, String issuerUnit, WorkingDayCalendar calendar) {
    Variables v = new Variables(scope);
    String docNumber = v.text(NoticeProcess.DOC_NUMBER, true, MAX_DOC_NUMBER);
    String title = v.text(NoticeProcess.TITLE, true, MAX_TITLE);
    LocalDate issuedOn = v.date(NoticeProcess.ISSUED_ON, true);
    String summary = v.text(NoticeProcess.SUMMARY, true, MAX_SUMMARY);
    List<String> kinds = v.list(NoticeProcess.ADDRESSEE_KINDS);
    List<String> units = v.list(NoticeProcess.ADDRESSEE_UNITS);
    LocalDate due = v.dueDate(NoticeProcess.REPORT_DUE_DATE, NoticeProcess.REPORT_DUE_WORKING_DAYS,
        days -> calendar.plusWorkingDays(EngineClock.today(), days));
    Integer ackDays = v.intBetween(NoticeProcess.ACKNOWLEDGE_REMINDER_DAYS, false, 1, NoticeProcess.MAX_REMINDER_DAYS);
    Integer dueSoonDays = v.intBetween(NoticeProcess.DUE_SOON_DAYS, false, 1, NoticeProcess.MAX_REMINDER_DAYS);
    Integer escalateDays = v.intBetween(NoticeProcess.ESCALATE_AFTER_DAYS, false, 1, NoticeProcess.MAX_REMINDER_DAYS);
    v.check();
    return new NoticeDraft(docNumber, title, issuerUnit, issuedOn, summary, kinds, units, due,
        v.flag(NoticeProcess.CASCADE_TO_GRASSROOTS), v.flag(NoticeProcess.SIGN_OFF_REQUIRED), ackDays, dueSoonDays,
        escalateDays);
  }
}
