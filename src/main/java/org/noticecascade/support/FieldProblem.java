package org.noticecascade.support;

/** One bad field: its name as the API and the forms call it, and a message in Chinese. */
public record FieldProblem(String field, String message) {

  @Override
  public String toString() {
    return field + "：" + message;
  }
}
