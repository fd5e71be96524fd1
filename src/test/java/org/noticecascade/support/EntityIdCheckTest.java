package org.noticecascade.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.IdGenerator;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.db.DbEntity;
import org.camunda.bpm.engine.impl.db.PersistenceSession;
import org.camunda.bpm.engine.impl.db.entitymanager.DbEntityManager;
import org.camunda.bpm.engine.impl.db.entitymanager.DbEntityManagerFactory;
import org.camunda.bpm.engine.impl.persistence.entity.ByteArrayEntity;
import org.camunda.bpm.engine.impl.util.ProductPropertiesUtil;
import org.junit.jupiter.api.Test;
import org.noticecascade.testing.EngineTestContext;

/** The engine's id check still refuses what it refused, without turning every valid entity into text first. */
class EntityIdCheckTest {

  /** The engine whose DbEntityManager.validateId and insert EntityIdCheck was written against. */
  private static final String CHECKED_ENGINE = "7.24.0";

  /** What to do when the guards below fail: an engine upgrade may have changed what EntityIdCheck relies on. */
  private static final String REVERIFY = "EntityIdCheck (support) overrides DbEntityManager.validateId of Camunda "
      + CHECKED_ENGINE + ". After an engine upgrade, re-read the new engine's DbEntityManager: validateId must still "
      + "refuse exactly a null id and \"*\" (EnsureUtil.ensureValidIndividualResourceId), insert must still call it, "
      + "and DbEntityManagerFactory must still open a DbEntityManager(IdGenerator, PersistenceSession); adapt "
      + "EntityIdCheck (or drop it: notice-cascade.engine.lazy-id-check: false), then set CHECKED_ENGINE here. "
      + "See docs/design.md, \"Engine internals\".";

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

  @Test
  void theEngineIsTheOneTheCheckWasWrittenFor() {
    assertThat(ProductPropertiesUtil.getProductVersion()).as(REVERIFY).isEqualTo(CHECKED_ENGINE);
  }

  @Test
  void whatTheCheckOverridesIsStillThere() throws ReflectiveOperationException {
    Method validateId = DbEntityManager.class.getDeclaredMethod("validateId", DbEntity.class);
    assertThat(validateId.getReturnType()).as(REVERIFY).isEqualTo(void.class);
    assertThat(Modifier.isProtected(validateId.getModifiers())).as(REVERIFY).isTrue();
    assertThat(Modifier.isFinal(validateId.getModifiers())).as(REVERIFY).isFalse();
    assertThat(DbEntityManager.class.getDeclaredMethod("insert", DbEntity.class).getReturnType())
        .as(REVERIFY).isEqualTo(void.class);
    assertThat(DbEntityManager.class.getDeclaredConstructor(IdGenerator.class, PersistenceSession.class))
        .as(REVERIFY).isNotNull();
    assertThat(DbEntityManagerFactory.class.getDeclaredConstructor(IdGenerator.class)).as(REVERIFY).isNotNull();
    assertThat(DbEntityManagerFactory.class.getDeclaredMethod("openSession").getReturnType())
        .as(REVERIFY).isEqualTo(DbEntityManager.class);
    assertThat(Modifier.isProtected(DbEntityManagerFactory.class.getDeclaredField("idGenerator").getModifiers()))
        .as(REVERIFY).isTrue();
  }

  @Test
  void anInsertWithAValidIdGoesThroughTheCheckWithoutPrintingTheEntity() {
    Counted entity = new Counted("an-id-" + System.nanoTime());
    // thrown before the command ends, so nothing is flushed: only the insert's own checks run
    assertThatThrownBy(() -> configuration.getCommandExecutorTxRequired().execute(commandContext -> {
      commandContext.getDbEntityManager().insert(entity);
      throw new IllegalStateException("roll back");
    })).hasMessage("roll back");
    assertThat(entity.printed).as(REVERIFY).hasValue(0);
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
