package org.noticecascade.orgdirectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.noticecascade.form.InputException;
import org.noticecascade.testing.SharedApplication;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The people file given at start-up ({@code --notice-cascade.users-csv}): its one-time passwords go to a file only
 * its owner may read, never to the log; a bad file stops the start with its lines named and leaves nothing behind.
 */
@SharedApplication
@ExtendWith(OutputCaptureExtension.class)
class PeopleFileImportTest {

  private static final String HEADER = "userId,name,unitCode,role,email,mobile,wecomUserId,dingtalkUserId,active\n";

  @Autowired UnitImportService units;
  @Autowired PeopleImportService people;
  @Autowired PersonRepository persons;
  @Autowired UnitRepository unitRepository;
  @Autowired UnitGroups groups;
  @Autowired Administrators administrators;
  @Autowired Accounts accounts;
  @Autowired TransactionTemplate tx;
  @Autowired IdentityService identity;
  @Autowired org.camunda.bpm.engine.ProcessEngine engine;
  @Autowired JdbcTemplate jdbc;
  @TempDir Path dir;

  @BeforeEach
  void unitsOfThisTest() {
    units.importCsv("code,name,kind,parentCode\npfroot,启动导入测试总工会,LOCAL_FEDERATION,\npfsub,启动导入测试基层工会,GRASSROOTS_UNION,pfroot\n"
        .getBytes(StandardCharsets.UTF_8));
  }

  private Path write(String name, String csv) throws IOException {
    return Files.writeString(dir.resolve(name), csv, StandardCharsets.UTF_8);
  }

  private List<Path> passwordFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().contains(".passwords-")).toList();
    }
  }

  @Test
  void oneTimePasswordsGoToAnOwnerOnlyFileAndNeverToTheLog(CapturedOutput log) throws IOException {
    Path csv = write("people.csv", HEADER + "pfa,启动甲,pfroot,负责人,,,,,\npfb,启动乙,pfsub,经办人,,,,,\n");
    new PeopleFileImport(people, new PeopleFileImport.PeopleFileProperties(csv.toString())).importOnStart();

    assertThat(passwordFiles()).hasSize(1);
    Path file = passwordFiles().get(0);
    assertThat(file.getFileName().toString()).matches("people\\.csv\\.passwords-\\d{8}T\\d{6}\\.csv");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    String text = Files.readString(file, StandardCharsets.UTF_8);
    List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new java.io.StringReader(text.substring(1))).getRecords();
    assertThat(rows).extracting(r -> r.get("userId")).containsExactly("pfa", "pfb");
    for (CSVRecord r : rows) {
      assertThat(identity.checkPassword(r.get("userId"), r.get("password"))).isTrue();
      assertThat(log.getAll()).doesNotContain(r.get("password"));
    }
    assertThat(rows.get(1).get("name")).isEqualTo("启动乙");
    assertThat(log.getAll()).contains(file.toString());
    assertThat(persons.find("pfb").orElseThrow().mustChangePassword()).isTrue();

    // the same file at the next start changes nothing and issues no password
    new PeopleFileImport(people, new PeopleFileImport.PeopleFileProperties(csv.toString())).importOnStart();
    assertThat(passwordFiles()).hasSize(1);
  }

  @Test
  void aBadFileStopsTheStartWithItsLinesNamedAndLeavesNothing() throws IOException {
    Path csv = write("bad.csv", HEADER + "pfc,启动丙,pfroot,经办人,,,,,\npfd,启动丁,nowhere,经办人,,,,,\n");
    Throwable refused = catchThrowable(() ->
        new PeopleFileImport(people, new PeopleFileImport.PeopleFileProperties(csv.toString())).importOnStart());
    assertThat(refused).isInstanceOf(InputException.class).hasMessageContaining("第3行")
        .hasMessageContaining("nowhere");
    assertThat(passwordFiles()).isEmpty();
    assertThat(identity.createUserQuery().userId("pfc").count()).isZero();
  }

  /** Behind a single sign-on: new people get no password of ours and nothing to change. */
  @Test
  void withAnExternalLoginNoPasswordIsIssued() {
    PeopleImportService external = new PeopleImportService(persons, unitRepository, engine, groups, administrators,
        accounts, tx, new PeopleImportService.UsersProperties(true));
    PeopleImportService.Result r = external.importCsv(new java.io.ByteArrayInputStream(
        (HEADER + "pfsso,单点登录,pfsub,经办人,,,,,\n").getBytes(StandardCharsets.UTF_8)));
    assertThat(r.created()).isEqualTo(1);
    assertThat(r.passwords()).isEmpty();
    assertThat(persons.find("pfsso").orElseThrow().mustChangePassword()).isFalse();
    assertThat(accounts.state("pfsso")).isEqualTo(Accounts.State.ACTIVE);
    assertThat(jdbc.queryForObject("select count(*) from act_id_membership where user_id_ = 'pfsso' and group_id_ = 'pfsub'",
        Integer.class)).isEqualTo(1);
  }
}
