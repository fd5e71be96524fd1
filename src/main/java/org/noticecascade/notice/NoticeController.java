package org.noticecascade.notice;

import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.noticecascade.form.FormContract;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstanceWithVariables;
import org.noticecascade.security.CurrentScope;
import org.noticecascade.form.FieldProblem;
import org.noticecascade.form.InputException;
import org.noticecascade.calendar.WorkingDayCalendar;
import org.noticecascade.support.EngineClock;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.spin.plugin.variable.SpinValues;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/notices")
class NoticeController {

  /** POST /api/notices: the same fields as the start form. */
  record NoticeRequest(String docNumber, String title, String issuerUnit, LocalDate issuedOn, String summary,
                       List<String> addresseeKinds, List<String> addresseeUnits, LocalDate reportDueDate,
                       Integer reportDueWorkingDays, Boolean cascadeToGrassroots, Boolean signOffRequired,
                       Integer acknowledgeReminderDays, Integer dueSoonDays,
                       List<String> ccUnits, List<String> reportingKinds, List<String> reportingUnits,
                       Boolean attachBeforeDispatch) {
  }

  record Created(long id, String processInstanceId) {
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final NoticeService notices;
  private final RuntimeService runtime;
  private final IdentityService identity;
  private final FormService forms;
  private final CurrentScope scope;
  private final WorkingDayCalendar calendar;

  private final RepositoryService repository;
  private final Map<String, FormContract> startForms = new ConcurrentHashMap<>();
  private final NoticeTracking tracking;

  NoticeController(NoticeService notices, RuntimeService runtime, IdentityService identity, CurrentScope scope,
      WorkingDayCalendar calendar, RepositoryService repository, FormService forms, NoticeTracking tracking) {
    this.tracking = tracking;
    this.repository = repository;
    this.forms = forms;
    this.calendar = calendar;
    this.notices = notices;
    this.runtime = runtime;
    this.identity = identity;
    this.scope = scope;
  }

  @PostMapping
  @Transactional
  ResponseEntity<Created> create(@RequestBody NoticeRequest request) {
    if (request == null) {
      throw new InputException("body", "请求体不能为空");
    }
    check(request);
    Map<String, Object> variables = new HashMap<>();
    variables.put(NoticeProcess.DOC_NUMBER, docNumber(request));
    variables.put(NoticeProcess.TITLE, request.title());
    variables.put(NoticeProcess.ISSUER_UNIT, request.issuerUnit().trim());
    variables.put(NoticeProcess.ISSUED_ON, request.issuedOn().toString());
    variables.put(NoticeProcess.SUMMARY, request.summary());
    // a checklist, as Tasklist submits it: a Json list
    variables.put(NoticeProcess.ADDRESSEE_KINDS, SpinValues.jsonValue(JSON.valueToTree(nonNull(request.addresseeKinds()))
        .toString()).create());
    // a taglist, as Tasklist submits it; transient: read once by the registration and kept in our tables, never
    // stored as a variable, so the list may name up to NoticeService's 3,000 codes
    variables.put(NoticeProcess.ADDRESSEE_UNITS, SpinValues.jsonValue(JSON.valueToTree(nonNull(request.addresseeUnits()))
        .toString()).setTransient(true).create());
    variables.put(NoticeProcess.CC_UNITS, SpinValues.jsonValue(JSON.valueToTree(nonNull(request.ccUnits()))
        .toString()).setTransient(true).create());
    variables.put(NoticeProcess.REPORTING_KINDS, SpinValues.jsonValue(JSON.valueToTree(nonNull(request.reportingKinds()))
        .toString()).create());
    // a taglist like addresseeUnits: transient, kept in the notice's row
    variables.put(NoticeProcess.REPORTING_UNITS, SpinValues.jsonValue(JSON.valueToTree(nonNull(request.reportingUnits()))
        .toString()).setTransient(true).create());
    variables.put(NoticeProcess.REPORT_DUE_DATE, dueDate(request).toString());
    variables.put(NoticeProcess.ACKNOWLEDGE_REMINDER_DAYS, request.acknowledgeReminderDays());
    variables.put(NoticeProcess.DUE_SOON_DAYS, request.dueSoonDays());
    variables.put(NoticeProcess.CASCADE_TO_GRASSROOTS, cascadeToGrassroots(request));
    variables.put(NoticeProcess.SIGN_OFF_REQUIRED, Boolean.TRUE.equals(request.signOffRequired()));
    variables.put(NoticeProcess.ATTACH_BEFORE_DISPATCH, Boolean.TRUE.equals(request.attachBeforeDispatch()));
    // the engine records the logged-in user as the initiator (camunda:initiator); the start form's fields only
    ProcessInstanceWithVariables started = runtime.createProcessInstanceByKey(NoticeProcess.KEY)
        .setVariables(variables).executeWithVariablesInReturn();
    long id = ((Number) started.getVariables().get(NoticeProcess.NOTICE_ID)).longValue();
    return ResponseEntity.created(URI.create("/api/notices/" + id)).body(new Created(id, started.getId()));
  }

  /**
   * Checks the request before the engine starts, against the start form the notice would be started with (its
   * fields, types and limits are the API's), then the notice's own rules: every problem named at once.
   */
  private void check(NoticeRequest r) {
    List<FieldProblem> problems = new ArrayList<>(startForm().checkStart(asSubmitted(r)));
    required(problems, NoticeProcess.ISSUER_UNIT, r.issuerUnit());
    if (r.reportDueDate() == null && r.reportDueWorkingDays() == null) {
      problems.add(new FieldProblem(NoticeProcess.REPORT_DUE_DATE, "必填（填写截止日期，或填写几个工作日内完成）"));
    } else if (r.reportDueDate() != null && r.reportDueWorkingDays() != null) {
      problems.add(new FieldProblem(NoticeProcess.REPORT_DUE_DATE, "请填写截止日期或工作日天数，二者只填其一"));
    }
    Set<String> named = problems.stream().map(FieldProblem::field).collect(Collectors.toSet());
    if (problems.isEmpty() || !named.stream().anyMatch(DRAFT_NEEDS::contains)) {
      List<FieldProblem> rules = new ArrayList<>();
      notices.validate(new NoticeDraft(docNumber(r), r.title(), r.issuerUnit().trim(), r.issuedOn(), r.summary(),
          nonNull(r.addresseeKinds()), nonNull(r.addresseeUnits()), dueDate(r),
          cascadeToGrassroots(r), Boolean.TRUE.equals(r.signOffRequired()),
          r.acknowledgeReminderDays(), r.dueSoonDays(), nonNull(r.ccUnits()),
          nonNull(r.reportingKinds()), nonNull(r.reportingUnits())), rules);
      // a field the form already refused is named once
      rules.stream().filter(p -> !named.contains(p.field())).forEach(problems::add);
    }
    if (!problems.isEmpty()) {
      throw new InputException(problems);
    }
    if (!Boolean.TRUE.equals(r.signOffRequired())) {
      // with 签发 the 文号 is confirmed after it (编号), not reserved now
      notices.checkDocNumberFree(r.issuerUnit().trim(), docNumber(r));
    }
  }

  /** The 文号 trimmed, or null when none was given (county level and below, or before 签发). */
  private static String docNumber(NoticeRequest r) {
    return r.docNumber() == null || r.docNumber().isBlank() ? null : r.docNumber().trim();
  }

  /** What the notice's rules read: without these the draft cannot be checked further. */
  private static final Set<String> DRAFT_NEEDS = Set.of(NoticeProcess.DOC_NUMBER, NoticeProcess.ISSUER_UNIT,
      NoticeProcess.ISSUED_ON, NoticeProcess.REPORT_DUE_DATE, NoticeProcess.REPORT_DUE_WORKING_DAYS);

  /** The request as the start form would submit it: dates as text, the checklist and the taglist as lists. */
  private static Map<String, Object> asSubmitted(NoticeRequest r) {
    Map<String, Object> v = new HashMap<>();
    v.put(NoticeProcess.DOC_NUMBER, r.docNumber());
    v.put(NoticeProcess.TITLE, r.title());
    v.put(NoticeProcess.ISSUER_UNIT, r.issuerUnit());
    v.put(NoticeProcess.ISSUED_ON, r.issuedOn() == null ? null : r.issuedOn().toString());
    v.put(NoticeProcess.SUMMARY, r.summary());
    v.put(NoticeProcess.ADDRESSEE_KINDS, nonNull(r.addresseeKinds()));
    v.put(NoticeProcess.ADDRESSEE_UNITS, nonNull(r.addresseeUnits()));
    v.put(NoticeProcess.CC_UNITS, nonNull(r.ccUnits()));
    v.put(NoticeProcess.REPORTING_KINDS, nonNull(r.reportingKinds()));
    v.put(NoticeProcess.REPORTING_UNITS, nonNull(r.reportingUnits()));
    v.put(NoticeProcess.REPORT_DUE_DATE, r.reportDueDate() == null ? null : r.reportDueDate().toString());
    v.put(NoticeProcess.REPORT_DUE_WORKING_DAYS, r.reportDueWorkingDays());
    v.put(NoticeProcess.CASCADE_TO_GRASSROOTS, r.cascadeToGrassroots());
    v.put(NoticeProcess.SIGN_OFF_REQUIRED, r.signOffRequired());
    v.put(NoticeProcess.ATTACH_BEFORE_DISPATCH, r.attachBeforeDispatch());
    v.put(NoticeProcess.ACKNOWLEDGE_REMINDER_DAYS, r.acknowledgeReminderDays());
    v.put(NoticeProcess.DUE_SOON_DAYS, r.dueSoonDays());
    return v;
  }

  /**
   * The start form of the notice process new notices start on, as deployed. Read as the engine (no user): a user
   * gets the form with their own picker options filled in (form.StartFormOptions), which is no contract for others.
   */
  private FormContract startForm() {
    String definition = repository.createProcessDefinitionQuery().processDefinitionKey(NoticeProcess.KEY)
        .latestVersion().singleResult().getId();
    return startForms.computeIfAbsent(definition, id -> {
      Authentication caller = identity.getCurrentAuthentication();
      identity.clearAuthentication();
      try {
        return FormContract.parse(forms.getDeployedStartForm(id));
      } finally {
        if (caller != null) {
          identity.setAuthentication(caller);
        }
      }
    });
  }

  /** Ticked unless the request says otherwise, as on the start form: most notices go down to the grassroots. */
  private static boolean cascadeToGrassroots(NoticeRequest r) {
    return !Boolean.FALSE.equals(r.cascadeToGrassroots());
  }

  private LocalDate dueDate(NoticeRequest r) {
    return r.reportDueDate() != null ? r.reportDueDate()
        : calendar.plusWorkingDays(EngineClock.today(), r.reportDueWorkingDays());
  }

  private static void required(List<FieldProblem> problems, String field, String value) {
    if (value == null || value.isBlank()) {
      problems.add(new FieldProblem(field, "必填"));
    }
  }

  private static List<String> nonNull(List<String> list) {
    return list == null ? List.of() : list.stream().filter(s -> s != null && !s.isBlank()).map(String::trim).toList();
  }

  @GetMapping
  List<Notice> list(@RequestParam(required = false) String issuerUnit,
      @RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") int offset) {
    return notices.list(issuerUnit, scope.get(), limit, offset);
  }

  @GetMapping("/{id}")
  Notice get(@PathVariable long id) {
    return notices.getVisible(id, scope.get());
  }

  /** POST /api/notices/{id}/close: 办结 (issuer's clerks and leaders). */
  record CloseRequest(String reason) {
  }

  @PostMapping("/{id}/close")
  ResponseEntity<Notice> close(@PathVariable long id, @RequestBody(required = false) CloseRequest request) {
    return ResponseEntity.accepted().body(tracking.close(id, request == null ? null : request.reason()));
  }

  /** POST /api/notices/{id}/summaries: a new 汇总落实情况 task for the issuer now. */
  record SummaryCreated(String taskId) {
  }

  @PostMapping("/{id}/summaries")
  ResponseEntity<SummaryCreated> summarize(@PathVariable long id) {
    return ResponseEntity.status(201).body(new SummaryCreated(tracking.summarize(id)));
  }
}
