package org.noticecascade.orgdirectory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Imports the org directory from a CSV file at start-up when {@code notice-cascade.units-csv} names one: how an
 * operator loads or updates the tree without calling the API. The import is the API's: all or nothing, and a
 * bad file stops the start with every bad line named.
 */
@Component
@EnableConfigurationProperties(UnitFileImport.DirectoryProperties.class)
class UnitFileImport {

  private static final Logger LOG = LoggerFactory.getLogger(UnitFileImport.class);

  private final UnitImportService importer;
  private final String file;

  /** @param unitsCsv a units file imported at every start ({@code --notice-cascade.units-csv=/path/units.csv}) */
  @ConfigurationProperties("notice-cascade")
  record DirectoryProperties(String unitsCsv) {
  }

  UnitFileImport(UnitImportService importer, DirectoryProperties properties) {
    this.importer = importer;
    this.file = properties.unitsCsv();
  }

  @EventListener(ApplicationReadyEvent.class)
  @Order(0)
  void importOnStart() {
    if (file == null || file.isBlank()) {
      return;
    }
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      UnitImportService.Result r = importer.importCsv(in);
      LOG.info("已从 {} 导入单位：新增 {}，更新 {}（其中迁移 {}），删除 {}", file, r.created(), r.updated(), r.moved(),
          r.removed());
    } catch (IOException e) {
      throw new UncheckedIOException("无法读取单位文件 " + file, e);
    }
  }
}
