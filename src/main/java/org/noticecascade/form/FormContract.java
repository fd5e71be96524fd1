package org.noticecascade.form;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.variable.value.SerializableValue;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.spin.json.SpinJsonNode;
import org.noticecascade.form.FieldProblem;

/**
 * A deployed Camunda Form read as the contract of its task: a submission may carry only the keys of the form's
 * enabled fields, each of the field's type and within its limits (required, minLength, maxLength, min, max, whole
 * numbers, options), and a read-only field only with the value it shows. The form is the one place those limits
 * live; the server derives its checks from it, so the form and the server cannot drift.
 */
public final class FormContract {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private final String id;
  private final Map<String, FormField> fields;

  FormContract(String id, Map<String, FormField> fields) {
    this.id = id;
    this.fields = Collections.unmodifiableMap(fields);
  }

  /** Reads a Camunda Form (form-js JSON), groups and their nested fields included. */
  public static FormContract parse(InputStream form) {
    try {
      JsonNode root = JSON.readTree(form);
      Map<String, FormField> fields = new LinkedHashMap<>();
      collect(root.path("components"), fields);
      return new FormContract(root.path("id").asText(null), fields);
    } catch (IOException e) {
      throw new IllegalArgumentException("表单不是有效的 JSON：" + e.getMessage(), e);
    }
  }

  private static void collect(JsonNode components, Map<String, FormField> fields) {
    for (JsonNode c : components) {
      if (c.has("components")) {
        collect(c.get("components"), fields);
      }
      String key = c.path("key").asText(null);
      if (key == null || key.isBlank()) {
        continue;
      }
      JsonNode validate = c.path("validate");
      String label = c.hasNonNull("label") ? c.get("label").asText() : c.path("dateLabel").asText(key);
      List<FormField.Option> options = new ArrayList<>();
      c.path("values").forEach(v -> options.add(new FormField.Option(v.path("value").asText(), v.path("label").asText())));
      fields.put(key, new FormField(key, label.isBlank() ? key : label, c.path("type").asText(),
          c.path("readonly").asBoolean(false), c.path("disabled").asBoolean(false),
          validate.path("required").asBoolean(false), c.has("conditional"),
          intOrNull(validate, "minLength"), intOrNull(validate, "maxLength"), doubleOrNull(validate, "min"),
          doubleOrNull(validate, "max"), intOrNull(c, "decimalDigits"), validate.path("pattern").asText(null),
          List.copyOf(options), c.path("valuesKey").asText(null)));
    }
  }

  private static Integer intOrNull(JsonNode node, String name) {
    return node.hasNonNull(name) ? node.get(name).asInt() : null;
  }

  private static Double doubleOrNull(JsonNode node, String name) {
    return node.hasNonNull(name) ? node.get(name).asDouble() : null;
  }

  public String id() {
    return id;
  }

  java.util.Collection<FormField> fields() {
    return fields.values();
  }

  /** The keys a person can fill in or that the form shows. */
  public java.util.Set<String> keys() {
    return fields.keySet();
  }

  /** The label the form gives a field, as users read it. */
  public Optional<String> label(String key) {
    return Optional.ofNullable(fields.get(key)).map(FormField::label);
  }

  /** The longest text the form lets a person enter in the field, if it sets one. */
  public Optional<Integer> maxLength(String key) {
    return Optional.ofNullable(fields.get(key)).map(FormField::maxLength);
  }

  /**
   * Every problem of a submission: {@code submitted} as sent (plain or typed values), {@code current} the values the
   * task shows now (for read-only fields, option lists and required fields not sent again).
   */
  public List<FieldProblem> check(Map<String, ?> submitted, Function<String, Object> current) {
    return check(submitted, current, true);
  }

  /**
   * Every problem of a start form's submission. A start has no variables, so a field whose options come from a
   * variable (valuesKey: the unit pickers, whose options the server put into the form for the user, see
   * StartFormOptions) is checked for its type here and for its values by the process's own rules (the 主送 units
   * must exist and lie below the issuer, NoticeService.validate).
   */
  public List<FieldProblem> checkStart(Map<String, ?> submitted) {
    return check(submitted, key -> null, false);
  }

  private List<FieldProblem> check(Map<String, ?> submitted, Function<String, Object> current, boolean keyedOptions) {
    List<FieldProblem> problems = new ArrayList<>();
    Map<String, ?> values = submitted == null ? Map.of() : submitted;
    for (String key : values.keySet()) {
      if (!fields.containsKey(key)) {
        problems.add(new FieldProblem(key, key, "表单中没有此项，不能提交"));
      }
    }
    for (FormField field : fields.values()) {
      boolean sent = values.containsKey(field.key());
      Object value = sent ? plain(values.get(field.key())) : null;
      if (sent && field.disabled()) {
        problems.add(problem(field, "不可填写"));
      } else if (sent && field.readonly()) {
        if (!same(value, current.apply(field.key()))) {
          problems.add(problem(field, "为只读项，不能修改"));
        }
      } else if (!field.readonly() && !field.disabled()) {
        Object effective = sent ? value : current.apply(field.key());
        if (isEmpty(effective)) {
          if (field.required() && !field.conditional()) {
            problems.add(problem(field, "必填"));
          }
        } else if (field.required() && !field.conditional() && "checkbox".equals(field.type())
            && Boolean.FALSE.equals(plain(effective))) {
          // form-js refuses a required checkbox left unticked; so does the contract
          problems.add(problem(field, "须勾选"));
        } else if (sent) {
          checkValue(field, value, current, keyedOptions || field.optionsKey() == null, problems);
        }
      }
    }
    return problems;
  }

  private static FieldProblem problem(FormField field, String message) {
    return new FieldProblem(field.key(), field.label(), message);
  }

  private static void checkValue(FormField field, Object value, Function<String, Object> current, boolean withOptions,
      List<FieldProblem> problems) {
    if (field.isText()) {
      checkText(field, value, problems);
    } else if ("number".equals(field.type())) {
      checkNumber(field, value, problems);
    } else if ("datetime".equals(field.type())) {
      checkDate(field, value, problems);
    } else if ("checkbox".equals(field.type())) {
      if (!(value instanceof Boolean)) {
        problems.add(problem(field, "应为是或否"));
      }
    } else if (field.isChoice() && !withOptions) {
      if (!(value instanceof String)) {
        problems.add(problem(field, "应为文本"));
      }
    } else if (field.isChoice()) {
      List<FormField.Option> options = options(field, current);
      if (!(value instanceof String s) || options.stream().noneMatch(o -> o.value().equals(s))) {
        problems.add(problem(field, "取值应为 " + options.stream().map(FormField.Option::label)
            .collect(Collectors.joining("、")) + " 之一"));
      }
    } else if (field.isList()) {
      checkList(field, value, current, withOptions, problems);
    }
  }

  private static void checkText(FormField field, Object value, List<FieldProblem> problems) {
    if (!(value instanceof String text)) {
      problems.add(problem(field, "应为文本"));
      return;
    }
    int length = text.codePointCount(0, text.length());
    if (field.maxLength() != null && length > field.maxLength()) {
      problems.add(problem(field, "不得超过 " + field.maxLength() + " 个字（现为 " + length + " 个字）"));
    }
    if (field.minLength() != null && length < field.minLength()) {
      problems.add(problem(field, "不得少于 " + field.minLength() + " 个字"));
    }
    if (field.pattern() != null && !field.pattern().isBlank()) {
      try {
        // form-js tests the pattern as a JavaScript RegExp does: a match anywhere
        if (!Pattern.compile(field.pattern()).matcher(text).find()) {
          problems.add(problem(field, "格式不正确"));
        }
      } catch (PatternSyntaxException e) {
        problems.add(problem(field, "表单的格式规则无法识别"));
      }
    }
  }

  private static void checkNumber(FormField field, Object value, List<FieldProblem> problems) {
    BigDecimal number = decimal(value);
    if (number == null) {
      problems.add(problem(field, "应为数字"));
      return;
    }
    if (field.decimalDigits() != null && number.stripTrailingZeros().scale() > field.decimalDigits()) {
      problems.add(problem(field, field.decimalDigits() == 0 ? "应为整数" : "最多 " + field.decimalDigits() + " 位小数"));
    }
    if (field.min() != null && number.compareTo(BigDecimal.valueOf(field.min())) < 0) {
      problems.add(problem(field, field.min() == 0 ? "不能为负数" : "不得小于 " + plainNumber(field.min())));
    }
    if (field.max() != null && number.compareTo(BigDecimal.valueOf(field.max())) > 0) {
      problems.add(problem(field, "不得大于 " + plainNumber(field.max())));
    }
  }

  private static String plainNumber(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  private static void checkDate(FormField field, Object value, List<FieldProblem> problems) {
    if (value instanceof Date) {
      return;
    }
    if (value instanceof String text && ISO_DATE.matcher(text.trim()).matches()) {
      try {
        LocalDate.parse(text.trim());
        return;
      } catch (DateTimeParseException e) {
        // falls through to the problem below
      }
    }
    problems.add(problem(field, "日期格式应为 YYYY-MM-DD"));
  }

  private static void checkList(FormField field, Object value, Function<String, Object> current, boolean withOptions,
      List<FieldProblem> problems) {
    List<String> items = items(value);
    if (items == null) {
      problems.add(problem(field, "应为列表"));
      return;
    }
    if (!withOptions) {
      return;
    }
    List<FormField.Option> options = options(field, current);
    List<String> unknown = items.stream().filter(i -> options.stream().noneMatch(o -> o.value().equals(i))).toList();
    if (!unknown.isEmpty()) {
      problems.add(problem(field, "“" + String.join("、", unknown.subList(0, Math.min(unknown.size(), 10)))
          + (unknown.size() > 10 ? "”等 " + unknown.size() + " 项" : "”") + "不在可选范围内"));
    }
  }

  /** The field's fixed options, or those the task computed into the variable its valuesKey names. */
  private static List<FormField.Option> options(FormField field, Function<String, Object> current) {
    if (field.optionsKey() == null) {
      return field.options();
    }
    JsonNode node = json(plain(current.apply(field.optionsKey())));
    List<FormField.Option> options = new ArrayList<>();
    if (node != null && node.isArray()) {
      node.forEach(o -> options.add(o.isObject() ? new FormField.Option(o.path("value").asText(), o.path("label").asText())
          : new FormField.Option(o.asText(), o.asText())));
    }
    return options;
  }

  /** A list as Tasklist sends a checklist or taglist (Json), or as a Java caller may (a collection); else null. */
  private static List<String> items(Object value) {
    if (value instanceof Collection<?> c) {
      return c.stream().allMatch(String.class::isInstance) ? c.stream().map(String.class::cast).toList() : null;
    }
    JsonNode node = json(value);
    if (node == null || !node.isArray()) {
      return null;
    }
    List<String> items = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        return null;
      }
      items.add(item.asText());
    }
    return items;
  }

  private static JsonNode json(Object value) {
    if (value == null) {
      return null;
    }
    // text as REST and Tasklist send a Json value, or Spin's node when the engine has read it
    if (!(value instanceof String) && !(value instanceof SpinJsonNode)) {
      return null;
    }
    try {
      return JSON.readTree(value.toString());
    } catch (IOException e) {
      return null;
    }
  }

  /** The value of a typed value; a serialized one (Json from REST) as its text, without deserializing it. */
  static Object plain(Object value) {
    if (value instanceof SerializableValue s && !s.isDeserialized()) {
      return s.getValueSerialized();
    }
    if (value instanceof TypedValue t) {
      return t.getValue();
    }
    return value;
  }

  private static boolean isEmpty(Object value) {
    Object v = plain(value);
    if (v == null) {
      return true;
    }
    if (v instanceof String s) {
      String t = s.trim();
      return t.isEmpty() || "[]".equals(t);
    }
    if (v instanceof Collection<?> c) {
      return c.isEmpty();
    }
    JsonNode node = json(v);
    return node != null && node.isArray() && node.isEmpty();
  }

  /** Whether a read-only field came back as shown: an empty value and a missing one are the same to a person. */
  private static boolean same(Object sent, Object shown) {
    Object a = plain(sent);
    Object b = plain(shown);
    if (isEmpty(a) || isEmpty(b)) {
      return isEmpty(a) && isEmpty(b);
    }
    BigDecimal x = decimal(a);
    BigDecimal y = decimal(b);
    if (x != null && y != null) {
      return x.compareTo(y) == 0;
    }
    return text(a).equals(text(b));
  }

  private static String text(Object value) {
    if (value instanceof Date d) {
      return d.toInstant().toString();
    }
    JsonNode node = json(value);
    return node != null && node.isContainerNode() ? node.toString() : value.toString().trim();
  }

  private static BigDecimal decimal(Object value) {
    if (value instanceof Double d && (d.isNaN() || d.isInfinite())
        || value instanceof Float f && (f.isNaN() || f.isInfinite())) {
      return null;
    }
    if (value instanceof BigDecimal b) {
      return b;
    }
    if (value instanceof Number n) {
      return n instanceof Double || n instanceof Float ? BigDecimal.valueOf(n.doubleValue())
          : new BigDecimal(n.toString());
    }
    return null;
  }
}
