package org.noticecascade.form;


/** The request is well formed but clashes with what exists (a 文号 already used by the same issuer). */
public class ConflictException extends InputException {

  public ConflictException(String field, String message) {
    super(field, message);
  }

  public ConflictException(java.util.List<FieldProblem> problems) {
    super(problems);
  }
}
