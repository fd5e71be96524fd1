package org.noticecascade.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.Problem;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.noticecascade.orgdirectory.OrgIds;
import org.springframework.stereotype.Component;

/**
 * Refuses, before anything is stored, a deployment that would break the application: for each of our processes it
 * holds (by key), every element the code relies on must be there with its code (see {@link ProcessRules}), every
 * form a task shows with formRefBinding="deployment" must be in the same deployment, every call activity bound to
 * its deployment must find the called process in it, and every process needs a historyTimeToLive. All reasons are
 * listed in Chinese, each naming its element; through /engine-rest the refusal is a 400 with them. Additions and new
 * names pass. A designer (any logged-in user but an administrator) brings no code: every diagram of the deployment,
 * ours or not, may use only the shipped expressions and no scripts ({@link ProcessRules#checkCode}), and no CMMN or
 * DMN; the start-up deployment, the tests' own diagrams and an administrator may.
 */
@Component
class DeploymentCheck extends AbstractProcessEnginePlugin {

  private static final ObjectMapper JSON = new ObjectMapper();

  private volatile ProcessRules rules;

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPreDeployers() == null) {
      configuration.setCustomPreDeployers(new ArrayList<>());
    }
    configuration.getCustomPreDeployers().add(new Check());
  }

  private ProcessRules rules() {
    if (rules == null) {
      // the shipped diagrams are the baseline; read once, they never change while running
      rules = ProcessRules.of(ProcessSet.fromClasspath("classpath*:processes/*.bpmn"));
    }
    return rules;
  }

  private final class Check implements Deployer {

    @Override
    public void deploy(DeploymentEntity deployment) {
      // deployers also run when a cached deployment is loaded again: only a new one is checked
      if (!deployment.isNew()) {
        return;
      }
      // a person who is not an administrator (a designer) may bring no code; the release's own start-up deployment,
      // the tests' and an administrator's are trusted with it
      Authentication user = Context.getCommandContext().getAuthentication();
      boolean mayBringCode = user == null || user.getUserId() == null
          || (user.getGroupIds() != null && user.getGroupIds().contains(OrgIds.ADMIN_GROUP));
      Map<String, BpmnModelInstance> models = new LinkedHashMap<>();
      Set<String> forms = new HashSet<>();
      List<Reason> reasons = new ArrayList<>();
      String firstBad = null;
      for (ResourceEntity resource : deployment.getResources().values()) {
        String name = resource.getName();
        int before = reasons.size();
        if (name.endsWith(".bpmn") || name.endsWith(".bpmn20.xml")) {
          if (!mayBringCode) {
            rules().checkCode(name, resource.getBytes(), reasons);
          }
          try {
            models.put(name, Bpmn.readModelFromStream(new ByteArrayInputStream(resource.getBytes())));
          } catch (RuntimeException unreadable) {
            reasons.add(new Reason(name + " 不是有效的 BPMN 2.0 文件：" + unreadable.getMessage(), null));
          }
        } else if (name.endsWith(".form")) {
          formId(resource).ifPresent(forms::add);
        } else if (!mayBringCode && (name.endsWith(".cmmn") || name.endsWith(".dmn") || name.endsWith(".cmmn11.xml")
            || name.endsWith(".dmn11.xml"))) {
          // they carry expressions of their own, and the application uses neither
          reasons.add(new Reason(name + "：本系统不使用 CMMN 和 DMN，不能部署", null));
        }
        if (firstBad == null && reasons.size() > before) {
          firstBad = name;
        }
      }
      Set<String> deployedKeys = new HashSet<>();
      models.values().forEach(m -> m.getModelElementsByType(Process.class).forEach(p -> deployedKeys.add(p.getId())));
      for (Map.Entry<String, BpmnModelInstance> model : models.entrySet()) {
        int before = reasons.size();
        check(model.getValue(), forms, deployedKeys, reasons);
        if (firstBad == null && reasons.size() > before) {
          firstBad = model.getKey();
        }
      }
      if (!reasons.isEmpty()) {
        StringBuilder message = new StringBuilder("部署被拒绝：此版本会使通知传达系统无法正常运行（共 ")
            .append(reasons.size()).append(" 处）：");
        for (int i = 0; i < reasons.size(); i++) {
          message.append('\n').append(i + 1).append(". ").append(reasons.get(i).getMessage());
        }
        throw new ParseException(message.toString(), firstBad, List.copyOf(reasons), List.of());
      }
    }

    private void check(BpmnModelInstance model, Set<String> forms, Set<String> deployedKeys, List<Reason> reasons) {
      for (Process process : model.getModelElementsByType(Process.class)) {
        if (!rules().covers(process.getId())) {
          continue;
        }
        if (process.getCamundaHistoryTimeToLiveString() == null
            || process.getCamundaHistoryTimeToLiveString().isBlank()) {
          reasons.add(new Reason("流程 " + process.getId() + " 缺少历史保留期限（camunda:historyTimeToLive）",
              process.getId()));
        }
        rules().check(process.getId(), model, reasons);
        for (BaseElement element : ProcessRules.elementsOf(process)) {
          String formRef = element.getAttributeValueNs(ProcessRules.CAMUNDA, "formRef");
          if (formRef != null && !forms.contains(formRef)) {
            reasons.add(new Reason("元素 " + element.getId() + "（" + ProcessRules.nameOf(element) + "）的表单 "
                + formRef + " 不在本次部署中：部署时须把 forms/ 下 id 为 " + formRef
                + " 的 .form 文件一并选上（formRefBinding=\"deployment\" 只在同一次部署中查找表单）", element.getId()));
          }
          if (element instanceof CallActivity call && "deployment".equals(call.getCamundaCalledElementBinding())
              && !deployedKeys.contains(call.getCalledElement())) {
            reasons.add(new Reason("调用活动 " + call.getId() + "（" + ProcessRules.nameOf(call) + "）调用的流程 "
                + call.getCalledElement() + " 不在本次部署中（calledElementBinding=\"deployment\"）：须把 processes/ "
                + "下的全部流程一并部署", call.getId()));
          }
        }
      }
    }
  }

  private static java.util.Optional<String> formId(ResourceEntity resource) {
    try {
      JsonNode id = JSON.readTree(resource.getBytes()).get("id");
      return id == null || !id.isTextual() ? java.util.Optional.empty() : java.util.Optional.of(id.asText());
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  /** One reason for a refusal, naming its element: Camunda's REST answer lists it under the resource. */
  record Reason(String message, String elementId) implements Problem {

    @Override
    public String getMessage() {
      return message;
    }

    @Override
    public int getLine() {
      return 0;
    }

    @Override
    public int getColumn() {
      return 0;
    }

    @Override
    public String getMainElementId() {
      return elementId;
    }

    @Override
    public List<String> getElementIds() {
      return elementId == null ? List.of() : List.of(elementId);
    }
  }
}
