package org.noticecascade.orgdirectory;

/**
 * A node of the org tree. {@code path} is the chain of codes from the root ("/acftu/sc/sccd/"), so a subtree is
 * one indexed range scan.
 */
public record Unit(String code, String name, UnitKind kind, String parentCode, String path, int depth) {

  public String groupId() {
    return OrgIds.unitGroup(code);
  }
}
