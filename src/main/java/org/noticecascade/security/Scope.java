package org.noticecascade.security;

import java.util.List;

/**
 * The units whose subtrees the current user may watch: their own unit (a clerk) or the unit they lead (a leader);
 * everything for an administrator.
 */
public record Scope(boolean everything, List<String> paths) {

  public boolean covers(String path) {
    return everything || paths.stream().anyMatch(path::startsWith);
  }
}
