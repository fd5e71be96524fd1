package org.noticecascade.orgdirectory;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * A unit's two Camunda groups, its clerks' ({@code <code>}) and its leaders' ({@code <code>leaders}), made or renamed
 * with the unit. A new leaders' group is announced ({@link LeadersGroupCreated}) in the same transaction, so what
 * leaders may open (Cockpit) is granted at once, not at the next start.
 */
@Component
public class UnitGroups {

  public static final String UNIT_TYPE = "UNIT";
  public static final String LEADERS_TYPE = "LEADERS";

  /** A leaders' group was just made: security grants it what leaders have. */
  public record LeadersGroupCreated(String groupId, String unitCode) {
  }

  private final IdentityService identity;
  private final ApplicationEventPublisher events;

  UnitGroups(IdentityService identity, ApplicationEventPublisher events) {
    this.identity = identity;
    this.events = events;
  }

  public void ensure(Unit unit) {
    save(unit.groupId(), unit.name(), UNIT_TYPE);
    if (save(OrgIds.leaderGroup(unit.code()), unit.name() + "负责人", LEADERS_TYPE)) {
      events.publishEvent(new LeadersGroupCreated(OrgIds.leaderGroup(unit.code()), unit.code()));
    }
  }

  /** A removed unit's groups keep their ids (past tasks name them) but lose every member. */
  void empty(String unitCode) {
    for (String groupId : List.of(OrgIds.unitGroup(unitCode), OrgIds.leaderGroup(unitCode))) {
      identity.createUserQuery().memberOfGroup(groupId).list()
          .forEach(user -> identity.deleteMembership(user.getId(), groupId));
    }
  }

  /** Makes the group or brings its name up to date; true when it was made. */
  private boolean save(String id, String name, String type) {
    Group group = identity.createGroupQuery().groupId(id).singleResult();
    if (group == null) {
      group = identity.newGroup(id);
      group.setName(name);
      group.setType(type);
      identity.saveGroup(group);
      return true;
    }
    if (!name.equals(group.getName())) {
      group.setName(name);
      identity.saveGroup(group);
    }
    return false;
  }
}
