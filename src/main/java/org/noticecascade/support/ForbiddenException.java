package org.noticecascade.support;

/** The user is known but the thing asked for lies outside their units' subtrees. */
public class ForbiddenException extends RuntimeException {

  public ForbiddenException(String message) {
    super(message);
  }
}
