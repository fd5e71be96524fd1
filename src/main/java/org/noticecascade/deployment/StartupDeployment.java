package org.noticecascade.deployment;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Deploys the classpath set (processes and forms together, as {@link #NAME}) when the engine starts, in place of the
 * starter's auto-deployment, which compares only with the newest deployment of its name and so would put the
 * shipped set back on top of a designer's newer one at every restart. Here the shipped set is deployed only when no
 * deployment of that name ever held exactly these files: a new release deploys once, a restart never undoes a
 * designer's deployment. Runs only with camunda.bpm.auto-deployment-enabled=false (application.yaml).
 */
@Component
@ConditionalOnProperty(name = "camunda.bpm.auto-deployment-enabled", havingValue = "false")
class StartupDeployment extends AbstractProcessEnginePlugin {

  /** The deployment name of the application's process set, at start, from Modeler and from scripts/deploy.sh. */
  static final String NAME = "notice-cascade";

  private static final Logger LOG = LoggerFactory.getLogger(StartupDeployment.class);

  private final String[] patterns;

  StartupDeployment(CamundaBpmProperties camunda) {
    this.patterns = camunda.getDeploymentResourcePattern();
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    deployIfNew(engine.getRepositoryService(), ProcessSet.fromClasspath(patterns));
  }

  static Deployment deployIfNew(RepositoryService repository, ProcessSet set) {
    for (Deployment earlier : repository.createDeploymentQuery().deploymentName(NAME).orderByDeploymentTime().desc()
        .list()) {
      if (set.sameAs(files(repository, earlier.getId()))) {
        Deployment newest = repository.createDeploymentQuery().deploymentName(NAME).orderByDeploymentTime().desc()
            .listPage(0, 1).get(0);
        if (!newest.getId().equals(earlier.getId())) {
          LOG.info("启动时不部署：随程序发布的流程已于 {} 部署过（{}），现行版本为设计人员后来的部署 {}（{}）",
              earlier.getDeploymentTime(), earlier.getId(), newest.getId(), newest.getDeploymentTime());
        }
        return null;
      }
    }
    DeploymentBuilder builder = repository.createDeployment().name(NAME).source("classpath")
        // two nodes starting together: the second finds the first's deployment and adds nothing (false: when one
        // file changed, deploy them all, as the set belongs together)
        .enableDuplicateFiltering(false);
    set.files().forEach((name, bytes) -> builder.addInputStream(name, new ByteArrayInputStream(bytes)));
    Deployment deployment = builder.deploy();
    LOG.info("启动时部署随程序发布的流程和表单（{} 个文件）：部署 {}", set.files().size(), deployment.getId());
    return deployment;
  }

  private static Map<String, byte[]> files(RepositoryService repository, String deploymentId) {
    Map<String, byte[]> files = new HashMap<>();
    for (String name : repository.getDeploymentResourceNames(deploymentId)) {
      try (InputStream in = repository.getResourceAsStream(deploymentId, name)) {
        files.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }
}
