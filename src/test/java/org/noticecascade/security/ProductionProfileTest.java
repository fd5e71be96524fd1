package org.noticecascade.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.noticecascade.NoticeCascadeApplication;

/**
 * The production profile refuses to start without a first administrator's password, or with a weak one. Each
 * start is a JVM of its own, as an operator would run it (on H2 here; PostgresCascadeTest runs the same profile
 * on PostgreSQL and checks the administrator it creates and that no demo user exists). Not in this JVM: Camunda's
 * webapp filters keep the first application context in static state, so a second start that fails in the same JVM
 * fails in Tomcat ("has not been refreshed yet") instead of at the password (tried, 2026-12-07).
 */
class ProductionProfileTest {

  record Run(int exitCode, String output) {
  }

  private static Run start(String db, String... extra) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
        "-cp", System.getProperty("java.class.path"), NoticeCascadeApplication.class.getName(),
        "--spring.profiles.active=postgres",
        "--NC_DB_URL=jdbc:h2:mem:" + db, "--NC_DB_USER=sa", "--NC_DB_PASSWORD=",
        "--camunda.bpm.database.type=h2", "--camunda.bpm.job-execution.enabled=false", "--server.port=0"));
    command.addAll(List.of(extra));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the application neither started nor stopped:\n" + output);
    }
    return new Run(process.exitValue(), output);
  }

  @Test
  void refusesToStartWithoutAnAdministratorPassword() throws Exception {
    Run run = start("prodnopass");
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.output()).contains("NC_ADMIN_PASSWORD").doesNotContain("Started NoticeCascadeApplication");
  }

  @Test
  void refusesAWeakAdministratorPassword() throws Exception {
    Run run = start("prodweak", "--NC_ADMIN_PASSWORD=demo");
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.output()).contains("Password does not match policy").doesNotContain("Started NoticeCascadeApplication");
  }
}
