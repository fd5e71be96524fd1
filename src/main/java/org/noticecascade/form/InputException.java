package org.noticecascade.form;

import java.util.List;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;

/**
 * Bad input from a clerk or an API caller. It extends the engine's form validation exception so that a task
 * completed through Tasklist or /engine-rest with bad values answers 400 with our message, and the whole
 * engine transaction rolls back.
 */
public class InputException extends FormFieldValidationException {

  private final transient List<FieldProblem> problems;

  public InputException(List<FieldProblem> problems) {
    super(problems.isEmpty() ? "input" : problems.get(0).field(),
        problems.stream().map(FieldProblem::toString).collect(Collectors.joining("；")));
    this.problems = List.copyOf(problems);
  }

  public InputException(String field, String message) {
    this(List.of(new FieldProblem(field, message)));
  }

  public List<FieldProblem> problems() {
    return problems;
  }
}
