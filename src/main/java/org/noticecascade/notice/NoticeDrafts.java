package org.noticecascade.notice;

import java.time.LocalDate;
import java.util.List;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.noticecascade.calendar.WorkingDayCalendar;
import org.noticecascade.support.EngineClock;
import org.noticecascade.form.FormValues;

/** Reads a notice draft from process variables (the start form, or the API's start). */
final class NoticeDrafts {

  private NoticeDrafts() {
  }

  static NoticeDraft read(VariableScope scope, String issuerUnit, WorkingDayCalendar calendar) {
    FormValues v = new FormValues(scope);
    // optional here: NoticeService.validate says when the issuer must give one (DocNumbers.requiredOf)
    String docNumber = v.text(NoticeProcess.DOC_NUMBER, false);
    String title = v.text(NoticeProcess.TITLE, true);
    LocalDate issuedOn = v.date(NoticeProcess.ISSUED_ON, true);
    String summary = v.text(NoticeProcess.SUMMARY, true);
    List<String> kinds = v.list(NoticeProcess.ADDRESSEE_KINDS);
    List<String> units = v.list(NoticeProcess.ADDRESSEE_UNITS);
    List<String> cc = v.list(NoticeProcess.CC_UNITS);
    List<String> reportingKinds = v.list(NoticeProcess.REPORTING_KINDS);
    List<String> reportingUnits = v.list(NoticeProcess.REPORTING_UNITS);
    LocalDate due = v.dueDate(NoticeProcess.REPORT_DUE_DATE, NoticeProcess.REPORT_DUE_WORKING_DAYS,
        days -> calendar.plusWorkingDays(EngineClock.today(), days));
    Integer ackDays = v.nonNegativeInt(NoticeProcess.ACKNOWLEDGE_REMINDER_DAYS, false);
    Integer dueSoonDays = v.nonNegativeInt(NoticeProcess.DUE_SOON_DAYS, false);
    v.check();
    return new NoticeDraft(docNumber, title, issuerUnit, issuedOn, summary, kinds, units, due,
        v.flag(NoticeProcess.CASCADE_TO_GRASSROOTS), v.flag(NoticeProcess.SIGN_OFF_REQUIRED), ackDays, dueSoonDays,
        cc, reportingKinds, reportingUnits);
  }
}
