package org.noticecascade.notice;

import static org.noticecascade.notice.NoticeProcess.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.noticecascade.audit.AuditStep;
import org.noticecascade.audit.AuditTrail;
import org.noticecascade.calendar.WorkingDayCalendar;
import org.noticecascade.orgdirectory.OrgIds;
import org.noticecascade.orgdirectory.UnitRepository;
import org.noticecascade.security.Grants;
import org.noticecascade.support.CurrentUser;
import org.noticecascade.support.NoticeSubject;
import org.springframework.stereotype.Component;

/** Checks the draft and records the notice, in the transaction that starts the process: nothing half-created. */
@Component("registerNoticeDelegate")
class RegisterNoticeDelegate implements JavaDelegate {

  private final NoticeService notices;
  private final UnitRepository units;
  private final Grants grants;
  private final WorkingDayCalendar calendar;
  private final AuditTrail audit;

  RegisterNoticeDelegate(NoticeService notices, UnitRepository units, Grants grants, WorkingDayCalendar calendar,
      AuditTrail audit) {
    this.audit = audit;
    this.notices = notices;
    this.units = units;
    this.grants = grants;
    this.calendar = calendar;
  }

  @Override
  public void execute(DelegateExecution execution) {
    // the logged-in user, not the variable: a start form may carry any variable, "initiator" included
    String user = CurrentUser.id(execution);
    String initiator = user != null ? user : (String) execution.getVariable(INITIATOR);
    execution.setVariable(INITIATOR, initiator);
    String issuer = notices.resolveIssuer((String) execution.getVariable(ISSUER_UNIT), initiator);
    NoticeDraft draft = NoticeDrafts.read(execution, issuer, calendar);
    Notice notice = notices.register(draft, execution.getProcessInstanceId(), initiator);
    execution.setVariable(NOTICE_ID, notice.id());
    audit.record(execution.getActivityInstanceId() + ":" + AuditStep.ISSUE.key(), notice.id(), notice.issuerUnit(),
        AuditStep.ISSUE, initiator, notice.issuerUnit(), NoticeSubject.of(notice.docNumber(), notice.title()));
    execution.setVariable(ISSUER_UNIT, notice.issuerUnit());
    execution.setVariable(ISSUER_UNIT_NAME, notice.issuerUnitName());
    // trimmed, or null when none was given: every later form and message shows the notice's own
    execution.setVariable(DOC_NUMBER, notice.docNumber());
    execution.setVariable(NUMBERING_REQUIRED, notice.signOffRequired()
        && (notice.docNumber() != null || notices.docNumberRequired(notice.issuerUnit())));
    // as registered: the start form's text normalized, handed down to every unit with the 主送 line
    execution.setVariable(ISSUED_ON, notice.issuedOn().toString());
    execution.setVariable(ADDRESSEE_WORDING, notices.addresseeWording(notice));
    execution.setVariable(ISSUER_GROUP, OrgIds.unitGroup(notice.issuerUnit()));
    execution.setVariable(SIGN_OFF_GROUP, OrgIds.leaderGroup(notice.issuerUnit()));
    execution.setVariable(SIGN_OFF_REQUIRED, notice.signOffRequired());
    // unset (an older client, a start form without the box): straight on, as before
    execution.setVariable(ATTACH_BEFORE_DISPATCH, Boolean.TRUE.equals(execution.getVariable(ATTACH_BEFORE_DISPATCH)));
    execution.setVariable(CASCADE_TO_GRASSROOTS, notice.cascadeToGrassroots());
    execution.setVariable(REPORT_DUE_DATE, notice.reportDueDate().toString());
    // the issuer's clerks collect the reports (汇总) in this instance
    grants.mayRead(execution.getProcessInstanceId(), units.find(notice.issuerUnit()).orElseThrow().path(),
        notice.issuerUnit());
    // the business key names the notice in Cockpit; the unit instances inherit it
    execution.setProcessBusinessKey(String.valueOf(notice.id()));
  }
}
