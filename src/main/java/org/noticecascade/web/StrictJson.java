package org.noticecascade.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Our API's JSON bodies may carry only the fields it knows: a misspelt or unsupported field is refused (400, every
 * one named) instead of being dropped unseen. Only Spring MVC's converter changes, and only in MVC's own list (the
 * shared ObjectMapper and the HTTP clients built from it stay as they are). Camunda's REST APIs (/engine-rest and
 * the webapps' /camunda/api) are JAX-RS with their own ObjectMapper: the webapps send fields nobody here models.
 */
@Configuration(proxyBeanMethods = false)
class StrictJson implements WebMvcConfigurer {

  @Override
  public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
    converters.replaceAll(c -> c instanceof MappingJackson2HttpMessageConverter json && !(c instanceof Converter)
        ? new Converter(json.getObjectMapper()) : c);
  }

  /** The fields of one body that its type does not have, as paths ("reportingKinds", "items[0].x"). */
  static final class UnknownFields extends JsonProcessingException {

    private final transient List<String> paths;

    UnknownFields(List<String> paths) {
      super("unknown fields " + paths);
      this.paths = List.copyOf(paths);
    }

    List<String> paths() {
      return paths;
    }
  }

  /** Reads a body noting each unknown field, and refuses it once the whole body has been read. */
  private static final class Converter extends MappingJackson2HttpMessageConverter {

    Converter(ObjectMapper shared) {
      // failing stays the rule for any read that does not collect (Collector declines then)
      super(shared.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).addHandler(new Collector()));
    }

    @Override
    public Object read(Type type, Class<?> contextClass, HttpInputMessage input) throws IOException {
      List<String> unknown = new ArrayList<>();
      Object value;
      try {
        value = getObjectMapper().readerFor(getJavaType(type, contextClass))
            .withAttribute(Collector.class, unknown).readValue(input.getBody());
      } catch (JsonProcessingException e) {
        throw new HttpMessageNotReadableException("JSON parse error: " + e.getOriginalMessage(), e, input);
      }
      if (!unknown.isEmpty()) {
        UnknownFields refused = new UnknownFields(unknown);
        throw new HttpMessageNotReadableException(refused.getMessage(), refused, input);
      }
      return value;
    }
  }

  private static final class Collector extends DeserializationProblemHandler {

    @Override
    @SuppressWarnings("unchecked")
    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
        Object beanOrClass, String propertyName) throws IOException {
      Object unknown = ctxt.getAttribute(Collector.class);
      if (!(unknown instanceof List<?>)) {
        return false;
      }
      // at an object or array value the parser has already entered it: the field belongs to the parent
      JsonStreamContext at = p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY
          ? p.getParsingContext().getParent() : p.getParsingContext();
      ((List<String>) unknown).add(path(at));
      p.skipChildren();
      return true;
    }

    private static String path(JsonStreamContext context) {
      Deque<String> parts = new ArrayDeque<>();
      for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
        parts.push(c.inArray() ? "[" + c.getCurrentIndex() + "]" : "." + c.getCurrentName());
      }
      String path = String.join("", parts);
      return path.startsWith(".") ? path.substring(1) : path;
    }
  }
}
