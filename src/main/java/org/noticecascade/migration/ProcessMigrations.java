package org.noticecascade.migration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.batch.BatchStatistics;
import org.camunda.bpm.engine.batch.history.HistoricBatch;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstanceQuery;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.noticecascade.cascade.UnitCascadeProcess;
import org.noticecascade.cascade.UnitReadProcess;
import org.noticecascade.form.ConflictException;
import org.noticecascade.form.FieldProblem;
import org.noticecascade.form.InputException;
import org.noticecascade.notice.NoticeProcess;
import org.noticecascade.notice.NoticeService;
import org.noticecascade.support.EngineClock;
import org.noticecascade.support.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves running notices from one version of the process set to another with Camunda's migration API: the plan of
 * each process first (a dry run changes nothing), then one engine batch per process, which the job executor runs
 * in small transactions (one instance per job by default). The set's three processes are deployed together and a
 * notice's call activities bind to their own deployment, so the target definitions must come from one deployment.
 * Instance ids do not change in a migration, so the per-instance READ grants (security.Grants) stay valid.
 */
@Service
class ProcessMigrations {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessMigrations.class);
  /** The processes of one notice, parents first. */
  static final List<String> KEYS = List.of(NoticeProcess.KEY, UnitCascadeProcess.KEY, UnitReadProcess.KEY);
  static final int MAX_NOTICES = 200;
  static final int MAX_MAPPINGS = 50;
  private static final Pattern ACTIVITY_ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]{0,99}");

  private final RuntimeService runtime;
  private final RepositoryService repository;
  private final ManagementService management;
  private final HistoryService history;
  private final NoticeService notices;
  private final MigrationPlans plans;
  private final MigrationRepository migrations;
  private final TransactionTemplate tx;
  /** For the mappings column only: a plain map of strings. */
  private final ObjectMapper json = new ObjectMapper();

  ProcessMigrations(RuntimeService runtime, RepositoryService repository, ManagementService management,
      HistoryService history, NoticeService notices, MigrationPlans plans, MigrationRepository migrations,
      TransactionTemplate tx) {
    this.runtime = runtime;
    this.repository = repository;
    this.management = management;
    this.history = history;
    this.notices = notices;
    this.plans = plans;
    this.migrations = migrations;
    this.tx = tx;
  }

  record DryRun(boolean dryRun, int sourceVersion, int targetVersion, List<Long> noticeIds, boolean executable,
                List<MigrationPlans.ProcessPlan> processes) {
  }

  record Started(long id, String href, String status, List<ProcessStatus> processes) {
  }

  record ProcessStatus(String processKey, String sourceDefinitionId, String targetDefinitionId, String batchId,
                       int instances, int totalJobs, int completedJobs, int remainingJobs, int failedJobs,
                       long incidents, boolean finished, long stillOnSource) {
  }

  /**
   * A migration as it stands: running while a batch has jobs left, failed when a job failed for good (an incident),
   * completed when every batch is done.
   */
  record Status(long id, String requestedBy, LocalDateTime requestedAt, int sourceVersion, int targetVersion,
                List<Long> noticeIds, Map<String, String> mappings, String status, List<ProcessStatus> processes) {
  }

  /** The checked request: definitions found, mappings sorted per process. */
  private record Checked(int sourceVersion, int targetVersion, List<Long> noticeIds, Map<String, String> mappings,
                         Map<String, ProcessDefinition> sources, Map<String, ProcessDefinition> targets,
                         Map<String, Map<String, String>> mappingsByKey) {
  }

  DryRun dryRun(MigrationRequest request) {
    Checked c = check(request);
    List<MigrationPlans.ProcessPlan> planned = planAll(c);
    return new DryRun(true, c.sourceVersion(), c.targetVersion(), c.noticeIds(),
        planned.stream().allMatch(MigrationPlans.ProcessPlan::executable), planned);
  }

  /** Starts the batches, all or none, once every plan is clean; the 409 names what stands in the way. */
  Status execute(MigrationRequest request, String requestedBy) {
    Checked c = check(request);
    List<Batch> running = management.createBatchQuery().type(Batch.TYPE_PROCESS_INSTANCE_MIGRATION).list();
    if (!running.isEmpty()) {
      throw new ConflictException("sourceVersion", "已有迁移正在进行（批次 " + running.get(0).getId()
          + "），请等它完成后再迁移");
    }
    List<MigrationPlans.ProcessPlan> planned = planAll(c);
    List<FieldProblem> problems = new ArrayList<>();
    for (MigrationPlans.ProcessPlan p : planned) {
      p.problems().forEach(m -> problems.add(new FieldProblem("mappings", "迁移计划", p.processKey() + "：" + m)));
    }
    if (!problems.isEmpty()) {
      throw new ConflictException(problems);
    }
    if (planned.stream().allMatch(p -> p.instances() == 0)) {
      throw new ConflictException("sourceVersion", "第 " + c.sourceVersion() + " 版上没有所选通知的运行中实例，无需迁移");
    }
    Long id = tx.execute(s -> {
      long migrationId = migrations.insert(requestedBy, EngineClock.now(), c.sourceVersion(), c.targetVersion(),
          c.noticeIds() == null ? null : c.noticeIds().stream().map(String::valueOf).collect(Collectors.joining(",")),
          c.mappings().isEmpty() ? null : write(c.mappings()));
      for (MigrationPlans.ProcessPlan p : planned) {
        if (p.instances() == 0) {
          continue;
        }
        Batch batch = runtime.newMigration(p.plan()).processInstanceQuery(selection(c.noticeIds())
            .query(c.sources().get(p.processKey()))).executeAsync();
        migrations.insertBatch(migrationId, new MigrationRepository.BatchRow(p.processKey(), p.source().id(),
            p.target().id(), batch.getId(), (int) p.instances()));
      }
      return migrationId;
    });
    LOG.info("process migration {} started by {}: version {} → {}, notices {}, mappings {}, instances {}", id,
        requestedBy, c.sourceVersion(), c.targetVersion(), c.noticeIds() == null ? "all" : c.noticeIds(),
        c.mappings(), planned.stream().collect(Collectors.toMap(MigrationPlans.ProcessPlan::processKey,
            MigrationPlans.ProcessPlan::instances)));
    return status(id);
  }

  Status status(long id) {
    MigrationRepository.Row row = migrations.find(id)
        .orElseThrow(() -> new NotFoundException("迁移 " + id + " 不存在"));
    List<Long> noticeIds = row.noticeIds() == null ? null
        : java.util.Arrays.stream(row.noticeIds().split(",")).map(Long::valueOf).toList();
    List<ProcessStatus> processes = new ArrayList<>();
    for (MigrationRepository.BatchRow b : migrations.batches(id)) {
      processes.add(progress(b, noticeIds));
    }
    String status;
    if (processes.stream().anyMatch(p -> p.failedJobs() > 0 || p.incidents() > 0)) {
      status = "failed";
    } else if (processes.stream().allMatch(ProcessStatus::finished)) {
      status = "completed";
    } else {
      status = "running";
    }
    return new Status(row.id(), row.requestedBy(), row.requestedAt(), row.sourceVersion(), row.targetVersion(),
        noticeIds, row.mappings() == null ? Map.of() : read(row.mappings()), status, processes);
  }

  private ProcessStatus progress(MigrationRepository.BatchRow b, List<Long> noticeIds) {
    long stillOnSource = selection(noticeIds).query(repository.getProcessDefinition(b.sourceDefinitionId())).count();
    BatchStatistics s = management.createBatchStatisticsQuery().batchId(b.batchId()).singleResult();
    if (s != null) {
      long incidents = runtime.createIncidentQuery().jobDefinitionIdIn(s.getBatchJobDefinitionId(),
          s.getSeedJobDefinitionId(), s.getMonitorJobDefinitionId()).count();
      return new ProcessStatus(b.processKey(), b.sourceDefinitionId(), b.targetDefinitionId(), b.batchId(),
          b.instances(), s.getTotalJobs(), s.getCompletedJobs(), s.getRemainingJobs(), s.getFailedJobs(), incidents,
          false, stillOnSource);
    }
    // the engine removes a batch once its jobs are done; its history stays
    HistoricBatch done = history.createHistoricBatchQuery().batchId(b.batchId()).singleResult();
    int total = done == null ? 0 : done.getTotalJobs();
    return new ProcessStatus(b.processKey(), b.sourceDefinitionId(), b.targetDefinitionId(), b.batchId(),
        b.instances(), total, total, 0, 0, 0, true, stillOnSource);
  }

  private List<MigrationPlans.ProcessPlan> planAll(Checked c) {
    List<MigrationPlans.ProcessPlan> planned = new ArrayList<>();
    for (String key : KEYS) {
      planned.add(plans.plan(c.sources().get(key), c.targets().get(key), c.mappingsByKey().get(key),
          selection(c.noticeIds())));
    }
    return planned;
  }

  /** All instances of the source definition, or those of the chosen notices (every level: each has noticeId). */
  private MigrationPlans.Selection selection(List<Long> noticeIds) {
    return source -> {
      ProcessInstanceQuery q = runtime.createProcessInstanceQuery().processDefinitionId(source.getId());
      if (noticeIds == null) {
        return q;
      }
      if (noticeIds.size() == 1) {
        return q.variableValueEquals(UnitCascadeProcess.NOTICE_ID, noticeIds.get(0));
      }
      // several notices: their instances by id (one query per notice)
      Set<String> ids = new HashSet<>();
      for (Long id : noticeIds) {
        runtime.createProcessInstanceQuery().processDefinitionId(source.getId())
            .variableValueEquals(UnitCascadeProcess.NOTICE_ID, id).list().forEach(pi -> ids.add(pi.getId()));
      }
      return ids.isEmpty() ? q.processInstanceId("-") : q.processInstanceIds(ids);
    };
  }

  /** Every field checked, every problem named at once (400); a version or notice that does not exist is a 404. */
  private Checked check(MigrationRequest r) {
    List<FieldProblem> problems = new ArrayList<>();
    version(r.sourceVersion(), "sourceVersion", "源版本", problems);
    version(r.targetVersion(), "targetVersion", "目标版本", problems);
    if (problems.isEmpty() && r.sourceVersion().equals(r.targetVersion())) {
      problems.add(new FieldProblem("targetVersion", "目标版本", "不能与源版本相同"));
    }
    if (r.noticeIds() != null) {
      if (r.noticeIds().isEmpty()) {
        problems.add(new FieldProblem("noticeIds", "通知", "不能为空列表；迁移全部运行中的通知请省略此字段"));
      } else if (r.noticeIds().size() > MAX_NOTICES) {
        problems.add(new FieldProblem("noticeIds", "通知", "一次最多 " + MAX_NOTICES + " 个通知"));
      }
      Set<Long> seen = new HashSet<>();
      for (int i = 0; i < r.noticeIds().size(); i++) {
        Long id = r.noticeIds().get(i);
        if (id == null || id <= 0) {
          problems.add(new FieldProblem("noticeIds[" + i + "]", "通知", "应为正整数的通知编号"));
        } else if (!seen.add(id)) {
          problems.add(new FieldProblem("noticeIds[" + i + "]", "通知", "通知 " + id + " 重复"));
        }
      }
    }
    Map<String, String> mappings = r.mappings() == null ? Map.of() : r.mappings();
    if (mappings.size() > MAX_MAPPINGS) {
      problems.add(new FieldProblem("mappings", "活动映射", "一次最多 " + MAX_MAPPINGS + " 项"));
    }
    mappings.forEach((from, to) -> {
      if (from == null || !ACTIVITY_ID.matcher(from).matches()) {
        problems.add(new FieldProblem("mappings", "活动映射", "“" + from + "”不是有效的活动 id"));
      } else if (to == null || !ACTIVITY_ID.matcher(to).matches()) {
        problems.add(new FieldProblem("mappings." + from, "活动映射", "“" + to + "”不是有效的活动 id"));
      }
    });
    if (!problems.isEmpty()) {
      throw new InputException(problems);
    }
    if (r.noticeIds() != null) {
      r.noticeIds().forEach(notices::get);
    }

    Map<String, ProcessDefinition> sources = new LinkedHashMap<>();
    Map<String, ProcessDefinition> targets = new LinkedHashMap<>();
    for (String key : KEYS) {
      sources.put(key, definition(key, r.sourceVersion(), "源版本"));
      targets.put(key, definition(key, r.targetVersion(), "目标版本"));
    }
    Set<String> targetDeployments = targets.values().stream().map(ProcessDefinition::getDeploymentId)
        .collect(Collectors.toCollection(LinkedHashSet::new));
    if (targetDeployments.size() > 1) {
      throw new ConflictException("targetVersion", "目标版本的 " + String.join("、", KEYS)
          + " 不是同一次部署的（调用活动按部署绑定，一个通知的各级须在同一部署中）：请重新部署全部流程和表单");
    }

    // each mapping belongs to the processes whose source version has that activity
    Map<String, Map<String, String>> byKey = new LinkedHashMap<>();
    KEYS.forEach(k -> byKey.put(k, new LinkedHashMap<>()));
    mappings.forEach((from, to) -> {
      boolean found = false;
      for (String key : KEYS) {
        BpmnModelInstance source = repository.getBpmnModelInstance(sources.get(key).getId());
        if (source.getModelElementById(from) instanceof FlowNode) {
          found = true;
          BpmnModelInstance target = repository.getBpmnModelInstance(targets.get(key).getId());
          if (!(target.getModelElementById(to) instanceof FlowNode)) {
            problems.add(new FieldProblem("mappings." + from, "活动映射",
                "目标版本的 " + key + " 中没有活动“" + to + "”"));
          }
          byKey.get(key).put(from, to);
        }
      }
      if (!found) {
        problems.add(new FieldProblem("mappings." + from, "活动映射",
            "源版本的流程中没有活动“" + from + "”"));
      }
    });
    if (!problems.isEmpty()) {
      throw new InputException(problems);
    }
    return new Checked(r.sourceVersion(), r.targetVersion(), r.noticeIds(), mappings, sources, targets, byKey);
  }

  private static void version(Integer v, String field, String label, List<FieldProblem> problems) {
    if (v == null) {
      problems.add(new FieldProblem(field, label, "必填（流程定义的版本号，如 1）"));
    } else if (v < 1) {
      problems.add(new FieldProblem(field, label, "应为正整数"));
    }
  }

  private ProcessDefinition definition(String key, int version, String label) {
    ProcessDefinition d = repository.createProcessDefinitionQuery().processDefinitionKey(key)
        .processDefinitionVersion(version).withoutTenantId().singleResult();
    if (d == null) {
      throw new NotFoundException(label + "：流程 " + key + " 没有第 " + version + " 版");
    }
    return d;
  }

  private String write(Map<String, String> mappings) {
    try {
      return json.writeValueAsString(mappings);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Map<String, String> read(String text) {
    try {
      return json.readValue(text, new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { });
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
