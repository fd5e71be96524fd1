package org.noticecascade.testing;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.spring.ProcessEngineFactoryBean;
import org.camunda.bpm.engine.spring.SpringProcessEngineConfiguration;
import org.camunda.community.process_test_coverage.engine.platform7.ProcessCoverageConfigurator;
import org.camunda.spin.plugin.impl.SpinProcessEnginePlugin;
import org.flywaydb.core.Flyway;
import org.noticecascade.NoticeCascadeApplication;
import org.noticecascade.orgdirectory.UnitImportService;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.annotation.FilterType;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The fast tier: our real delegates, listeners and services in a plain Spring context (no Boot, no web) on an
 * in-memory H2, with the job executor off so tests drive every async step and timer themselves. One context per
 * test JVM; tests keep apart by using their own 文号. Deliberately not a {@code @Configuration}: the application's
 * component scan would pick it up in the Spring Boot tests.
 */
@EnableTransactionManagement
@ComponentScan(basePackages = "org.noticecascade", excludeFilters = {
    @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = NoticeCascadeApplication.class),
    @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = {RestController.class, Controller.class, RestControllerAdvice.class, Configuration.class})})
@ConfigurationPropertiesScan("org.noticecascade")
public class EngineTestContext {

  /** A small org tree: a province with two cities, an industry union and a department; a city with districts. */
  public static final String ORG_CSV = """
      code,name,kind,parentCode
      tprov,测试省总工会,LOCAL_FEDERATION,
      tcity1,测试甲市总工会,LOCAL_FEDERATION,tprov
      tcity2,测试乙市总工会,LOCAL_FEDERATION,tprov
      tind,测试省教育工会,INDUSTRY_UNION,tprov
      tdept,测试省总办公室,INTERNAL_DEPARTMENT,tprov
      tdist1,测试甲市一区总工会,LOCAL_FEDERATION,tcity1
      tdist2,测试甲市二区总工会,LOCAL_FEDERATION,tcity1
      tgr1,测试一区某公司工会,GRASSROOTS_UNION,tdist1
      tgr2,测试一区某学校工会,GRASSROOTS_UNION,tdist1
      """;

  private static AnnotationConfigApplicationContext context;

  public static synchronized AnnotationConfigApplicationContext context() {
    if (context == null) {
      context = new AnnotationConfigApplicationContext();
      // application.yaml is not read here; the one setting it gives without a default in its properties record
      context.getEnvironment().getPropertySources().addLast(new MapPropertySource("engine-tests",
          Map.of("notice-cascade.base-url", "http://localhost:8080")));
      context.register(EngineTestContext.class);
      context.refresh();
      TransactionTemplate tx = context.getBean(TransactionTemplate.class);
      tx.executeWithoutResult(s -> context.getBean(UnitImportService.class)
          .importCsv(ORG_CSV.getBytes(StandardCharsets.UTF_8)));
      Runtime.getRuntime().addShutdownHook(new Thread(context::close));
    }
    return context;
  }

  public static ProcessEngine engine() {
    return context().getBean(ProcessEngine.class);
  }

  @Bean(destroyMethod = "close")
  DataSource dataSource() {
    HikariDataSource ds = new HikariDataSource();
    ds.setJdbcUrl("jdbc:h2:mem:enginetest;DB_CLOSE_DELAY=-1");
    ds.setUsername("sa");
    ds.setMaximumPoolSize(5);
    return ds;
  }

  // after the engine, which creates the ACT_* tables our migrations index (as support.FlywayAfterEngine in the app)
  @Bean(initMethod = "migrate")
  @DependsOn("processEngine")
  Flyway flyway(DataSource ds) {
    // the engine's tables are there already: baseline below V1, as application.yaml does
    return Flyway.configure().dataSource(ds).locations("classpath:db/migration")
        .baselineOnMigrate(true).baselineVersion("0").load();
  }

  @Bean
  PlatformTransactionManager transactionManager(DataSource ds) {
    return new DataSourceTransactionManager(ds);
  }

  @Bean
  TransactionTemplate transactionTemplate(PlatformTransactionManager tm) {
    return new TransactionTemplate(tm);
  }

  @Bean
  @DependsOn("flyway")
  NamedParameterJdbcTemplate namedParameterJdbcTemplate(DataSource ds) {
    return new NamedParameterJdbcTemplate(ds);
  }

  @Bean
  SpringProcessEngineConfiguration processEngineConfiguration(DataSource ds, PlatformTransactionManager tm,
      List<ProcessEnginePlugin> plugins) {
    SpringProcessEngineConfiguration c = new SpringProcessEngineConfiguration();
    c.setProcessEngineName("engine-tests");
    c.setDataSource(ds);
    c.setTransactionManager(tm);
    c.setDatabaseSchemaUpdate("true");
    c.setJobExecutorActivate(false);
    c.setHistory("full");
    c.setDefaultSerializationFormat("application/json");
    c.setEnforceHistoryTimeToLive(true);
    // as application.yaml: failing jobs retry 3 times, 5 minutes apart, then raise an incident
    c.setFailedJobRetryTimeCycle("R3/PT5M");
    c.getProcessEnginePlugins().add(new SpinProcessEnginePlugin());
    // our plugin beans (the working-day business calendar, the handed-down variables' check), as the Spring Boot
    // starter installs them
    c.getProcessEnginePlugins().addAll(plugins);
    ProcessCoverageConfigurator.initializeProcessCoverageExtensions(c);
    return c;
  }

  @Bean
  ProcessEngineFactoryBean processEngine(SpringProcessEngineConfiguration c) {
    ProcessEngineFactoryBean f = new ProcessEngineFactoryBean();
    f.setProcessEngineConfiguration(c);
    return f;
  }

  @Bean RuntimeService runtimeService(ProcessEngine e) { return e.getRuntimeService(); }
  @Bean TaskService taskService(ProcessEngine e) { return e.getTaskService(); }
  @Bean IdentityService identityService(ProcessEngine e) { return e.getIdentityService(); }
  @Bean FilterService filterService(ProcessEngine e) { return e.getFilterService(); }
  @Bean RepositoryService repositoryService(ProcessEngine e) { return e.getRepositoryService(); }
  @Bean ManagementService managementService(ProcessEngine e) { return e.getManagementService(); }
  @Bean HistoryService historyService(ProcessEngine e) { return e.getHistoryService(); }
  @Bean FormService formService(ProcessEngine e) { return e.getFormService(); }
  @Bean org.camunda.bpm.engine.AuthorizationService authorizationService(ProcessEngine e) { return e.getAuthorizationService(); }
}
