package org.noticecascade.form;

import java.util.List;

/**
 * One keyed field of a Camunda Form as the server enforces it: what form-js lets a person enter is exactly what a
 * submission may carry. {@code options} are the fixed choices ({@code values}); {@code optionsKey} names the variable
 * holding them when they are computed ({@code valuesKey}).
 */
record FormField(String key, String label, String type, boolean readonly, boolean disabled, boolean required,
                 boolean conditional, Integer minLength, Integer maxLength, Double min, Double max,
                 Integer decimalDigits, String pattern, List<Option> options, String optionsKey) {

  record Option(String value, String label) {
  }

  boolean isText() {
    return "textfield".equals(type) || "textarea".equals(type);
  }

  boolean isList() {
    return "checklist".equals(type) || "taglist".equals(type);
  }

  boolean isChoice() {
    return "radio".equals(type) || "select".equals(type);
  }
}
