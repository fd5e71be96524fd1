package org.noticecascade.orgdirectory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Imports the people file at start-up when {@code notice-cascade.users-csv} names one, after the units file. A bad
 * file stops the start with every bad line named. One-time passwords go to a file beside the CSV that only the
 * file's owner may read ({@code people.csv.passwords-20261208T040000.csv}); the log names the file, never a password.
 */
@Component
@EnableConfigurationProperties(PeopleFileImport.PeopleFileProperties.class)
class PeopleFileImport {

  private static final Logger LOG = LoggerFactory.getLogger(PeopleFileImport.class);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

  /** @param usersCsv a people file imported at every start ({@code --notice-cascade.users-csv=/path/people.csv}) */
  @ConfigurationProperties("notice-cascade")
  record PeopleFileProperties(String usersCsv) {
  }

  private final PeopleImportService importer;
  private final String file;

  PeopleFileImport(PeopleImportService importer, PeopleFileProperties properties) {
    this.importer = importer;
    this.file = properties.usersCsv();
  }

  // after the units file (order 0), whose units the people belong to
  @EventListener(ApplicationReadyEvent.class)
  @Order(1)
  void importOnStart() {
    if (file == null || file.isBlank()) {
      return;
    }
    Path csv = Path.of(file);
    // the passwords' file is made first: where it cannot be, nothing is imported and no password is lost
    Path passwords = createPasswordsFile(csv);
    PeopleImportService.Result r;
    try (InputStream in = Files.newInputStream(csv)) {
      r = importer.importCsv(in);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(passwords);
      if (e instanceof IOException io) {
        throw new UncheckedIOException("无法读取人员文件 " + file, io);
      }
      throw (RuntimeException) e;
    }
    LOG.info("已从 {} 导入人员：新增 {}，更新 {}，停用 {}，重新启用 {}", file, r.created(), r.updated(), r.deactivated(),
        r.reactivated());
    if (r.passwords().isEmpty()) {
      deleteQuietly(passwords);
      return;
    }
    writePasswords(passwords, r);
    LOG.warn("{} 人的一次性密码已写入 {}（仅文件所有者可读）：请分发后删除该文件", r.passwords().size(), passwords);
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("无法删除空的一次性密码文件 {}", path, e);
    }
  }

  /**
   * Readable by its owner only from the start: the permissions are set as the file is made. A start within the same
   * second as an earlier one gets a numbered name rather than that file.
   */
  static Path createPasswordsFile(Path csv) {
    String stem = csv.getFileName() + ".passwords-" + LocalDateTime.now().format(STAMP);
    Path target = null;
    try {
      for (int n = 1; ; n++) {
        target = csv.toAbsolutePath().resolveSibling(stem + (n == 1 ? "" : "-" + n) + ".csv");
        try {
          try {
            return Files.createFile(target,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the directory's own access rules apply
            return Files.createFile(target);
          }
        } catch (FileAlreadyExistsException e) {
          // taken: the next number
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("无法创建一次性密码文件 " + target + "，未导入人员", e);
    }
  }

  static void writePasswords(Path target, PeopleImportService.Result r) {
    try (Writer out = Files.newBufferedWriter(target, StandardCharsets.UTF_8);
         CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT)) {
      // a BOM so Excel reads the names as UTF-8
      out.write('\uFEFF');
      printer.printRecord("userId", "name", "unitCode", "password");
      for (PeopleImportService.Issued i : r.passwords()) {
        printer.printRecord(i.userId(), i.name(), i.unitCode(), i.password());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("无法写入一次性密码文件 " + target
          + "（导入已完成：请停用并重新启用这些人员以重发密码）", e);
    }
  }
}
