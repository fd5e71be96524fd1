package org.noticecascade.form;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.spin.json.SpinJsonNode;

/**
 * Reads a task's submitted values the way Tasklist and the REST API send them: numbers as Integer, Long or Double,
 * dates as "YYYY-MM-DD" text, checklists as Json. Each reader collects problems instead of failing on the first.
 * Limits (lengths, ranges, options) are the form's and are checked before the task ends ({@link FormContract});
 * readers here check what a listener relies on and the rules that span fields.
 */
public final class FormValues {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final VariableScope scope;
  private final List<FieldProblem> problems = new ArrayList<>();

  public FormValues(VariableScope scope) {
    this.scope = scope;
  }

  public String text(String name, boolean required) {
    Object value = scope.getVariable(name);
    String text = value == null ? null : value.toString().trim();
    if (text == null || text.isEmpty()) {
      if (required) {
        problems.add(new FieldProblem(name, "必填"));
      }
      return null;
    }
    return text;
  }

  public LocalDate date(String name, boolean required) {
    Object value = scope.getVariable(name);
    if (value == null || value.toString().isBlank()) {
      if (required) {
        problems.add(new FieldProblem(name, "必填"));
      }
      return null;
    }
    if (value instanceof java.util.Date d) {
      return org.noticecascade.support.EngineClock.local(d).toLocalDate();
    }
    String text = value.toString().trim();
    try {
      // Tasklist sends "YYYY-MM-DD"; a datetime may follow it
      return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
    } catch (DateTimeParseException e) {
      problems.add(new FieldProblem(name, "日期格式应为 YYYY-MM-DD"));
      return null;
    }
  }

  public Integer nonNegativeInt(String name, boolean required) {
    Object value = scope.getVariable(name);
    if (value == null || value.toString().isBlank()) {
      if (required) {
        problems.add(new FieldProblem(name, "必填"));
      }
      return null;
    }
    long number;
    if (value instanceof Number n) {
      if (n.doubleValue() != Math.rint(n.doubleValue())) {
        problems.add(new FieldProblem(name, "应为整数"));
        return null;
      }
      number = n.longValue();
    } else {
      try {
        number = Long.parseLong(value.toString().trim());
      } catch (NumberFormatException e) {
        problems.add(new FieldProblem(name, "应为整数"));
        return null;
      }
    }
    if (number < 0) {
      problems.add(new FieldProblem(name, "不能为负数"));
      return null;
    }
    if (number > Integer.MAX_VALUE) {
      problems.add(new FieldProblem(name, "数值过大"));
      return null;
    }
    return (int) number;
  }

  /**
   * A deadline given either as a date or as a number of working days from today, exactly one of the two;
   * {@code inWorkingDays} turns the number into the date.
   */
  public LocalDate dueDate(String dateField, String workingDaysField, java.util.function.IntFunction<LocalDate> inWorkingDays) {
    LocalDate date = date(dateField, false);
    Integer days = nonNegativeInt(workingDaysField, false);
    boolean dateGiven = present(dateField);
    boolean daysGiven = present(workingDaysField);
    if (dateGiven && daysGiven) {
      problems.add(new FieldProblem(dateField, "请填写截止日期或工作日天数，二者只填其一"));
      return null;
    }
    if (!dateGiven && !daysGiven) {
      problems.add(new FieldProblem(dateField, "必填（填写截止日期，或填写几个工作日内完成）"));
      return null;
    }
    return days != null ? inWorkingDays.apply(days) : date;
  }

  private boolean present(String name) {
    Object value = scope.getVariable(name);
    return value != null && !value.toString().isBlank();
  }

  public boolean flag(String name) {
    Object value = scope.getVariable(name);
    if (value instanceof Boolean b) {
      return b;
    }
    return value != null && Boolean.parseBoolean(value.toString().trim());
  }

  /** A choice among fixed values (a radio or select). */
  public String choice(String name, boolean required, Collection<String> allowed) {
    String text = text(name, required);
    if (text != null && !allowed.contains(text)) {
      problems.add(new FieldProblem(name, "取值应为 " + String.join("、", allowed) + " 之一"));
      return null;
    }
    return text;
  }

  /** A list as Tasklist sends a checklist or taglist (Json), or as an API caller may: a list or comma text. */
  public List<String> list(String name) {
    return toList(scope.getVariable(name), name, problems);
  }

  public void problem(String field, String message) {
    problems.add(new FieldProblem(field, message));
  }

  public boolean hasProblems() {
    return !problems.isEmpty();
  }

  /** Throws when any reader found a problem; call once after reading every field. */
  public void check() {
    if (!problems.isEmpty()) {
      throw new InputException(problems);
    }
  }

  public static List<String> toList(Object value, String name, List<FieldProblem> problems) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof SpinJsonNode node) {
      value = node.toString();
    }
    if (value instanceof Collection<?> c) {
      return c.stream().map(String::valueOf).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
    String text = value.toString().trim();
    if (text.isEmpty()) {
      return List.of();
    }
    if (text.startsWith("[")) {
      try {
        List<Object> items = JSON.readValue(text, new TypeReference<>() {});
        List<String> result = new ArrayList<>();
        for (Object item : items) {
          if (item instanceof Map<?, ?> m && m.get("value") != null) {
            result.add(m.get("value").toString().trim());
          } else if (item != null && !item.toString().isBlank()) {
            result.add(item.toString().trim());
          }
        }
        return result;
      } catch (Exception e) {
        problems.add(new FieldProblem(name, "列表格式不正确"));
        return List.of();
      }
    }
    return Arrays.stream(text.split("[,，、;；\\s]+")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
