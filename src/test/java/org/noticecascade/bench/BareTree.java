package org.noticecascade.bench;

import java.util.List;

/**
 * The tree as bare Camunda's processes see it: an in-memory bean for their expressions (the minimum a plain
 * process needs to know whom to call), standing in for the project's org directory and CascadeTargets.
 */
public final class BareTree {

  private final NationalTree tree;

  BareTree(NationalTree tree) {
    this.tree = tree;
  }

  public List<String> children(String code) {
    return tree.children(code);
  }

  public boolean hasChildren(String code) {
    return !tree.children(code).isEmpty();
  }

  public String path(String code) {
    return tree.node(code).path();
  }
}
