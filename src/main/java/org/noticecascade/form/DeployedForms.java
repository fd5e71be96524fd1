package org.noticecascade.form;

import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.form.FormDefinition;
import org.camunda.bpm.engine.impl.form.entity.CamundaFormDefinitionManager;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.CamundaFormDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;

/**
 * Finds the Camunda Form a task or a start event shows, as deployed with its process (camunda:formRef), and keeps
 * each deployed form's contract once read: a deployed form never changes, a new version has a new id.
 */
final class DeployedForms {

  private final Map<String, FormContract> byFormDefinitionId = new ConcurrentHashMap<>();

  /** The contract of the task's form, or null when the task shows no Camunda Form. */
  FormContract forTask(CommandContext context, TaskEntity task) {
    if (task.getTaskDefinition() == null || task.getProcessDefinitionId() == null) {
      return null;
    }
    ProcessDefinitionEntity process = context.getProcessEngineConfiguration().getDeploymentCache()
        .findDeployedProcessDefinitionById(task.getProcessDefinitionId());
    return resolve(context, task.getTaskDefinition().getFormDefinition(), process, task);
  }

  /** The contract of the process's start form, or null when it has no Camunda Form. */
  FormContract forStart(CommandContext context, ProcessDefinitionEntity process) {
    return resolve(context, process.getStartFormDefinition(), process, null);
  }

  private FormContract resolve(CommandContext context, FormDefinition form, ProcessDefinitionEntity process,
      VariableScope scope) {
    if (form == null || form.getCamundaFormDefinitionKey() == null) {
      return null;
    }
    String key = text(form.getCamundaFormDefinitionKey(), scope);
    String binding = form.getCamundaFormDefinitionBinding();
    CamundaFormDefinitionManager forms = context.getCamundaFormDefinitionManager();
    CamundaFormDefinitionEntity definition;
    if ("latest".equals(binding)) {
      definition = forms.findLatestDefinitionByKeyAndTenantId(key, process.getTenantId());
    } else if ("version".equals(binding)) {
      definition = forms.findDefinitionByKeyVersionAndTenantId(key,
          Integer.valueOf(text(form.getCamundaFormDefinitionVersion(), scope)), process.getTenantId());
    } else {
      definition = forms.findDefinitionByDeploymentAndKey(process.getDeploymentId(), key);
    }
    if (definition == null) {
      throw new ProcessEngineException("表单 " + key + " 未随流程部署，无法校验提交的内容");
    }
    return byFormDefinitionId.computeIfAbsent(definition.getId(), id -> {
      ResourceEntity resource = context.getResourceManager()
          .findResourceByDeploymentIdAndResourceName(definition.getDeploymentId(), definition.getResourceName());
      return FormContract.parse(new ByteArrayInputStream(resource.getBytes()));
    });
  }

  private static String text(Expression expression, VariableScope scope) {
    String text = expression.getExpressionText();
    if (scope == null || !(text.contains("${") || text.contains("#{"))) {
      return text;
    }
    return String.valueOf(expression.getValue(scope));
  }
}
