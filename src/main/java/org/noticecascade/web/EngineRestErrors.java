package org.noticecascade.web;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.exception.ProcessEngineExceptionHandler;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.camunda.bpm.engine.rest.exception.RestExceptionHandler;
import org.noticecascade.form.InputException;
import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Bad input answers 400 on every route of /engine-rest. Camunda's REST maps our {@link InputException} to 400 for
 * task and start-form submissions, but other routes (setting a variable, starting a process with variables) wrap it
 * and answer 500. These mappers, ahead of Camunda's own, look for it among the causes; anything else goes on to
 * Camunda's handlers unchanged.
 */
@Configuration(proxyBeanMethods = false)
class EngineRestErrors {

  @Bean
  ResourceConfigCustomizer badInputIs400() {
    return config -> config.register(new WrappedInRest()).register(new WrappedInEngine());
  }

  static Response badInput(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof InputException input) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
            .entity(Map.of("type", "InvalidRequestException", "message", input.getMessage())).build();
      }
    }
    return null;
  }

  @Priority(1000)
  static class WrappedInRest implements ExceptionMapper<RestException> {

    @Override
    public Response toResponse(RestException e) {
      Response bad = badInput(e);
      return bad != null ? bad : new RestExceptionHandler().toResponse(e);
    }
  }

  @Priority(1000)
  static class WrappedInEngine implements ExceptionMapper<ProcessEngineException> {

    @Override
    public Response toResponse(ProcessEngineException e) {
      Response bad = badInput(e);
      return bad != null ? bad : new ProcessEngineExceptionHandler().toResponse(e);
    }
  }
}
