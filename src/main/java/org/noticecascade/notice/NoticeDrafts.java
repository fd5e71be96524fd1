package org.noticecascade.notice;

import java.time.LocalDate;
import java.util.List;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.noticecascade.support.Variables;

/** Reads a notice draft from process variables (the start form, or the API's start). */
final class NoticeDrafts {

  static final int MAX_DOC_NUMBER = 100;
  static final int MAX_TITLE = 300;
  static final int MAX_SUMMARY = 20000;

  private NoticeDrafts() {
  }

  static NoticeDraft read(VariableScope scope, String issuerUnit) {
    Variables v = new Variables(scope);
    String docNumber = v.text(NoticeProcess.DOC_NUMBER, true, MAX_DOC_NUMBER);
    String title = v.text(NoticeProcess.TITLE, true, MAX_TITLE);
    LocalDate issuedOn = v.date(NoticeProcess.ISSUED_ON, true);
    String summary = v.text(NoticeProcess.SUMMARY, true, MAX_SUMMARY);
    List<String> kinds = v.list(NoticeProcess.ADDRESSEE_KINDS);
    List<String> units = v.list(NoticeProcess.ADDRESSEE_UNITS);
    LocalDate due = v.date(NoticeProcess.REPORT_DUE_DATE, true);
    v.check();
    return new NoticeDraft(docNumber, title, issuerUnit, issuedOn, summary, kinds, units, due,
        v.flag(NoticeProcess.CASCADE_TO_GRASSROOTS), v.flag(NoticeProcess.SIGN_OFF_REQUIRED));
  }
}
