package org.noticecascade.deployment;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.ConditionalEventDefinition;
import org.camunda.bpm.model.bpmn.instance.EventDefinition;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SignalEventDefinition;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaExecutionListener;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaTaskListener;
import org.noticecascade.cascade.UnitCascadeProcess;
import org.noticecascade.cascade.UnitReadProcess;
import org.noticecascade.notice.NoticeProcess;
import org.noticecascade.deployment.DeploymentCheck.Reason;

/**
 * What the code relies on in each shipped process, read from the shipped diagrams: the elements named in the
 * constants classes (tasks completed, timers and activities looked up by id), and every element with code behind
 * it (its delegate, listeners, timer, message, called process, form and candidate groups). A new version must keep
 * each of them, of the same kind, with the same code; it may add elements and rename anything.
 */
final class ProcessRules {

  static final String CAMUNDA = "http://camunda.org/schema/1.0/bpmn";
  private static final List<Class<?>> CONSTANTS = List.of(NoticeProcess.class, UnitCascadeProcess.class,
      UnitReadProcess.class);

  /** An element the code relies on: its kind, its shipped name, and its code items (key → what it is, in Chinese). */
  private record Expected(String type, String name, Map<String, String> code) {
  }

  private final Map<String, Map<String, Expected>> byProcess;
  /** The shipped diagrams' expressions (JUEL can call any bean's methods) and Java classes: the only ones allowed. */
  private final Set<String> expressions;
  private final Set<String> classes;

  private ProcessRules(Map<String, Map<String, Expected>> byProcess, Set<String> expressions, Set<String> classes) {
    this.byProcess = byProcess;
    this.expressions = expressions;
    this.classes = classes;
  }

  static ProcessRules of(ProcessSet shipped) {
    Set<String> constants = constants();
    Map<String, Map<String, Expected>> byProcess = new HashMap<>();
    Set<String> expressions = new HashSet<>();
    Set<String> classes = new HashSet<>();
    for (byte[] bpmn : shipped.files().values()) {
      CodeScan.scan(bpmn, expressions::add, (kind, value) -> {
        if (kind.equals("camunda:class")) {
          classes.add(value);
        }
      });
      BpmnModelInstance model = Bpmn.readModelFromStream(new ByteArrayInputStream(bpmn));
      for (Process process : model.getModelElementsByType(Process.class)) {
        Map<String, Expected> expected = new LinkedHashMap<>();
        for (BaseElement element : elementsOf(process)) {
          Map<String, String> code = codeOf(element);
          if (!code.isEmpty() || constants.contains(element.getId())) {
            expected.put(element.getId(),
                new Expected(element.getElementType().getTypeName(), nameOf(element), code));
          }
        }
        byProcess.put(process.getId(), expected);
      }
    }
    return new ProcessRules(byProcess, expressions, classes);
  }

  /**
   * Any diagram deployed, ours or another key, may use only the expressions and classes of the shipped diagrams (on
   * any element: a new task may reuse {@code ${taskGroups.of(unitCode)}}), and no scripts or connectors: designers
   * arrange the work, and code comes with a release. Another key is checked too: a timer start event runs by itself.
   */
  void checkCode(String resource, byte[] bpmn, List<Reason> reasons) {
    Set<String> seen = new HashSet<>();
    CodeScan.scan(bpmn, e -> {
      if (!expressions.contains(e) && seen.add(e)) {
        reasons.add(new Reason(resource + " 中的表达式 " + e + " 不是本系统流程已有的表达式：表达式可以调用程序，设计人员只能"
            + "使用已有的表达式，新的程序须随程序版本发布", null));
      }
    }, (kind, value) -> {
      if (!(kind.equals("camunda:class") && classes.contains(value)) && seen.add(kind + value)) {
        reasons.add(new Reason(resource + " 含有" + kind + "（" + value + "）：设计人员不能在流程中加入程序，新的程序须随程序"
            + "版本发布", null));
      }
    });
  }

  boolean covers(String processKey) {
    return byProcess.containsKey(processKey);
  }

  void check(String processKey, BpmnModelInstance model, List<Reason> reasons) {
    Process process = model.getModelElementById(processKey);
    Map<String, BaseElement> present = new HashMap<>();
    elementsOf(process).forEach(e -> present.put(e.getId(), e));
    byProcess.get(processKey).forEach((id, expected) -> {
      BaseElement element = present.get(id);
      if (element == null) {
        reasons.add(new Reason("流程 " + processKey + " 缺少元素 " + id + "（原名“" + expected.name()
            + "”）：程序依赖此元素，不能删除或改 id", id));
        return;
      }
      String type = element.getElementType().getTypeName();
      if (!type.equals(expected.type())) {
        reasons.add(new Reason("元素 " + id + "（" + nameOf(element) + "）须为 " + expected.type() + "，现为 " + type,
            id));
        return;
      }
      Map<String, String> code = codeOf(element);
      expected.code().forEach((key, what) -> {
        if (!code.containsKey(key)) {
          reasons.add(new Reason("元素 " + id + "（" + nameOf(element) + "）缺少" + what
              + "：程序依赖它，不能删除或修改", id));
        }
      });
    });
  }

  /** The process and every element inside it, sub-processes included. */
  static List<BaseElement> elementsOf(Process process) {
    List<BaseElement> all = new ArrayList<>();
    all.add(process);
    collect(process.getFlowElements(), all);
    return all;
  }

  private static void collect(java.util.Collection<FlowElement> elements, List<BaseElement> into) {
    for (FlowElement element : elements) {
      into.add(element);
      if (element instanceof SubProcess inner) {
        collect(inner.getFlowElements(), into);
      }
    }
  }

  static String nameOf(BaseElement element) {
    String name = element instanceof FlowElement f ? f.getName()
        : element instanceof Process p ? p.getName() : null;
    return name == null ? "无名称" : name.replaceAll("\\s+", "");
  }

  /** The code behind an element, each item keyed by what it is. */
  private static Map<String, String> codeOf(BaseElement element) {
    Map<String, String> code = new LinkedHashMap<>();
    for (String attribute : List.of("class", "delegateExpression", "expression")) {
      String value = element.getAttributeValueNs(CAMUNDA, attribute);
      if (value != null) {
        code.put(attribute + "=" + value, "委托代码 camunda:" + attribute + "=\"" + value + "\"");
      }
    }
    if (element.getExtensionElements() != null) {
      for (CamundaExecutionListener l : element.getExtensionElements().getChildElementsByType(
          CamundaExecutionListener.class)) {
        String impl = listenerCode(l.getCamundaClass(), l.getCamundaExpression(), l.getCamundaDelegateExpression());
        code.put("executionListener:" + l.getCamundaEvent() + ":" + impl,
            "执行监听器（" + l.getCamundaEvent() + "）" + impl);
      }
      for (CamundaTaskListener l : element.getExtensionElements().getChildElementsByType(CamundaTaskListener.class)) {
        String impl = listenerCode(l.getCamundaClass(), l.getCamundaExpression(), l.getCamundaDelegateExpression());
        code.put("taskListener:" + l.getCamundaEvent() + ":" + impl, "任务监听器（" + l.getCamundaEvent() + "）" + impl);
      }
    }
    for (EventDefinition definition : element.getChildElementsByType(EventDefinition.class)) {
      if (definition instanceof TimerEventDefinition) {
        code.put("timer", "定时器（timerEventDefinition）");
      } else if (definition instanceof MessageEventDefinition m && m.getMessage() != null) {
        code.put("message:" + m.getMessage().getName(), "消息事件 " + m.getMessage().getName());
      } else if (definition instanceof ConditionalEventDefinition c && c.getCondition() != null) {
        // the code sets the variable the condition reads (reportSubmitted ends the 督办)
        code.put("condition:" + c.getCondition().getTextContent().strip(),
            "条件事件 " + c.getCondition().getTextContent().strip());
      } else if (definition instanceof SignalEventDefinition s && s.getSignal() != null) {
        code.put("signal:" + s.getSignal().getName(), "信号事件 " + s.getSignal().getName());
      }
    }
    if (element instanceof CallActivity call) {
      code.put("calledElement:" + call.getCalledElement(), "被调用流程 calledElement=\"" + call.getCalledElement()
          + "\"");
    }
    if (element instanceof UserTask task) {
      if (task.getCamundaFormRef() != null) {
        code.put("formRef:" + task.getCamundaFormRef(), "表单 camunda:formRef=\"" + task.getCamundaFormRef() + "\"");
      }
      if (task.getCamundaCandidateGroups() != null) {
        // who may see and do the task: a changed expression could hand a unit's task to others
        code.put("candidateGroups:" + task.getCamundaCandidateGroups(),
            "候选组 camunda:candidateGroups=\"" + task.getCamundaCandidateGroups() + "\"");
      }
    }
    return code;
  }

  private static String listenerCode(String type, String expression, String delegateExpression) {
    return type != null ? type : expression != null ? expression : delegateExpression;
  }

  private static Set<String> constants() {
    Set<String> values = new HashSet<>();
    for (Class<?> c : CONSTANTS) {
      for (Field f : c.getFields()) {
        if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
          try {
            values.add((String) f.get(null));
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    return values;
  }
}
