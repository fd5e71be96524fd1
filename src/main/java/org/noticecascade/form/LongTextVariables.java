package org.noticecascade.form;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.event.HistoricFormPropertyEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.variable.serializer.PrimitiveValueSerializer;
import org.camunda.bpm.engine.impl.variable.serializer.TypedValueSerializer;
import org.camunda.bpm.engine.impl.variable.serializer.ValueFields;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.impl.value.UntypedValueImpl;
import org.camunda.bpm.engine.variable.type.ValueType;
import org.camunda.bpm.engine.variable.value.StringValue;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.noticecascade.support.EngineProperties;
import org.springframework.stereotype.Component;

/**
 * Texts up to the longest form field (20,000 characters: 摘要/正文, 报告内容) as process variables. The engine keeps a
 * String variable in a {@code TEXT_} column of varchar(4000) (ACT_RU_VARIABLE, ACT_HI_VARINST, ACT_HI_DETAIL), so a
 * longer one failed its whole step at flush with a 500. Here a String longer than that goes, as UTF-8, to the
 * variable's byte array (ACT_GE_BYTEARRAY, as the engine stores Bytes and Json values) under a serializer of its own,
 * and reads back as a String: through the Java API, history, REST and Tasklist alike. Shorter ones keep the
 * engine's serializer and rows. A String longer than {@code notice-cascade.engine.max-text-length} is refused as bad
 * input (400) naming the variable, before anything is written.
 *
 * <p>Tasklist submits a form with {@code submit-form}, whose history also records each submitted text as a form
 * property in ACT_HI_DETAIL.TEXT_; such a record is shortened to fit, as the full text is in the variable's own
 * history beside it.
 */
@Component
public class LongTextVariables extends AbstractProcessEnginePlugin {

  /**
   * What the engine's text columns hold on H2 and PostgreSQL, in characters. String.length() counts UTF-16 units,
   * never fewer than the characters (code points) the databases count, so a text this long always fits.
   */
  static final int TEXT_COLUMN = 4000;

  /** Stored in TYPE_/VAR_TYPE_ of the variable rows: renaming it would leave existing rows unreadable. */
  static final String SERIALIZER_NAME = "nc-long-string";

  private final int maxLength;

  LongTextVariables(EngineProperties properties) {
    int maxLength = properties.maxTextLength();
    if (maxLength < TEXT_COLUMN) {
      // shorter texts go to the engine's own serializer, which knows no limit of ours
      throw new IllegalArgumentException("notice-cascade.engine.max-text-length must be at least " + TEXT_COLUMN);
    }
    this.maxLength = maxLength;
  }

  /** The longest text a process variable may hold. */
  public int maxLength() {
    return maxLength;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<TypedValueSerializer> serializers = configuration.getCustomPreVariableSerializers() == null
        ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPreVariableSerializers());
    // first: the engine asks serializers in order and takes the first primitive one that can handle a value
    serializers.add(0, new LongStringSerializer(maxLength));
    configuration.setCustomPreVariableSerializers(serializers);
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    // around whatever handler the engine ended up with (CopiedVariablesHistory's, or its own)
    configuration.setHistoryEventHandler(new FittingFormProperties(configuration.getHistoryEventHandler()));
  }

  /** A String above {@link #TEXT_COLUMN} characters, kept as UTF-8 bytes. */
  static final class LongStringSerializer extends PrimitiveValueSerializer<StringValue> {

    private final int maxLength;

    LongStringSerializer(int maxLength) {
      super(ValueType.STRING);
      this.maxLength = maxLength;
    }

    @Override
    public String getName() {
      return SERIALIZER_NAME;
    }

    /** Only texts too long for TEXT_; the engine's StringValueSerializer, next in line, takes the rest. */
    @Override
    protected boolean canWriteValue(TypedValue value) {
      return value.getValue() instanceof String text && text.length() > TEXT_COLUMN;
    }

    @Override
    public StringValue convertToTypedValue(UntypedValueImpl untypedValue) {
      return Variables.stringValue((String) untypedValue.getValue(), untypedValue.isTransient());
    }

    @Override
    public void writeValue(StringValue value, ValueFields fields) {
      String text = value.getValue();
      // a transient value is never stored (POST /api/notices hands over up to 3,000 unit codes that way)
      if (text.length() > maxLength && !value.isTransient()) {
        throw new InputException(fields.getName(),
            "不得超过 " + maxLength + " 个字（现为 " + text.codePointCount(0, text.length()) + " 个字）");
      }
      fields.setByteArrayValue(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public StringValue readValue(ValueFields fields, boolean asTransientValue) {
      byte[] bytes = fields.getByteArrayValue();
      return Variables.stringValue(bytes == null ? null : new String(bytes, StandardCharsets.UTF_8), asTransientValue);
    }
  }

  /** Shortens a submitted form field's text to what ACT_HI_DETAIL.TEXT_ holds; passes every event on. */
  static final class FittingFormProperties implements HistoryEventHandler {

    private final HistoryEventHandler next;

    FittingFormProperties(HistoryEventHandler next) {
      this.next = next;
    }

    @Override
    public void handleEvent(HistoryEvent event) {
      fit(event);
      next.handleEvent(event);
    }

    @Override
    public void handleEvents(List<HistoryEvent> events) {
      events.forEach(FittingFormProperties::fit);
      next.handleEvents(events);
    }

    private static void fit(HistoryEvent event) {
      if (event instanceof HistoricFormPropertyEventEntity property
          && property.getPropertyValue() instanceof String text && text.length() > TEXT_COLUMN) {
        property.setPropertyValue(shortened(text));
      }
    }

    /** The start of the text and an ellipsis, within the column, never half of a surrogate pair. */
    static String shortened(String text) {
      int end = TEXT_COLUMN - 1;
      if (Character.isHighSurrogate(text.charAt(end - 1))) {
        end--;
      }
      return text.substring(0, end) + "…";
    }
  }
}
