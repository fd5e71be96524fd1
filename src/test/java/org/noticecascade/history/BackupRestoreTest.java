package org.noticecascade.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.h2.tools.Restore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.noticecascade.NoticeCascadeApplication;
import org.noticecascade.orgdirectory.UnitImportService;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.EngineTestContext;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Backup and restore as docs/operations.md tells them, tried end to end: the application runs a notice to its first
 * 签收, the database is backed up while it runs, restored into a fresh database, and the application started on the
 * copy carries the notice on (传达 to a district, which then has its own 签收). H2: {@code BACKUP TO} and H2's
 * Restore tool. PostgreSQL (tagged bench: it needs the PostgreSQL client's pg_dump and pg_restore on the PATH):
 * {@code pg_dump -Fc} and {@code pg_restore} into a second server.
 */
class BackupRestoreTest {

  private static final Path DIR = Path.of("target/backup-restore-test");

  @Test
  void anH2BackupRestoredIntoAFreshDirectoryCarriesTheNoticeOn() throws Exception {
    deleteTree(DIR);
    String original = "jdbc:h2:file:" + DIR.resolve("original/notice-cascade").toAbsolutePath();
    Path backup = DIR.resolve("backup.zip");
    long notice;
    try (ConfigurableApplicationContext app = start("test", original)) {
      notice = noticeAcknowledged(app);
      // online: H2 copies the database file consistently into a zip while the application runs
      app.getBean(JdbcTemplate.class).execute("BACKUP TO '" + backup.toAbsolutePath() + "'");
    }
    Restore.execute(backup.toString(), DIR.resolve("restored").toString(), null);
    String restored = "jdbc:h2:file:" + DIR.resolve("restored/notice-cascade").toAbsolutePath();
    try (ConfigurableApplicationContext app = start("test", restored)) {
      carriesOn(app, notice);
    }
  }

  @Test
  @Tag("bench")
  void aPgDumpRestoredIntoAnotherServerCarriesTheNoticeOn() throws Exception {
    deleteTree(DIR);
    Files.createDirectories(DIR);
    Path dump = DIR.resolve("notice-cascade.dump");
    long notice;
    try (EmbeddedPostgres source = EmbeddedPostgres.builder().start();
         EmbeddedPostgres target = EmbeddedPostgres.builder().start()) {
      try (ConfigurableApplicationContext app = start("postgres", source.getJdbcUrl("postgres", "postgres"))) {
        notice = noticeAcknowledged(app);
        // online, one consistent snapshot; the custom format (-Fc) restores selectively and in parallel
        run("pg_dump", "-Fc", "-h", "localhost", "-p", String.valueOf(source.getPort()), "-U", "postgres",
            "-f", dump.toString(), "postgres");
      }
      run("pg_restore", "--no-owner", "--exit-on-error", "-h", "localhost", "-p",
          String.valueOf(target.getPort()), "-U", "postgres", "-d", "postgres", dump.toString());
      try (ConfigurableApplicationContext app = start("postgres", target.getJdbcUrl("postgres", "postgres"))) {
        carriesOn(app, notice);
      }
    }
  }

  /** The test org, a notice from the province to a city, and the city's 签收. */
  private static long noticeAcknowledged(ConfigurableApplicationContext app) {
    app.getBean(UnitImportService.class).importCsv(EngineTestContext.ORG_CSV.getBytes(StandardCharsets.UTF_8));
    ProcessEngine engine = app.getBean(ProcessEngine.class);
    CascadeDriver driver = new CascadeDriver(engine);
    long id = driver.noticeId(driver.startNotice("测备〔2026〕1号", "tprov", List.of(), List.of("tcity1"), false,
        false));
    driver.acknowledge(driver.unitInstance(id, "tcity1"));
    return id;
  }

  /** On the restored database: the city relays to a district, which receives the notice and has its 签收 to do. */
  private static void carriesOn(ConfigurableApplicationContext app, long notice) {
    ProcessEngine engine = app.getBean(ProcessEngine.class);
    JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
    assertThat(jdbc.queryForObject("select status from cascade_unit where notice_id = ? and unit_code = 'tcity1'",
        String.class, notice)).isEqualTo("acknowledged");
    CascadeDriver driver = new CascadeDriver(engine);
    ProcessInstance city = driver.unitInstance(notice, "tcity1");
    driver.relay(city, List.of(), List.of("tdist1"));
    assertThat(jdbc.queryForObject("select count(*) from cascade_unit where notice_id = ? and unit_code = 'tdist1'",
        Integer.class, notice)).isOne();
    assertThat(driver.task(driver.unitInstance(notice, "tdist1"), "Task_Acknowledge")).isNotNull();
  }

  private static ConfigurableApplicationContext start(String profile, String url) {
    List<String> args = new ArrayList<>(List.of("--spring.profiles.active=" + profile, "--server.port=0",
        "--camunda.bpm.job-execution.enabled=false", "--notice-cascade.history.retention-cron=-",
        "--notice-cascade.notification.dispatcher.enabled=false"));
    if (profile.equals("postgres")) {
      args.addAll(List.of("--NC_DB_URL=" + url, "--NC_DB_USER=postgres", "--NC_DB_PASSWORD=postgres",
          "--NC_ADMIN_PASSWORD=Backup-Secret-2026!"));
    } else {
      args.add("--spring.datasource.url=" + url);
    }
    return SpringApplication.run(NoticeCascadeApplication.class, args.toArray(String[]::new));
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(DIR.resolve(command[0] + ".log").toFile()).start();
    int exit = p.waitFor();
    assertThat(exit).as(String.join(" ", command) + ": " + Files.readString(DIR.resolve(command[0] + ".log")))
        .isZero();
  }

  private static void deleteTree(Path p) throws IOException {
    if (Files.exists(p)) {
      try (var walk = Files.walk(p)) {
        for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    }
  }
}
