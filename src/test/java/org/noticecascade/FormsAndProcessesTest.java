package org.noticecascade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.junit.jupiter.api.Test;
import org.noticecascade.cascade.UnitCascadeProcess;
import org.noticecascade.cascade.UnitReadProcess;
import org.noticecascade.notice.NoticeProcess;

/**
 * BPMN, forms and code say the same names: every form a task references exists, Tasklist 7.24 can render it,
 * its keys are process variables named in the constants classes, and every element has a meaningful id, a
 * Chinese name and a place in the diagram.
 */
class FormsAndProcessesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern GENERATED_ID = Pattern.compile("(Activity|Gateway|Event|Flow|StartEvent|EndEvent)_[0-9a-z]{7}");
  private static final Pattern HAS_CHINESE = Pattern.compile("\\p{IsHan}");

  private static Set<String> constants(Class<?>... classes) throws IllegalAccessException {
    Set<String> values = new HashSet<>();
    for (Class<?> c : classes) {
      for (Field f : c.getFields()) {
        if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
          values.add((String) f.get(null));
        }
      }
    }
    return values;
  }

  private static Map<String, JsonNode> forms() throws Exception {
    Map<String, JsonNode> forms = new HashMap<>();
    for (File f : new File("forms").listFiles((dir, name) -> name.endsWith(".form"))) {
      JsonNode form = JSON.readTree(f);
      forms.put(form.get("id").asText(), form);
    }
    return forms;
  }

  private static List<BpmnModelInstance> processes() {
    List<BpmnModelInstance> models = new ArrayList<>();
    for (File f : new File("processes").listFiles((dir, name) -> name.endsWith(".bpmn"))) {
      models.add(Bpmn.readModelFromFile(f));
    }
    return models;
  }

  @Test
  void everyReferencedFormExistsRendersInTasklistAndUsesKnownVariables() throws Exception {
    Set<String> variables = constants(NoticeProcess.class, UnitCascadeProcess.class, UnitReadProcess.class);
    Map<String, JsonNode> forms = forms();
    Set<String> referenced = new HashSet<>();
    for (BpmnModelInstance model : processes()) {
      for (UserTask task : model.getModelElementsByType(UserTask.class)) {
        assertThat(task.getCamundaFormRef()).as(task.getId()).isNotBlank();
        assertThat(task.getCamundaFormRefBinding()).isEqualTo("deployment");
        assertThat(task.getCamundaCandidateGroups()).as(task.getId() + " candidate group").isNotBlank();
        referenced.add(task.getCamundaFormRef());
      }
      for (StartEvent start : model.getModelElementsByType(StartEvent.class)) {
        if (start.getCamundaFormRef() != null) {
          referenced.add(start.getCamundaFormRef());
        }
      }
    }
    assertThat(forms.keySet()).containsAll(referenced);
    for (Map.Entry<String, JsonNode> e : forms.entrySet()) {
      JsonNode form = e.getValue();
      assertThat(form.get("schemaVersion").asInt()).as(e.getKey() + " schemaVersion").isLessThanOrEqualTo(16);
      Set<String> ids = new HashSet<>();
      Set<String> keys = new HashSet<>();
      for (JsonNode c : form.get("components")) {
        assertThat(ids.add(c.get("id").asText())).as(e.getKey() + " duplicate id " + c.get("id")).isTrue();
        if (c.has("key")) {
          String key = c.get("key").asText();
          assertThat(keys.add(key)).as(e.getKey() + " duplicate key " + key).isTrue();
          assertThat(variables).as(e.getKey() + " key " + key).contains(key);
        }
        if (c.has("label")) {
          assertThat(c.get("label").asText()).as(e.getKey() + " label of " + c.get("id")).containsPattern(HAS_CHINESE);
        }
      }
    }
  }

  @Test
  void elementsHaveMeaningfulIdsChineseNamesAndLayout() {
    for (BpmnModelInstance model : processes()) {
      Set<String> shapes = new HashSet<>();
      model.getModelElementsByType(BpmnShape.class).forEach(s -> shapes.add(s.getBpmnElement().getId()));
      for (FlowElement element : model.getModelElementsByType(FlowElement.class)) {
        assertThat(element.getId()).doesNotMatch(GENERATED_ID);
        if (element instanceof FlowNode node && !(node instanceof org.camunda.bpm.model.bpmn.instance.Gateway
            && node.getName() == null)) {
          assertThat(node.getName()).as(node.getId() + " name").containsPattern(HAS_CHINESE);
          assertThat(shapes).as(node.getId() + " has a shape").contains(node.getId());
        }
        if (element instanceof FlowNode gateway) {
          assertThat(shapes).contains(gateway.getId());
        }
      }
      for (org.camunda.bpm.model.bpmn.instance.Process p : model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Process.class)) {
        assertThat(p.getCamundaHistoryTimeToLiveString()).isNotBlank();
        assertThat(p.getName()).containsPattern(HAS_CHINESE);
      }
      assertThat(model.getModelElementsByType(SequenceFlow.class)).isNotEmpty();
    }
  }

  @Test
  void elementIdsInTheConstantsClassesExistInTheDiagrams() throws Exception {
    Map<String, Class<?>> byKey = Map.of(NoticeProcess.KEY, NoticeProcess.class, UnitCascadeProcess.KEY, UnitCascadeProcess.class,
        UnitReadProcess.KEY, UnitReadProcess.class);
    for (BpmnModelInstance model : processes()) {
      var process = model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Process.class).iterator().next();
      Class<?> constants = byKey.get(process.getId());
      assertThat(constants).as(process.getId()).isNotNull();
      for (Field f : constants.getFields()) {
        String name = f.getName();
        if (name.matches("(TASK|CALL|TIMER|END|START)_.*")) {
          String id = (String) f.get(null);
          BaseElement element = model.getModelElementById(id);
          assertThat(element).as(constants.getSimpleName() + "." + name + " = " + id).isNotNull();
        }
      }
    }
  }

  /**
   * A designer sees in Modeler's properties panel what the code behind an element does: every task, every element
   * carrying a listener or a delegate, and every timer has a Chinese documentation naming that code.
   */
  @Test
  void tasksListenersAndTimersAreDocumentedInChinese() {
    List<String> undocumented = new ArrayList<>();
    for (BpmnModelInstance model : processes()) {
      for (BaseElement element : model.getModelElementsByType(BaseElement.class)) {
        if (!needsDocumentation(element)) {
          continue;
        }
        String text = element.getDocumentations().stream().map(d -> d.getTextContent().strip())
            .reduce("", String::concat);
        if (!HAS_CHINESE.matcher(text).find()) {
          undocumented.add(element.getId());
        } else {
          // it names the code: each delegate expression and listener of the element appears in the text
          codeOf(element).forEach(code -> assertThat(text).as(element.getId() + " documentation").contains(code));
        }
      }
    }
    assertThat(undocumented).as("elements without a Chinese <bpmn:documentation>").isEmpty();
  }

  private static boolean needsDocumentation(BaseElement element) {
    return element instanceof org.camunda.bpm.model.bpmn.instance.Task || !codeOf(element).isEmpty()
        || !element.getChildElementsByType(org.camunda.bpm.model.bpmn.instance.TimerEventDefinition.class).isEmpty();
  }

  private static List<String> codeOf(BaseElement element) {
    List<String> code = new ArrayList<>();
    String delegate = element.getAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "delegateExpression");
    if (delegate != null) {
      code.add(delegate);
    }
    if (element.getExtensionElements() != null) {
      element.getExtensionElements().getChildElementsByType(
          org.camunda.bpm.model.bpmn.instance.camunda.CamundaExecutionListener.class)
          .forEach(l -> code.add(l.getCamundaDelegateExpression()));
      element.getExtensionElements().getChildElementsByType(
          org.camunda.bpm.model.bpmn.instance.camunda.CamundaTaskListener.class)
          .forEach(l -> code.add(l.getCamundaDelegateExpression()));
    }
    code.removeIf(java.util.Objects::isNull);
    return code;
  }
}
