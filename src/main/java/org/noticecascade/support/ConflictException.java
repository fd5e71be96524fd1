package org.noticecascade.support;

import org.noticecascade.form.InputException;

/** The request is well formed but clashes with what exists (a 文号 already used by the same issuer). */
public class ConflictException extends InputException {

  public ConflictException(String field, String message) {
    super(field, message);
  }
}
