package org.noticecascade.form;

import java.util.Map;

/**
 * Options of a start form's picker, computed per user. Tasklist 7.24 fetches no variables for a Camunda Form start
 * form (it asks /form-variables only for tasks), so a field's {@code valuesKey} has nothing to read there; instead the
 * server writes the options into the form as the user receives it ({@code GET .../deployed-start-form}): every field
 * whose valuesKey is {@link #key()} gets them as its fixed {@code values}.
 */
public interface StartFormOptions {

  /** The valuesKey this provides, e.g. {@code unitOptions}. */
  String key();

  /** Value to label, in the order shown; empty for a user with none. */
  Map<String, String> options(String userId);
}
