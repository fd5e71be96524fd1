package org.noticecascade.bench;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GLOBAL;

import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.spring.SpringProcessEngineConfiguration;
import org.camunda.bpm.engine.spring.components.jobexecutor.SpringJobExecutor;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Bare Camunda 7.24 doing the equivalent minimum: no project code, its own engine on its own database, a
 * call-activity tree of the same shape with the same user tasks (and one open per unit at rest), the same Tasklist
 * filter. History level, authorization, job executor and connection pool mirror what the project side ran with
 * ({@code bench.mirror.*}, handed over by {@link NationalBenchTest}).
 */
public final class BareBench extends SideBench {

  private HikariDataSource pool;

  private BareBench(BenchSettings cfg) {
    super("bare", cfg);
  }

  public static void main(String[] args) {
    runAndExit(new BareBench(BenchSettings.fromSystemProperties()));
  }

  private static int mirror(String key) {
    String v = System.getProperty("bench.mirror." + key);
    if (v == null) {
      throw new IllegalStateException("bench.mirror." + key + " not set: the project side reports it");
    }
    return (int) Double.parseDouble(v);
  }

  private static boolean mirrorFlag(String key) {
    return Boolean.parseBoolean(System.getProperty("bench.mirror." + key));
  }

  @Override
  void start() {
    pool = new HikariDataSource();
    pool.setJdbcUrl(System.getProperty("bench.jdbcUrl"));
    pool.setUsername("postgres");
    pool.setPassword("postgres");
    pool.setMaximumPoolSize(mirror("connectionPoolSize"));
    pool.addDataSourceProperty("reWriteBatchedInserts", mirrorFlag("reWriteBatchedInserts"));
    DataSourceTransactionManager transactions = new DataSourceTransactionManager(pool);

    SpringProcessEngineConfiguration c = new SpringProcessEngineConfiguration();
    c.setProcessEngineName("bare");
    c.setDataSource(pool);
    c.setTransactionManager(transactions);
    c.setDatabaseSchemaUpdate("true");
    c.setHistory(System.getProperty("bench.mirror.history"));
    c.setAuthorizationEnabled(mirrorFlag("authorizationEnabled"));
    c.setEnforceHistoryTimeToLive(true);
    c.setJobExecutorActivate(true);
    c.setJobExecutorAcquireByDueDate(mirrorFlag("jobExecutorAcquireByDueDate"));
    c.setJobExecutorPreferTimerJobs(mirrorFlag("jobExecutorPreferTimerJobs"));
    ThreadPoolTaskExecutor threads = new ThreadPoolTaskExecutor();
    threads.setCorePoolSize(mirror("jobExecutorCorePoolSize"));
    threads.setMaxPoolSize(mirror("jobExecutorMaxPoolSize"));
    threads.setQueueCapacity(mirror("jobExecutorQueueCapacity"));
    threads.setThreadNamePrefix("bare-job-");
    threads.initialize();
    SpringJobExecutor jobs = new SpringJobExecutor();
    jobs.setTaskExecutor(threads);
    jobs.setMaxJobsPerAcquisition(mirror("jobExecutorMaxJobsPerAcquisition"));
    jobs.setWaitTimeInMillis(mirror("jobExecutorWaitTimeInMillis"));
    jobs.setMaxWait(mirror("jobExecutorMaxWait"));
    jobs.setLockTimeInMillis(mirror("jobExecutorLockTimeInMillis"));
    jobs.setBackoffTimeInMillis(mirror("jobExecutorBackoffTimeInMillis"));
    jobs.setMaxBackoff(mirror("jobExecutorMaxBackoff"));
    jobs.setBackoffDecreaseThreshold(mirror("jobExecutorBackoffDecreaseThreshold"));
    jobs.setWaitIncreaseFactor(Float.parseFloat(System.getProperty("bench.mirror.jobExecutorWaitIncreaseFactor")));
    c.setJobExecutor(jobs);
    c.setBeans(Map.of("tree", new BareTree(tree)));
    c.setDeploymentResources(new Resource[] {new ClassPathResource("bench/bareNode.bpmn"),
        new ClassPathResource("bench/bareNotice.bpmn")});
    engine = c.buildProcessEngine();
    tasks = engine.getTaskService();
    runtime = engine.getRuntimeService();
    identity = engine.getIdentityService();
    management = engine.getManagementService();
    filters = engine.getFilterService();
    dataSource = pool;
    tx = new TransactionTemplate(transactions);

    // the same filter as the project's 本单位待办, readable by everyone, with four variable columns
    Filter filter = filters.newTaskFilter(UNIT_TASKS_FILTER);
    filter.setQuery(tasks.createTaskQuery().taskCandidateGroupInExpression("${currentUserGroups()}")
        .includeAssignedTasks());
    filter.setProperties(Map.of("priority", -10, "refresh", true, "variables", List.of(
        Map.of("name", "notice", "label", "通知"), Map.of("name", UNIT_CODE, "label", "单位"),
        Map.of("name", SUPERIOR_CODE, "label", "上级"), Map.of("name", "path", "label", "路径"))));
    filters.saveFilter(filter);
    Authorization read = engine.getAuthorizationService().createNewAuthorization(AUTH_TYPE_GLOBAL);
    read.setUserId(ANY);
    read.setResource(Resources.FILTER);
    read.setResourceId(filter.getId());
    read.addPermission(Permissions.READ);
    engine.getAuthorizationService().saveAuthorization(read);
  }

  @Override
  void stop() {
    if (engine != null) {
      engine.close();
    }
    if (pool != null) {
      pool.close();
    }
  }

  @Override
  String unitProcessKey() {
    return "bareNode";
  }

  @Override
  Object startNotice(int number) {
    String notice = String.valueOf(number);
    runtime.startProcessInstanceByKey("bareNotice", notice, Map.of("notice", notice, UNIT_CODE, NationalTree.ROOT));
    return notice;
  }

  @Override
  Map<String, Object> formVariables(String taskKey, String taskId) {
    // a one-field form for every task
    return Map.of("note", taskKey);
  }

  @Override
  Map<String, Object> directStartVariables(Object notice, NationalTree.Node unit) {
    return Map.of("notice", notice, UNIT_CODE, unit.code(), SUPERIOR_CODE, unit.parent(), "path", unit.path());
  }

  /** Cockpit's view of a process definition: how many instances wait in each activity. */
  @Override
  long progressAtRoot(Object notice) {
    String definition = engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey("bareNode")
        .latestVersion().singleResult().getId();
    management.createActivityStatisticsQuery(definition).list();
    return -1;
  }

  /** Plain Camunda's nearest to a subtree's progress: open tasks of each kind among the instances under a path. */
  @Override
  long progressAt(Object notice, String unitCode) {
    String path = tree.node(unitCode).path();
    for (String key : List.of(ACK, RELAY, STUDY, REPORT, REVIEW)) {
      tasks.createTaskQuery().taskDefinitionKey(key).processVariableValueLike("path", path + "%").count();
    }
    return -1;
  }
}
