package org.noticecascade.security;

import java.util.ArrayList;
import java.util.Set;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.AssignTaskCmd;
import org.camunda.bpm.engine.impl.cmd.ClaimTaskCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.noticecascade.orgdirectory.OrgIds;
import org.noticecascade.support.CommandFields;
import org.springframework.stereotype.Component;

/**
 * What a logged-in person who is not an administrator may change in the engine, whichever door they use: complete
 * or submit their tasks (each against its form, see form.FormContractPlugin), start a notice from its start form,
 * claim a task for themselves or hand it to someone of the task's own candidate group, and comment; a designer may
 * also deploy (checked by deployment.DeploymentCheck; the engine's DEPLOYMENT CREATE grant decides). Every other
 * changing command of the engine (variable writes, BPMN errors and escalations, delegation, identity links, process
 * instance modification, starting part-way, messages, signals, deployments, jobs, users …) is refused with 403.
 * Commands the system runs (no user: the job executor, our own code) and commands nested inside an allowed one (the
 * listeners of a completion) are not this guard's business.
 */
@Component
class EngineCommandGuard extends AbstractProcessEnginePlugin {

  /** Engine commands whose names say they change something. */
  private static final Pattern CHANGING = Pattern.compile(
      "(Set|Remove|Patch|Handle|Delegate|Resolve|Add|Delete|Save|Modify|Correlate|Message|Signal|Restart|Update"
          + "|Suspend|Activate|Execute|Deploy|Unlock|Create|StartProcessInstanceAt).*");

  /** The changing commands a clerk's or leader's work needs. */
  private static final Set<String> ALLOWED = Set.of("CompleteTaskCmd", "SubmitTaskFormCmd", "SubmitStartFormCmd",
      "StartProcessInstanceCmd", "ClaimTaskCmd", "AssignTaskCmd", "AddCommentCmd", "ExecuteFilterListCmd",
      "ExecuteFilterListPageCmd", "ExecuteFilterCountCmd", "ExecuteFilterSingleResultCmd", "CreateUserQueryCmd",
      "CreateGroupQueryCmd", "CreateTenantQueryCmd", "CreateNativeUserQueryCmd");

  /** A designer deploys, and lists deployments (Modeler checks its connection so). */
  private static final Set<String> DESIGNER_COMMANDS = Set.of("DeployCmd", "DeploymentQueryImpl");

  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPostCommandInterceptorsTxRequired() == null) {
      configuration.setCustomPostCommandInterceptorsTxRequired(new ArrayList<>());
    }
    // first: a refused command is refused before its form is even read
    configuration.getCustomPostCommandInterceptorsTxRequired().add(0, new Guard());
  }

  static boolean isAdministrator(Authentication auth) {
    return auth.getGroupIds() != null && auth.getGroupIds().contains(OrgIds.ADMIN_GROUP);
  }

  private static final class Guard extends CommandInterceptor {

    @Override
    public <T> T execute(Command<T> command) {
      int[] depth = DEPTH.get();
      depth[0]++;
      try {
        if (depth[0] == 1) {
          check(command);
        }
        return next.execute(command);
      } finally {
        depth[0]--;
      }
    }

    private static void check(Command<?> command) {
      CommandContext context = Context.getCommandContext();
      Authentication auth = context.getAuthentication();
      if (auth == null || auth.getUserId() == null || isAdministrator(auth)) {
        return;
      }
      Class<?> type = command.getClass();
      String name = type.getSimpleName();
      if (!type.getName().startsWith("org.camunda.bpm.engine.impl.")) {
        return;
      }
      boolean designerDeploys = DESIGNER_COMMANDS.contains(name) && auth.getGroupIds() != null
          && auth.getGroupIds().contains(OrgIds.DESIGNERS_GROUP);
      if (CHANGING.matcher(name).matches() && !ALLOWED.contains(name) && !designerDeploys) {
        throw new AuthorizationException("无权执行此操作（" + name.replaceFirst("Cmd$", "")
            + "）：经办人只能通过表单办理本单位的任务，其他修改须由系统管理员进行");
      }
      if (command instanceof ClaimTaskCmd || command instanceof AssignTaskCmd) {
        checkHandOver(context, auth, CommandFields.get(command, "taskId"), CommandFields.get(command, "userId"));
      }
    }

    /** A task goes only to its taker or to someone of its candidate groups, never outside them. */
    private static void checkHandOver(CommandContext context, Authentication auth, String taskId, String userId) {
      if (userId == null || userId.equals(auth.getUserId()) || taskId == null) {
        return;
      }
      TaskEntity task = context.getTaskManager().findTaskById(taskId);
      if (task == null) {
        return;
      }
      var directory = context.getReadOnlyIdentityProvider();
      boolean member = task.getIdentityLinks().stream()
          .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getGroupId() != null)
          .map(IdentityLink::getGroupId)
          .anyMatch(g -> directory.createUserQuery(context).userId(userId).memberOfGroup(g).count() > 0);
      if (!member) {
        throw new AuthorizationException("不能把任务交给 " + userId + "：此人不是承办此任务的单位的经办人");
      }
    }
  }
}
