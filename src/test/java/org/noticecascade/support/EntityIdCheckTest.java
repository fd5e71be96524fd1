package org.noticecascade.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.db.entitymanager.DbEntityManager;
import org.camunda.bpm.engine.impl.persistence.entity.ByteArrayEntity;
import org.junit.jupiter.api.Test;
import org.noticecascade.testing.EngineTestContext;

/** The engine's id check still refuses what it refused, without turning every valid entity into text first. */
class EntityIdCheckTest {

  private final ProcessEngineConfigurationImpl configuration =
      (ProcessEngineConfigurationImpl) EngineTestContext.engine().getProcessEngineConfiguration();

  @Test
  void theEngineOpensOurEntityManager() {
    DbEntityManager used = configuration.getCommandExecutorTxRequired()
        .execute(commandContext -> commandContext.getDbEntityManager());
    assertThat(used).isInstanceOf(EntityIdCheck.EntityManager.class);
  }

  @Test
  void aValidIdIsNotTurnedIntoText() {
    Counted entity = new Counted("an-id");
    new EntityIdCheck.EntityManager(null, null).validateId(entity);
    assertThat(entity.printed).hasValue(0);
  }

  @Test
  void theWildcardIdIsRefusedWithTheEnginesMessage() {
    assertThatThrownBy(() -> configuration.getCommandExecutorTxRequired().execute(commandContext -> {
      commandContext.getDbEntityManager().insert(new Counted("*"));
      return null;
    })).isInstanceOf(ProcessEngineException.class)
        .hasMessageContaining("Entity Counted[*] has an invalid id")
        .hasMessageContaining("is a reserved identifier");
  }

  @Test
  void aMissingIdIsRefusedWithTheEnginesMessage() {
    Counted entity = new Counted(null);
    assertThatThrownBy(() -> new EntityIdCheck.EntityManager(null, null).validateId(entity))
        .isInstanceOf(ProcessEngineException.class)
        .hasMessageContaining("Entity Counted[null] has an invalid id");
    assertThat(entity.printed).hasValue(1);
  }

  /** A byte array row that counts how often it was printed. */
  private static final class Counted extends ByteArrayEntity {

    final AtomicInteger printed = new AtomicInteger();

    Counted(String id) {
      setId(id);
    }

    @Override
    public String toString() {
      printed.incrementAndGet();
      return "Counted[" + getId() + "]";
    }
  }
}
