package org.noticecascade.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.noticecascade.orgdirectory.UnitRepository;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.Coverage;
import org.noticecascade.testing.EngineTestContext;
import org.noticecascade.testing.RecountedRates;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * 抄送 in the progress views and the Excel: the copied units of the subtree viewed, 已阅知 and 阅知率, apart from
 * the cascade's counts, each checked against a recount from notice_cc and the org tree.
 */
@Deployment(resources = {"processes/noticeIssue.bpmn", "processes/unitCascade.bpmn", "processes/unitRead.bpmn",
    "forms/noticeStart.form", "forms/signOff.form", "forms/number.form", "forms/summary.form", "forms/noticeTrack.form",
    "forms/acknowledge.form", "forms/relay.form", "forms/study.form", "forms/report.form", "forms/review.form",
    "forms/escalate.form", "forms/read.form", "forms/attachFiles.form"})
class CcProgressTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = Coverage.extension();

  private static final List<String> COPIED = List.of("tdept", "tind", "tdist1", "tgr1");

  private final ProcessEngine engine = EngineTestContext.engine();
  private final CascadeDriver driver = new CascadeDriver(engine);
  private final ProgressService progress = EngineTestContext.context().getBean(ProgressService.class);
  private final UnitRepository units = EngineTestContext.context().getBean(UnitRepository.class);
  private final NamedParameterJdbcTemplate jdbc = EngineTestContext.context().getBean(NamedParameterJdbcTemplate.class);

  /** To tcity1 only, copied to a department, an industry union, and a district and a grassroots union below 甲市. */
  private long notice() {
    long id = driver.noticeId(driver.startNotice("抄送进度〔2026〕" + System.nanoTime() + "号", "tprov", List.of(),
        List.of("tcity1"), true, false, CascadeDriver.copiedTo(COPIED.toArray(String[]::new))));
    driver.read(driver.ccInstance(id, "tdept"));
    driver.read(driver.ccInstance(id, "tdist1"));
    return id;
  }

  /** The copied units under {@code root} (null: all), found by walking each one's superiors, and those read. */
  private Map<String, Boolean> recount(long noticeId, String root) {
    Map<String, Boolean> read = new HashMap<>();
    jdbc.query("select unit_code, read_at from notice_cc where notice_id = :id", Map.of("id", noticeId), rs -> {
      String code = rs.getString(1);
      boolean under = root == null;
      for (String at = code; at != null && !under; at = units.find(at).orElseThrow().parentCode()) {
        under = at.equals(root);
      }
      if (under) {
        read.put(code, rs.getTimestamp(2) != null);
      }
    });
    return read;
  }

  private static int readCount(Map<String, Boolean> recount) {
    return (int) recount.values().stream().filter(b -> b).count();
  }

  @Test
  void progressShowsTheCopiedUnitsOfTheSubtreeApartFromTheCascade() {
    long id = notice();

    ProgressService.Progress whole = progress.progress(id, null, null);
    Map<String, Boolean> all = recount(id, null);
    assertThat(all).containsOnlyKeys(COPIED);
    assertThat(whole.copies().copied()).isEqualTo(all.size()).isEqualTo(4);
    assertThat(whole.copies().read()).isEqualTo(readCount(all)).isEqualTo(2);
    assertThat(Rate.READ.text(whole.copies())).isEqualTo(RecountedRates.percent(2, 4)).isEqualTo("50.0%");
    assertThat(whole.copies().units()).extracting(CcRepository.CcUnit::unitCode).containsExactlyInAnyOrderElementsOf(COPIED);
    whole.copies().units().forEach(u -> assertThat(u.readAt() != null).as(u.unitCode()).isEqualTo(all.get(u.unitCode())));
    // the cascade counts its own units only: tcity1 reached, the copied units neither reached nor to report
    assertThat(whole.totals().reached()).isEqualTo(1);
    assertThat(whole.totals().mustReport()).isEqualTo(1);
    assertThat(whole.units()).extracting(n -> n.unit().unitCode()).containsExactly("tcity1");

    // 甲市's view: only the copied units below it
    ProgressService.Progress city = progress.progress(id, "tcity1", null);
    Map<String, Boolean> cityRecount = recount(id, "tcity1");
    assertThat(cityRecount).containsOnlyKeys("tdist1", "tgr1");
    assertThat(city.copies().copied()).isEqualTo(cityRecount.size());
    assertThat(city.copies().read()).isEqualTo(readCount(cityRecount)).isEqualTo(1);
    assertThat(city.copies().units()).extracting(CcRepository.CcUnit::unitCode).containsExactly("tdist1", "tgr1");

    assertThat(progress.rollUpText(id)).contains("另抄送 4 个单位，已阅知 2（阅知率 50.0%）");
  }

  @Test
  void withoutCopiesTheRateIsADash() {
    long id = driver.noticeId(driver.startNotice("抄送进度〔2026〕" + System.nanoTime() + "号", "tprov", List.of(),
        List.of("tcity1"), false, false));
    ProgressService.Copies none = progress.progress(id, null, null).copies();
    assertThat(none.copied()).isZero();
    assertThat(Rate.READ.text(none)).isEqualTo("—");
    assertThat(progress.rollUpText(id)).doesNotContain("抄送");
  }

  @Test
  void theWorkbookListsTheCopiedUnitsAndTheirRateAsRecounted() throws IOException {
    long id = notice();
    workbookMatches(id, null);
    workbookMatches(id, "tcity1");
  }

  private void workbookMatches(long id, String root) throws IOException {
    Map<String, Boolean> recount = recount(id, root);
    byte[] xlsx = ProgressWorkbook.write(progress.export(id, root));
    try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
      Sheet list = wb.getSheet(ProgressWorkbook.COPIES);
      assertThat(texts(list.getRow(0))).containsExactly("单位代码", "单位名称", "收文时间", "阅知时间", "阅知人");
      Map<String, Boolean> listed = new HashMap<>();
      for (int i = 1; i <= list.getLastRowNum(); i++) {
        Row r = list.getRow(i);
        listed.put(r.getCell(0).getStringCellValue(), r.getCell(3) != null);
      }
      assertThat(listed).as(String.valueOf(root)).isEqualTo(recount);

      Sheet summary = wb.getSheet(ProgressWorkbook.SUMMARY);
      Row label = null;
      for (Row r : summary) {
        if (r.getCell(0) != null && "抄送单位阅知情况".equals(new DataFormatter().formatCellValue(r.getCell(0)))) {
          label = r;
        }
      }
      assertThat(label).isNotNull();
      assertThat(texts(summary.getRow(label.getRowNum() + 1))).containsExactly("抄送单位数", "已阅知", "阅知率");
      Row numbers = summary.getRow(label.getRowNum() + 2);
      assertThat(numbers.getCell(0).getNumericCellValue()).isEqualTo(recount.size());
      assertThat(numbers.getCell(1).getNumericCellValue()).isEqualTo(readCount(recount));
      assertThat(new DataFormatter().formatCellValue(numbers.getCell(2)))
          .isEqualTo(RecountedRates.percent(readCount(recount), recount.size()));
    }
  }

  private static List<String> texts(Row row) {
    List<String> texts = new ArrayList<>();
    row.forEach(c -> texts.add(c.getStringCellValue()));
    return texts;
  }
}
