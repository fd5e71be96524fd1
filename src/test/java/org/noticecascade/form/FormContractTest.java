package org.noticecascade.form;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every form in forms/ as the contract of its task: an extra key, a wrong type, an over-long text and an
 * out-of-range number are each refused, naming the field by its label; what a person could fill in passes.
 */
class FormContractTest {

  static Stream<Path> forms() throws IOException {
    return Files.list(Path.of("forms")).filter(p -> p.toString().endsWith(".form")).sorted();
  }

  private static FormContract read(Path form) throws IOException {
    try (InputStream in = Files.newInputStream(form)) {
      return FormContract.parse(in);
    }
  }

  /** A value a person could enter in the field, within every limit the form sets. */
  private static Object valid(FormField f) {
    return switch (f.type()) {
      case "number" -> f.min() != null ? f.min().intValue() : 1;
      case "datetime" -> "2026-11-30";
      case "checkbox" -> true;
      case "checklist", "taglist" -> List.of();
      case "radio", "select" -> f.options().isEmpty() ? "x" : f.options().get(0).value();
      default -> "文".repeat(f.minLength() == null ? 1 : f.minLength());
    };
  }

  /** What the task would show: option lists for fields that take theirs from a variable. */
  private static Map<String, Object> shown(FormContract contract) {
    Map<String, Object> shown = new HashMap<>();
    contract.fields().stream().filter(f -> f.optionsKey() != null)
        .forEach(f -> shown.put(f.optionsKey(), "[{\"label\": \"甲\", \"value\": \"a\"}]"));
    return shown;
  }

  private static Map<String, Object> filledIn(FormContract contract) {
    Map<String, Object> values = new HashMap<>();
    contract.fields().stream().filter(f -> !f.readonly() && !f.disabled()).forEach(f -> values.put(f.key(), valid(f)));
    return values;
  }

  @ParameterizedTest
  @MethodSource("forms")
  void whatAPersonCanEnterPassesAndAnExtraKeyIsRefused(Path form) throws IOException {
    FormContract contract = read(form);
    Map<String, Object> shown = shown(contract);
    Map<String, Object> values = filledIn(contract);
    assertThat(contract.check(values, shown::get)).as(form.toString()).isEmpty();
    values.put("reportSubmitted", true);
    assertThat(contract.check(values, shown::get)).extracting(FieldProblem::toString)
        .containsExactly("reportSubmitted：表单中没有此项，不能提交");
  }

  /** As form-js: a required checkbox left unticked is refused (正文及附件已上传, 已阅知); an optional one is not. */
  @org.junit.jupiter.api.Test
  void aRequiredCheckboxMustBeTicked() throws IOException {
    FormContract attach = read(Path.of("forms/attachFiles.form"));
    assertThat(attach.check(Map.of("filesAttached", false), key -> null)).extracting(FieldProblem::toString)
        .containsExactly("正文及附件已上传：须勾选");
    assertThat(attach.check(Map.of(), key -> null)).extracting(FieldProblem::toString)
        .containsExactly("正文及附件已上传：必填");
    assertThat(attach.check(Map.of("filesAttached", true), key -> null)).isEmpty();
    FormContract start = read(Path.of("forms/noticeStart.form"));
    assertThat(start.checkStart(Map.of("attachBeforeDispatch", false))).extracting(FieldProblem::field)
        .doesNotContain("attachBeforeDispatch");
  }

  @ParameterizedTest
  @MethodSource("forms")
  void aWrongTypeAnOverLongTextAndAnOutOfRangeNumberAreRefused(Path form) throws IOException {
    FormContract contract = read(form);
    Map<String, Object> shown = shown(contract);
    for (FormField f : contract.fields()) {
      if (f.readonly() || f.disabled()) {
        Map<String, Object> changed = filledIn(contract);
        changed.put(f.key(), "改过的值");
        assertThat(contract.check(changed, shown::get)).extracting(FieldProblem::toString)
            .containsExactly(f.label() + "：为只读项，不能修改");
        continue;
      }
      Map<String, Object> wrongType = filledIn(contract);
      wrongType.put(f.key(), f.isText() || f.isChoice() ? (Object) 42 : "四十二");
      assertThat(contract.check(wrongType, shown::get)).as(f.key()).hasSize(1)
          .allSatisfy(p -> assertThat(p.label()).isEqualTo(f.label()));
      if (f.maxLength() != null) {
        Map<String, Object> tooLong = filledIn(contract);
        tooLong.put(f.key(), "长".repeat(f.maxLength() + 1));
        assertThat(contract.check(tooLong, shown::get)).extracting(FieldProblem::toString).containsExactly(
            f.label() + "：不得超过 " + f.maxLength() + " 个字（现为 " + (f.maxLength() + 1) + " 个字）");
      }
      if (f.max() != null) {
        Map<String, Object> tooBig = filledIn(contract);
        tooBig.put(f.key(), f.max().longValue() + 1);
        assertThat(contract.check(tooBig, shown::get)).extracting(FieldProblem::toString)
            .containsExactly(f.label() + "：不得大于 " + f.max().longValue());
      }
      if (f.min() != null) {
        Map<String, Object> tooSmall = filledIn(contract);
        tooSmall.put(f.key(), f.min().longValue() - 1);
        assertThat(contract.check(tooSmall, shown::get)).as(f.key()).hasSize(1);
      }
    }
  }
}
