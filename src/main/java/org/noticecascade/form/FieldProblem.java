package org.noticecascade.form;

/**
 * One bad field: its name as the API and the forms call it, the label a person reads (the form's own label), and a
 * message in Chinese.
 */
public record FieldProblem(String field, String label, String message) {

  /** A problem with a field named as the forms name it: the label comes from the form that holds the field. */
  public FieldProblem(String field, String message) {
    this(field, FormLabels.label(field), message);
  }

  @Override
  public String toString() {
    return label + "：" + message;
  }
}
