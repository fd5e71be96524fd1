package org.noticecascade.support;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.IdGenerator;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.db.DbEntity;
import org.camunda.bpm.engine.impl.db.PersistenceSession;
import org.camunda.bpm.engine.impl.db.entitymanager.DbEntityManager;
import org.camunda.bpm.engine.impl.db.entitymanager.DbEntityManagerFactory;
import org.springframework.stereotype.Component;

/**
 * The engine checks the id of every row it inserts, and Camunda 7.24 builds that check's error message, the whole
 * entity as text, before it knows whether the id is wrong. Every variable, history row, job, task and grant pays for
 * it: about 6% of the engine's CPU in a cascade (a profile of the benchmark, docs/benchmarks.md). Here the same
 * check runs, and the engine's own message is built only for an id that fails it.
 * {@code notice-cascade.engine.lazy-id-check: false} leaves the engine as shipped.
 */
@Component
class EntityIdCheck extends AbstractProcessEnginePlugin {

  private final boolean lazy;

  EntityIdCheck(EngineProperties properties) {
    this.lazy = properties.lazyIdCheck();
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    if (lazy) {
      // replaces the engine's factory for the same session type; the id generator is the engine's own
      configuration.getSessionFactories().put(DbEntityManager.class, new Factory(configuration.getIdGenerator()));
    }
  }

  static final class Factory extends DbEntityManagerFactory {

    Factory(IdGenerator idGenerator) {
      super(idGenerator);
    }

    @Override
    public DbEntityManager openSession() {
      return new EntityManager(idGenerator,
          Context.getCommandContext().getSession(PersistenceSession.class));
    }
  }

  static final class EntityManager extends DbEntityManager {

    EntityManager(IdGenerator idGenerator, PersistenceSession persistenceSession) {
      super(idGenerator, persistenceSession);
    }

    /** The engine's rule (an id, not the wildcard); its message, with the entity, only when the id breaks it. */
    @Override
    protected void validateId(DbEntity entity) {
      String id = entity.getId();
      if (id == null || "*".equals(id)) {
        super.validateId(entity);
      }
    }
  }
}
