package org.noticecascade.cascade;

import org.noticecascade.orgdirectory.OrgIds;
import org.springframework.stereotype.Component;

/**
 * The candidate group of a unit's tasks, for the BPMN's expressions ({@code ${taskGroups.of(unitCode)}}): derived
 * from the unit code when the task is created, rather than carried as two more variables in every unit's instance.
 * Public because the engine's expression language calls it.
 */
@Component("taskGroups")
public class TaskGroups {

  public String of(String unitCode) {
    return OrgIds.unitGroup(unitCode);
  }
}
