package org.noticecascade.security;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.noticecascade.orgdirectory.OrgIds;
import org.noticecascade.orgdirectory.Unit;
import org.noticecascade.orgdirectory.UnitRepository;
import org.springframework.stereotype.Component;

/** Works out the current user's {@link Scope} from their Camunda groups. */
@Component
public class CurrentScope {

  private final IdentityService identity;
  private final UnitRepository units;

  CurrentScope(IdentityService identity, UnitRepository units) {
    this.identity = identity;
    this.units = units;
  }

  public Scope get() {
    Authentication auth = identity.getCurrentAuthentication();
    if (auth == null) {
      // our API always authenticates first; a call without a user is the system's own
      return new Scope(true, List.of());
    }
    List<String> groups = auth.getGroupIds() != null ? auth.getGroupIds()
        : identity.createGroupQuery().groupMember(auth.getUserId()).list().stream().map(Group::getId).toList();
    if (groups.contains(OrgIds.ADMIN_GROUP)) {
      return new Scope(true, List.of());
    }
    List<String> codes = new ArrayList<>();
    for (String g : groups) {
      codes.add(g.endsWith("leaders") ? g.substring(0, g.length() - "leaders".length()) : g);
    }
    return new Scope(false, units.findAll(codes).stream().map(Unit::path).toList());
  }
}
