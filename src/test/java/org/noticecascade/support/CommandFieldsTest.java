package org.noticecascade.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.camunda.bpm.engine.impl.cmd.AssignTaskCmd;
import org.camunda.bpm.engine.impl.cmd.ClaimTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitStartFormCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.junit.jupiter.api.Test;

/**
 * The engine commands' fields that the form contract and the command guard read. When an engine upgrade renames one,
 * this fails here, naming it, rather than letting a completion through unchecked.
 */
class CommandFieldsTest {

  @Test
  void theFieldsReadFromTheEnginesCommandsStillExist() {
    Map<String, Object> sent = Map.of("acknowledgeNote", "已签收");
    CompleteTaskCmd complete = new CompleteTaskCmd("task1", sent);
    assertThat((String) CommandFields.get(complete, "taskId")).isEqualTo("task1");
    assertThat((Map<?, ?>) CommandFields.get(complete, "variables")).isEqualTo(sent);
    SubmitTaskFormCmd submit = new SubmitTaskFormCmd("task2", sent, false, false);
    assertThat((String) CommandFields.get(submit, "taskId")).isEqualTo("task2");
    assertThat(CommandFields.<Map<String, Object>>get(submit, "properties")).containsEntry("acknowledgeNote", "已签收");
    SubmitStartFormCmd start = new SubmitStartFormCmd("def1", null, sent);
    assertThat((String) CommandFields.get(start, "processDefinitionId")).isEqualTo("def1");
    assertThat(CommandFields.<Map<String, Object>>get(start, "variables")).containsEntry("acknowledgeNote", "已签收");
    assertThat((String) CommandFields.get(new ClaimTaskCmd("task3", "u1"), "userId")).isEqualTo("u1");
    assertThat((String) CommandFields.get(new ClaimTaskCmd("task3", "u1"), "taskId")).isEqualTo("task3");
    assertThat((String) CommandFields.get(new AssignTaskCmd("task4", "u2"), "userId")).isEqualTo("u2");
    assertThat((String) CommandFields.get(new AssignTaskCmd("task4", "u2"), "taskId")).isEqualTo("task4");
  }
}
