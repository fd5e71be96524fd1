package org.noticecascade.form;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.ProcessInstantiationBuilderImpl;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.GetDeployedStartFormCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitStartFormCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.noticecascade.support.CommandFields;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Makes each task's deployed form the contract of its completion, and the start form that of a process start,
 * through every door alike: Tasklist, /engine-rest and the Java API all run the same engine commands. The check runs
 * inside the command, before the engine stores anything, so a refused submission (400 with every problem named)
 * changes nothing. Tasks and processes without a Camunda Form are left alone. A start form is handed out with its
 * per-user options filled in ({@link StartFormOptions}).
 */
@Component
class FormContractPlugin extends AbstractProcessEnginePlugin {

  private final DeployedForms forms = new DeployedForms();
  private final ObjectProvider<StartFormOptions> startFormOptions;

  // a provider, not the beans: they need the engine this plugin helps to build
  FormContractPlugin(ObjectProvider<StartFormOptions> startFormOptions) {
    this.startFormOptions = startFormOptions;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPostCommandInterceptorsTxRequired() == null) {
      configuration.setCustomPostCommandInterceptorsTxRequired(new ArrayList<>());
    }
    configuration.getCustomPostCommandInterceptorsTxRequired().add(new Check());
  }

  /** Runs inside the command context (a post interceptor), so look-ups share the command's cache and transaction. */
  private final class Check extends CommandInterceptor {

    @Override
    public <T> T execute(Command<T> command) {
      if (command instanceof CompleteTaskCmd || command instanceof SubmitTaskFormCmd) {
        checkTask(CommandFields.get(command, "taskId"), CommandFields.get(command,
            command instanceof CompleteTaskCmd ? "variables" : "properties"));
      } else if (command instanceof SubmitStartFormCmd) {
        checkStart(CommandFields.get(command, "processDefinitionId"), null, CommandFields.get(command, "variables"),
            false);
      } else if (command instanceof StartProcessInstanceCmd) {
        ProcessInstantiationBuilderImpl builder = CommandFields.get(command, "instantiationBuilder");
        boolean instructions = builder.getModificationBuilder() != null
            && !builder.getModificationBuilder().getModificationOperations().isEmpty();
        checkStart(builder.getProcessDefinitionId(), builder.getProcessDefinitionKey(), builder.getVariables(),
            instructions);
      }
      T result = next.execute(command);
      if (command instanceof GetDeployedStartFormCmd && result instanceof InputStream form) {
        List<StartFormOptions> providers = startFormOptions.orderedStream().toList();
        if (!providers.isEmpty()) {
          @SuppressWarnings("unchecked")
          T rewritten = (T) StartFormRewrite.withOptions(form, providers,
              Context.getCommandContext().getAuthenticatedUserId());
          return rewritten;
        }
      }
      return result;
    }

    private void checkTask(String taskId, Map<String, ?> submitted) {
      CommandContext context = Context.getCommandContext();
      TaskEntity task = taskId == null ? null : context.getTaskManager().findTaskById(taskId);
      if (task == null) {
        return; // the command itself says the task does not exist
      }
      FormContract contract = forms.forTask(context, task);
      if (contract != null) {
        refuseProblems(contract, submitted, task::getVariable);
      }
    }

    private void checkStart(String definitionId, String definitionKey, Map<String, ?> submitted,
        boolean instructions) {
      if (instructions) {
        return; // starting part-way is an administrator's repair (security refuses it to everyone else)
      }
      CommandContext context = Context.getCommandContext();
      var cache = context.getProcessEngineConfiguration().getDeploymentCache();
      ProcessDefinitionEntity process = definitionId != null ? cache.findDeployedProcessDefinitionById(definitionId)
          : definitionKey != null ? cache.findDeployedLatestProcessDefinitionByKey(definitionKey) : null;
      FormContract contract = process == null ? null : forms.forStart(context, process);
      if (contract != null) {
        var problems = contract.checkStart(submitted);
        if (!problems.isEmpty()) {
          throw new InputException(problems);
        }
      }
    }

    private void refuseProblems(FormContract contract, Map<String, ?> submitted,
        java.util.function.Function<String, Object> current) {
      var problems = contract.check(submitted, current);
      if (!problems.isEmpty()) {
        throw new InputException(problems);
      }
    }
  }
}
